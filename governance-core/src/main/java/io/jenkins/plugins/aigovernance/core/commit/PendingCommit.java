package io.jenkins.plugins.aigovernance.core.commit;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.util.FS;

/**
 * The commit {@code git commit} is about to make, as an object the engine can read: the index
 * (the one {@code GIT_INDEX_FILE} names, as git passes it to hooks for {@code commit -a} and
 * {@code commit <paths>}, else the repository's) written as a tree, in a commit with the message,
 * author and committer, whose parent is {@code HEAD} (for the first commit, an empty-tree commit
 * stands in as the base). The objects are written to the object database unreferenced, as
 * {@code git commit} writes the same trees: nothing points at them, {@code git gc} drops them.
 *
 * @param base the commit the change is measured from ({@code HEAD}, or the empty stand-in)
 * @param head the pending commit
 */
public record PendingCommit(ObjectId base, ObjectId head) {

    /**
     * @param indexFile the index to commit, or {@code null} for the repository's
     * @throws InvalidInputException naming the index when it cannot be read
     */
    public static PendingCommit of(Repository repo, Path indexFile, String message, PersonIdent author, PersonIdent committer) {
        File index = indexFile != null ? indexFile.toFile() : repo.getIndexFile();
        try (ObjectInserter ins = repo.newObjectInserter()) {
            DirCache dc = DirCache.read(index, FS.DETECTED);
            ObjectId tree = dc.writeTree(ins);
            ObjectId base = repo.resolve(Constants.HEAD + "^{commit}");
            if (base == null) {
                CommitBuilder root = new CommitBuilder();
                root.setTreeId(ins.insert(new TreeFormatter()));
                root.setAuthor(committer);
                root.setCommitter(committer);
                root.setMessage("(empty stand-in base of the first commit)\n");
                base = ins.insert(root);
            }
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            cb.setParentId(base);
            cb.setAuthor(author);
            cb.setCommitter(committer);
            cb.setMessage(message);
            ObjectId head = ins.insert(cb);
            ins.flush();
            return new PendingCommit(base, head);
        } catch (IOException e) {
            throw new InvalidInputException(index.toString(), "cannot read the staged change: " + e.getMessage(), e);
        }
    }
}
