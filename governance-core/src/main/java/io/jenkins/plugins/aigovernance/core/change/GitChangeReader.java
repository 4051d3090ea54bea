package io.jenkins.plugins.aigovernance.core.change;

import io.jenkins.plugins.aigovernance.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads the change between two revisions of a git repository with JGit: added, modified, deleted,
 * renamed and copied files, mode changes, binary files and submodule moves, with line counts, and
 * the commits that make up the change.
 *
 * <p>The change is what {@code head} adds since its merge base with {@code base} (as a pull request
 * shows it); when {@code base} is an ancestor of {@code head} that is simply {@code base..head}.
 */
public final class GitChangeReader {

    /** Commits read at most for one change; older ones are not inspected for provenance. */
    public static final int MAX_COMMITS = 10_000;

    private GitChangeReader() {
    }

    /**
     * Opens the git repository at or above {@code dir}.
     *
     * @throws InvalidInputException when the directory does not exist or is not in a git repository
     */
    public static Repository open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir.toString(), "directory not found");
        }
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile()).setMustExist(true);
            if (b.getGitDir() == null) {
                throw new InvalidInputException(dir.toString(), "not a git repository (no .git found here or in any parent)");
            }
            return b.build();
        } catch (RepositoryNotFoundException e) {
            throw new InvalidInputException(dir.toString(), "not a git repository");
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot open git repository: " + e.getMessage(), e);
        }
    }

    /** Resolves a revision expression to a commit id, or fails naming it. */
    public static ObjectId resolve(Repository repo, String rev) {
        if (rev == null || rev.isBlank()) {
            throw new InvalidInputException("revision", "no revision given");
        }
        try {
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) {
                throw new InvalidInputException(rev, "revision not found in " + where(repo));
            }
            return id;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(rev, "not a valid revision in " + where(repo) + ": " + e.getMessage(), e);
        }
    }

    private static String where(Repository repo) {
        return repo.isBare() ? repo.getDirectory().toString() : repo.getWorkTree().toString();
    }

    /** Reads the change from {@code baseRev} to {@code headRev}. */
    public static ChangeSet read(Repository repo, String baseRev, String headRev) {
        ObjectId headId = resolve(repo, headRev);
        ObjectId baseId = resolve(repo, baseRev);
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(headId);
            RevCommit base = walk.parseCommit(baseId);
            RevCommit mergeBase = mergeBase(walk, base, head);
            if (mergeBase == null) {
                throw new InvalidInputException(baseRev, "has no common history with " + headRev);
            }
            List<FileChange> files = diff(repo, mergeBase, head);
            List<CommitInfo> commits = commits(repo, mergeBase, head);
            return new ChangeSet(mergeBase.name(), head.name(), files, List.of(), commits, List.of());
        } catch (IOException e) {
            throw new InvalidInputException(baseRev + ".." + headRev, "cannot read the change: " + e.getMessage(), e);
        }
    }

    private static RevCommit mergeBase(RevWalk walk, RevCommit base, RevCommit head) throws IOException {
        if (base.equals(head)) {
            return base;
        }
        walk.reset();
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(base);
        walk.markStart(head);
        RevCommit mb = walk.next();
        walk.reset();
        walk.setRevFilter(RevFilter.ALL);
        return mb == null ? null : walk.parseCommit(mb);
    }

    private static List<FileChange> diff(Repository repo, RevCommit base, RevCommit head) throws IOException {
        List<FileChange> out = new ArrayList<>();
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            df.setRepository(repo);
            df.setDiffComparator(RawTextComparator.DEFAULT);
            df.setDetectRenames(true);
            List<DiffEntry> entries = df.scan(base.getTree(), head.getTree());
            for (DiffEntry e : entries) {
                out.add(toFileChange(repo, base, head, df, e));
            }
        }
        out = withLinksTo(repo, head, out);
        out.sort(Comparator.comparing(FileChange::path));
        return out;
    }

    private static FileChange toFileChange(Repository repo, RevCommit base, RevCommit head, DiffFormatter df, DiffEntry e) throws IOException {
        ChangeKind kind = switch (e.getChangeType()) {
            case ADD -> ChangeKind.ADD;
            case MODIFY -> ChangeKind.MODIFY;
            case DELETE -> ChangeKind.DELETE;
            case RENAME -> ChangeKind.RENAME;
            case COPY -> ChangeKind.COPY;
        };
        String path = kind == ChangeKind.DELETE ? e.getOldPath() : e.getNewPath();
        String oldPath = kind == ChangeKind.RENAME || kind == ChangeKind.COPY ? e.getOldPath() : null;
        boolean submodule = e.getOldMode() == FileMode.GITLINK || e.getNewMode() == FileMode.GITLINK;
        int added = 0;
        int deleted = 0;
        boolean binary = false;
        if (!submodule) {
            FileHeader fh = df.toFileHeader(e);
            binary = fh.getPatchType() == FileHeader.PatchType.BINARY || fh.getPatchType() == FileHeader.PatchType.GIT_BINARY;
            for (Edit edit : fh.toEditList()) {
                added += edit.getLengthB();
                deleted += edit.getLengthA();
            }
        }
        List<String> targets = new ArrayList<>();
        if (kind != ChangeKind.ADD && e.getOldMode() == FileMode.SYMLINK) {
            linkTargets(repo, base, e.getOldPath(), e.getOldId(), targets);
        }
        if (kind != ChangeKind.DELETE && e.getNewMode() == FileMode.SYMLINK) {
            linkTargets(repo, head, e.getNewPath(), e.getNewId(), targets);
        }
        return new FileChange(RepositoryPath.normalize(path), oldPath == null ? null : RepositoryPath.normalize(oldPath), kind,
                mode(e.getOldMode(), kind == ChangeKind.ADD), mode(e.getNewMode(), kind == ChangeKind.DELETE),
                blob(e.getOldId(), kind == ChangeKind.ADD), blob(e.getNewId(), kind == ChangeKind.DELETE),
                binary, submodule, added, deleted, targets.stream().distinct().toList());
    }

    /**
     * Adds, to every changed file that a symbolic link in {@code head} points to (directly, or through a
     * link to a folder holding it), that link's path: a governed path that is a link to an ungoverned
     * file is governed through its target ({@code Jenkinsfile -> ci/pipeline.groovy} makes a change of
     * {@code ci/pipeline.groovy} a change of {@code Jenkinsfile}). One walk over the head tree.
     */
    private static List<FileChange> withLinksTo(Repository repo, RevCommit head, List<FileChange> files) throws IOException {
        if (files.isEmpty()) {
            return files;
        }
        java.util.Map<String, List<String>> linksByTarget = new java.util.HashMap<>();
        try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
            walk.addTree(head.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.SYMLINK) {
                    String link = walk.getPathString();
                    String target = resolveLink(link, repo.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(4096));
                    if (target != null) {
                        linksByTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(link);
                    }
                }
            }
        }
        if (linksByTarget.isEmpty()) {
            return files;
        }
        List<FileChange> out = new ArrayList<>(files.size());
        for (FileChange f : files) {
            List<String> via = new ArrayList<>();
            for (String p : f.oldPath() == null ? List.of(f.path()) : List.of(f.path(), f.oldPath())) {
                // the file itself, and every folder above it, may be a link's target
                String at = p;
                String rest = "";
                while (true) {
                    for (String link : linksByTarget.getOrDefault(at, List.of())) {
                        via.add(rest.isEmpty() ? link : link + "/" + rest);
                    }
                    int slash = at.lastIndexOf('/');
                    if (slash < 0) {
                        break;
                    }
                    rest = rest.isEmpty() ? at.substring(slash + 1) : at.substring(slash + 1) + "/" + rest;
                    at = at.substring(0, slash);
                }
            }
            if (via.isEmpty()) {
                out.add(f);
            } else {
                List<String> all = new ArrayList<>(f.linkTargets());
                all.addAll(via);
                out.add(new FileChange(f.path(), f.oldPath(), f.kind(), f.oldMode(), f.newMode(), f.oldBlob(), f.newBlob(), f.binary(),
                        f.submodule(), f.linesAdded(), f.linesDeleted(), all.stream().distinct().toList()));
            }
        }
        return out;
    }

    /** The repository path a link at {@code linkPath} with this target names, or {@code null} (absolute, outside, the root). */
    private static String resolveLink(String linkPath, byte[] raw) {
        String target = new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\\', '/');
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return null;
        }
        int slash = linkPath.lastIndexOf('/');
        java.util.ArrayDeque<String> segs = new java.util.ArrayDeque<>();
        if (slash > 0) {
            for (String s : linkPath.substring(0, slash).split("/")) {
                segs.addLast(s);
            }
        }
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segs.isEmpty()) {
                    return null;
                }
                segs.removeLast();
            } else {
                segs.addLast(s);
            }
        }
        return segs.isEmpty() ? "" : String.join("/", segs);
    }

    /** Most paths a link to a folder stands for; a link to a larger folder is refused (failing closed). */
    public static final int MAX_LINK_FOLDER_FILES = 10_000;

    /**
     * Adds the repository paths a symbolic link's blob names: the target resolved against the link's
     * folder (git stores the target as the blob's bytes) and, when the target is a folder in
     * {@code commit}, every file below it. A target outside the repository (absolute, or climbing
     * above the root) names no repository path.
     */
    private static void linkTargets(Repository repo, RevCommit commit, String linkPath, AbbreviatedObjectId id, List<String> out)
            throws IOException {
        if (id == null || !id.isComplete()) {
            return;
        }
        String resolved = resolveLink(linkPath, repo.open(id.toObjectId(), Constants.OBJ_BLOB).getCachedBytes(4096));
        if (resolved == null) {
            return;
        }
        org.eclipse.jgit.lib.ObjectId folder = null;
        if (resolved.isEmpty()) {
            folder = commit.getTree(); // a link to the repository root
        } else {
            out.add(resolved);
            try (var at = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, resolved, commit.getTree())) {
                if (at != null && at.getFileMode(0) == FileMode.TREE) {
                    folder = at.getObjectId(0);
                }
            }
        }
        if (folder != null) {
            try (var below = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
                below.addTree(folder);
                below.setRecursive(true);
                int n = 0;
                while (below.next()) {
                    if (++n > MAX_LINK_FOLDER_FILES) {
                        throw new InvalidInputException(linkPath, "is a symbolic link to a folder with more than " + MAX_LINK_FOLDER_FILES
                                + " files; the paths it stands for cannot all be checked");
                    }
                    out.add(resolved.isEmpty() ? below.getPathString() : resolved + "/" + below.getPathString());
                }
            }
        }
    }

    private static String mode(FileMode m, boolean absent) {
        return absent || m == FileMode.MISSING ? null : String.format("%06o", m.getBits());
    }

    private static String blob(AbbreviatedObjectId id, boolean absent) {
        return absent || id == null || !id.isComplete() ? null : id.name();
    }

    private static List<CommitInfo> commits(Repository repo, RevCommit base, RevCommit head) throws IOException {
        List<CommitInfo> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(base));
            for (RevCommit c : walk) {
                if (out.size() >= MAX_COMMITS) {
                    break;
                }
                PersonIdent a = c.getAuthorIdent();
                PersonIdent m = c.getCommitterIdent();
                out.add(new CommitInfo(c.name(), a.getName(), a.getEmailAddress(), m.getName(), m.getEmailAddress(),
                        Instant.ofEpochSecond(a.getWhenAsInstant().getEpochSecond()), c.getFullMessage(), c.getParentCount()));
            }
        }
        return out;
    }

    /** Reads a file's bytes at a commit, or {@code null} when it is not there or larger than {@code maxBytes}. */
    public static byte[] readAt(Repository repo, String commit, String path, long maxBytes) {
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(reader, path, c.getTree())) {
                if (tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                    return null;
                }
                var loader = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > maxBytes) {
                    return null;
                }
                return loader.getCachedBytes(Math.toIntExact(maxBytes));
            }
        } catch (IOException e) {
            throw new InvalidInputException(path + "@" + commit, "cannot read file: " + e.getMessage(), e);
        }
    }
}
