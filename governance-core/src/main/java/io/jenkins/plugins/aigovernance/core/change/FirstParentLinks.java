package io.jenkins.plugins.aigovernance.core.change;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The symbolic links of one commit's tree, carried down a first-parent history (newest first) so that
 * reading each commit as the change from its first parent ({@link GitChangeReader#readFromFirstParent})
 * does not walk every head tree to find them. The first commit's tree is walked once; each later step
 * applies the diff just read backwards (a path on the diff's new side is dropped, a link on its old side
 * is added), which gives exactly the links of the first parent's tree, because every path that differs
 * between two trees is in their diff. A commit that is not the first parent of the one before (or a
 * read that failed, {@link #forget()}) makes the next read walk its tree again.
 *
 * <p>Memory: one entry per symbolic link of the tree, never per commit. Not thread-safe: one walk at a time.
 */
public final class FirstParentLinks {

    /** Link path to its resolved repository target ({@code null} for a target outside the repository). */
    private final Map<String, String> targets = new HashMap<>();
    /** The commit whose tree {@link #targets} describes, or {@code null}. */
    private ObjectId at;
    private long treeWalks;

    /** How many head trees were walked in full (one for an unbroken first-parent walk). */
    public long treeWalks() {
        return treeWalks;
    }

    /** Makes the next read walk its tree in full (after a read that did not complete). */
    public void forget() {
        at = null;
        targets.clear();
    }

    /** Links of {@code head}'s tree by the repository path they resolve to (see {@code GitChangeReader.resolveLink}). */
    Map<String, List<String>> linksByTarget(ObjectReader reader, RevCommit head) throws IOException {
        if (!head.getId().equals(at)) {
            targets.clear();
            treeWalks++;
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(head.getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    if (walk.getFileMode(0) == FileMode.SYMLINK) {
                        String link = walk.getPathString();
                        targets.put(link, GitChangeReader.resolveLink(link, reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(4096)));
                    }
                }
            }
            at = head.copy();
        }
        Map<String, List<String>> byTarget = new HashMap<>();
        targets.forEach((link, target) -> {
            if (target != null) {
                byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(link);
            }
        });
        return byTarget;
    }

    /**
     * Moves from {@code head}'s tree to {@code parent}'s, given every entry of the diff {@code parent -> head}
     * as the tree walk reported it (before rename detection).
     */
    void moveToParent(ObjectReader reader, RevCommit head, RevCommit parent, List<DiffEntry> diff) throws IOException {
        if (!head.getId().equals(at)) {
            forget();
            return;
        }
        for (DiffEntry e : diff) {
            if (e.getChangeType() != DiffEntry.ChangeType.DELETE) {
                targets.remove(e.getNewPath());
            }
        }
        for (DiffEntry e : diff) {
            if (e.getChangeType() != DiffEntry.ChangeType.ADD && e.getOldMode() == FileMode.SYMLINK) {
                if (e.getOldId() == null || !e.getOldId().isComplete()) {
                    forget(); // cannot read the old link: walk the parent's tree instead
                    return;
                }
                String link = e.getOldPath();
                targets.put(link, GitChangeReader.resolveLink(link, reader.open(e.getOldId().toObjectId(), Constants.OBJ_BLOB).getCachedBytes(4096)));
            }
        }
        at = parent.copy();
    }
}
