package io.jenkins.plugins.aigovernance.core.change;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

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

    /**
     * Why a base may be missing: a shallow clone (CI checkouts fetch one commit by default) or a repository whose head has
     * no parent; {@code null} when neither.
     */
    static String shortHistoryHint(Repository repo, ObjectId head) {
        try {
            if (!repo.getObjectDatabase().getShallowCommits().isEmpty()) {
                return "this is a shallow clone: fetch more history (git fetch --deepen=50, or --unshallow; in Jenkins, a checkout"
                        + " without shallow clone) or pass --base with a commit that is present";
            }
            try (RevWalk walk = new RevWalk(repo)) {
                if (walk.parseCommit(head).getParentCount() == 0) {
                    return "the head commit has no parent (a repository with one commit): pass --base with another revision";
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String problem(InvalidInputException e) {
        String prefix = e.input() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private static String where(Repository repo) {
        return repo.isBare() ? repo.getDirectory().toString() : repo.getWorkTree().toString();
    }

    /** Reads the change from {@code baseRev} to {@code headRev}. */
    public static ChangeSet read(Repository repo, String baseRev, String headRev) {
        ObjectId headId = resolve(repo, headRev);
        ObjectId baseId;
        try {
            baseId = resolve(repo, baseRev);
        } catch (InvalidInputException e) {
            String hint = shortHistoryHint(repo, headId);
            throw hint == null ? e : new InvalidInputException(baseRev, problem(e) + "; " + hint, e);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(headId);
            RevCommit base = walk.parseCommit(baseId);
            RevCommit mergeBase = mergeBase(walk, base, head);
            if (mergeBase == null) {
                String hint = shortHistoryHint(repo, headId);
                throw new InvalidInputException(baseRev, "has no common history with " + headRev + (hint == null ? "" : "; " + hint));
            }
            List<InputNote> notes = new ArrayList<>();
            List<FileChange> files = diff(repo, mergeBase, head, notes);
            List<CommitInfo> commits = commits(repo, mergeBase, head);
            return new ChangeSet(mergeBase.name(), head.name(), files, List.of(), commits, List.of(), notes);
        } catch (IOException e) {
            throw new InvalidInputException(baseRev + ".." + headRev, "cannot read the change: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code commit} as the change from its first parent, for a walk down first-parent history newest first
     * ({@code aigov backtest}): the same change as {@link #read read(repo, parent, commit)} (the first parent is its own
     * merge base), but the symbolic links of the head tree come from {@code links}, which follows the walk by applying
     * each diff instead of walking every head tree ({@link FirstParentLinks}).
     *
     * @param commit a commit with at least one parent, parsed by any {@link RevWalk} of {@code repo}
     * @throws InvalidInputException naming the commit when it has no parent or cannot be read ({@code links} then walks
     *                               the next head tree in full)
     */
    public static ChangeSet readFromFirstParent(Repository repo, RevCommit commit, FirstParentLinks links) {
        if (commit.getParentCount() == 0) {
            throw new InvalidInputException(commit.name(), "is a root commit: it has no parent to compare with");
        }
        boolean done = false;
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            RevCommit head = walk.parseCommit(commit);
            RevCommit base = walk.parseCommit(head.getParent(0));
            List<InputNote> notes = new ArrayList<>();
            List<DiffEntry> raw = scan(repo, base, head);
            List<FileChange> files = fileChanges(repo, base, head, renames(repo, raw, base.name() + ".." + head.name(), notes));
            if (!files.isEmpty()) {
                files = withLinks(files, links.linksByTarget(reader, head));
            }
            links.moveToParent(reader, head, base, raw);
            files.sort(Comparator.comparing(FileChange::path));
            List<CommitInfo> commits = commits(repo, base, head);
            done = true;
            return new ChangeSet(base.name(), head.name(), files, List.of(), commits, List.of(), notes);
        } catch (IOException e) {
            throw new InvalidInputException(commit.name(), "cannot read the change from its first parent: " + e.getMessage(), e);
        } finally {
            if (!done) {
                links.forget();
            }
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

    private static List<FileChange> diff(Repository repo, RevCommit base, RevCommit head, List<InputNote> notes) throws IOException {
        List<DiffEntry> entries = renames(repo, scan(repo, base, head), base.name() + ".." + head.name(), notes);
        List<FileChange> out = withLinksTo(repo, head, fileChanges(repo, base, head, entries));
        out.sort(Comparator.comparing(FileChange::path));
        return out;
    }

    /**
     * The files that differ between the two commits' trees, as JGit's tree walk reports them (no renames yet). The walk has
     * no repository, so it looks up no {@code .gitattributes} for each file (12 of 14 samples of the walk in a
     * 20,000-file change): the {@code diff} attribute it would attach is read only by JGit's patch formatter.
     */
    private static List<DiffEntry> scan(Repository repo, RevCommit base, RevCommit head) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(base.getTree());
            walk.addTree(head.getTree());
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            return DiffEntry.scan(walk);
        }
    }

    /**
     * Each entry as a {@link FileChange} (a new, mutable list in the entries' order), read on several threads for a
     * large change ({@link ParallelDiff}); line counts from the blobs ({@link LineCounter}, no patch text).
     */
    private static List<FileChange> fileChanges(Repository repo, RevCommit base, RevCommit head, List<DiffEntry> entries)
            throws IOException {
        LineCounter lines = LineCounter.shortest(); // never the git config's diff.algorithm (LineCounter)
        return new ArrayList<>(ParallelDiff.read(repo, entries, (reader, e) -> toFileChange(reader, lines, base, head, e)));
    }

    /**
     * git 2.33+ pairs a deleted and an added file with the same file name, each the only one with that name, when
     * they are at least 75% similar (halfway between the 50% minimum and 100%), before it applies the rename limit.
     *
     * @param kept receives the renames found
     * @return the candidates left
     */
    private static List<DiffEntry> basenameRenames(Repository repo, List<DiffEntry> candidates, List<DiffEntry> kept) throws IOException {
        java.util.Map<String, List<DiffEntry>> deleted = new java.util.HashMap<>();
        java.util.Map<String, List<DiffEntry>> added = new java.util.HashMap<>();
        for (DiffEntry e : candidates) {
            boolean delete = e.getChangeType() == DiffEntry.ChangeType.DELETE;
            String path = delete ? e.getOldPath() : e.getNewPath();
            (delete ? deleted : added).computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), k -> new ArrayList<>(1)).add(e);
        }
        java.util.Set<DiffEntry> paired = new java.util.HashSet<>();
        for (var d : deleted.entrySet()) {
            List<DiffEntry> a = added.get(d.getKey());
            if (d.getValue().size() != 1 || a == null || a.size() != 1) {
                continue;
            }
            RenameDetector pair = new RenameDetector(repo);
            pair.setRenameLimit(0);
            pair.setRenameScore(GIT_RENAME_SCORE + (100 - GIT_RENAME_SCORE) / 2);
            pair.add(d.getValue().get(0));
            pair.add(a.get(0));
            for (DiffEntry r : pair.compute()) {
                if (r.getChangeType() == DiffEntry.ChangeType.RENAME) {
                    kept.add(r);
                    paired.add(d.getValue().get(0));
                    paired.add(a.get(0));
                }
            }
        }
        List<DiffEntry> left = new ArrayList<>(candidates.size() - paired.size());
        for (DiffEntry e : candidates) {
            if (!paired.contains(e)) {
                left.add(e);
            }
        }
        return left;
    }

    /** git's default {@code diff.renameLimit}. */
    static final int GIT_RENAME_LIMIT = 1000;
    /** git's default similarity for {@code -M}: 50%. */
    static final int GIT_RENAME_SCORE = 50;

    /**
     * Finds renames as {@code git diff -M} does: exact renames (same blob) always; then files with the same unique file
     * name at least 75% similar; then renames with edits (50% similar) among the files left, unless there are too many candidates for {@code diff.renameLimit} (default 1000): git gives up
     * when {@code sources × destinations > limit²} (diffcore-rename.c), and so does this, with a
     * {@link InputNote.Kind#RENAMES_NOT_DETECTED} note. (JGit alone stops at 400 files on either side, silently.)
     */
    static List<DiffEntry> renames(Repository repo, List<DiffEntry> entries, String range, List<InputNote> notes) throws IOException {
        int limit = repo.getConfig().getInt("diff", "renameLimit", GIT_RENAME_LIMIT);
        RenameDetector exact = new RenameDetector(repo);
        exact.setRenameLimit(-1); // exact renames only: content detection never runs below a negative limit
        exact.addAll(entries);
        List<DiffEntry> afterExact = exact.compute();
        List<DiffEntry> kept = new ArrayList<>();
        List<DiffEntry> candidates = new ArrayList<>();
        long sources = 0;
        long destinations = 0;
        for (DiffEntry e : afterExact) {
            switch (e.getChangeType()) {
                case ADD -> {
                    destinations++;
                    candidates.add(e);
                }
                case DELETE -> {
                    sources++;
                    candidates.add(e);
                }
                default -> kept.add(e);
            }
        }
        if (sources == 0 || destinations == 0) {
            return afterExact;
        }
        candidates = basenameRenames(repo, candidates, kept);
        sources = candidates.stream().filter(e -> e.getChangeType() == DiffEntry.ChangeType.DELETE).count();
        destinations = candidates.size() - sources;
        if (sources == 0 || destinations == 0) {
            kept.addAll(candidates);
            return kept;
        }
        if (limit > 0 && (sources > limit && destinations > limit || sources * destinations > (long) limit * limit)) {
            notes.add(new InputNote(InputNote.Kind.RENAMES_NOT_DETECTED, range, "rename detection gave up, as git diff -M does: "
                    + sources + " deleted and " + destinations + " added files are too many for diff.renameLimit " + limit
                    + "; renamed files with edits are listed as deleted and added (exact renames were found); raise "
                    + "diff.renameLimit in the repository's git config to detect them"));
            kept.addAll(candidates);
            return kept;
        }
        RenameDetector content = new RenameDetector(repo);
        content.setRenameLimit(0); // the limit is checked above, git's way
        content.setRenameScore(GIT_RENAME_SCORE);
        content.addAll(candidates);
        kept.addAll(content.compute());
        return kept;
    }

    private static FileChange toFileChange(ObjectReader reader, LineCounter lines, RevCommit base, RevCommit head, DiffEntry e)
            throws IOException {
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
            LineCounter.Count count = lines.count(reader, e);
            binary = count.binary();
            added = count.added();
            deleted = count.deleted();
        }
        List<String> targets = new ArrayList<>();
        if (kind != ChangeKind.ADD && e.getOldMode() == FileMode.SYMLINK) {
            linkTargets(reader, base, e.getOldPath(), e.getOldId(), targets);
        }
        if (kind != ChangeKind.DELETE && e.getNewMode() == FileMode.SYMLINK) {
            linkTargets(reader, head, e.getNewPath(), e.getNewId(), targets);
        }
        return new FileChange(RepositoryPath.normalize(path), oldPath == null ? null : RepositoryPath.normalize(oldPath), kind,
                mode(e.getOldMode(), kind == ChangeKind.ADD), mode(e.getNewMode(), kind == ChangeKind.DELETE),
                blob(e.getOldId(), kind == ChangeKind.ADD), blob(e.getNewId(), kind == ChangeKind.DELETE),
                binary, submodule, added, deleted, targets.isEmpty() ? List.of() : targets.stream().distinct().toList());
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
        return withLinks(files, linksByTarget(repo, head));
    }

    /** The symbolic links of {@code head}'s tree by the repository path they resolve to: one walk over the tree. */
    private static java.util.Map<String, List<String>> linksByTarget(Repository repo, RevCommit head) throws IOException {
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
        return linksByTarget;
    }

    /** {@code files} with, on each one a link points to (or to a folder above it), that link's path ({@link #withLinksTo}). */
    private static List<FileChange> withLinks(List<FileChange> files, java.util.Map<String, List<String>> linksByTarget) {
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
    static String resolveLink(String linkPath, byte[] raw) {
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
    private static void linkTargets(ObjectReader reader, RevCommit commit, String linkPath, AbbreviatedObjectId id, List<String> out)
            throws IOException {
        if (id == null || !id.isComplete()) {
            return;
        }
        String resolved = resolveLink(linkPath, reader.open(id.toObjectId(), Constants.OBJ_BLOB).getCachedBytes(4096));
        if (resolved == null) {
            return;
        }
        org.eclipse.jgit.lib.ObjectId folder = null;
        if (resolved.isEmpty()) {
            folder = commit.getTree(); // a link to the repository root
        } else {
            out.add(resolved);
            try (var at = org.eclipse.jgit.treewalk.TreeWalk.forPath(reader, resolved, commit.getTree())) {
                if (at != null && at.getFileMode(0) == FileMode.TREE) {
                    folder = at.getObjectId(0);
                }
            }
        }
        if (folder != null) {
            try (var below = new org.eclipse.jgit.treewalk.TreeWalk(reader)) {
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

    /**
     * A git file mode as six octal digits ({@code 100644}), as git writes it; {@code null} when absent. Git's five modes are
     * constants (a 20,000-file change formatted each with {@code String.format}, about 5% of the run); others are padded.
     */
    static String mode(FileMode m, boolean absent) {
        if (absent || m == FileMode.MISSING) {
            return null;
        }
        return switch (m.getBits()) {
            case 0100644 -> "100644";
            case 0100755 -> "100755";
            case 0120000 -> "120000";
            case 0160000 -> "160000";
            case 0040000 -> "040000";
            default -> {
                String octal = Integer.toOctalString(m.getBits());
                yield octal.length() >= 6 ? octal : "0".repeat(6 - octal.length()) + octal;
            }
        };
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
