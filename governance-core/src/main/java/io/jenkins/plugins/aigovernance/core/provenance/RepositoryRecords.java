package io.jenkins.plugins.aigovernance.core.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.notes.NoteMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What one {@code detect()} call reads from a repository: the notes maps (each read once), commit
 * diffs (lines added against the first parent) and trace-log lines a commit appended. Without a
 * repository every answer is empty.
 */
final class RepositoryRecords implements AutoCloseable {

    static final int MAX_NOTE_BYTES = 1 << 20;
    static final int MAX_TRACE_LOG_BYTES = 16 << 20;
    private static final String TRACE_DIR = ".agent-trace/";

    private final Repository repo;
    private final ObjectReader reader;
    private final RevWalk walk;
    private final Map<String, NoteMap> notes = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private DiffFormatter diff;

    private RepositoryRecords(Repository repo, List<String> notesRefs) {
        this.repo = repo;
        this.reader = repo == null ? null : repo.newObjectReader();
        this.walk = repo == null ? null : new RevWalk(reader);
        if (repo == null) {
            return;
        }
        for (String ref : notesRefs) {
            try {
                Ref r = repo.exactRef(ref);
                if (r != null && r.getObjectId() != null) {
                    notes.put(ref, NoteMap.read(reader, walk.parseCommit(r.getObjectId())));
                }
            } catch (IOException | RuntimeException e) {
                problems.add("cannot read " + ref + ": " + e.getMessage());
            }
        }
    }

    /** Opens the records of {@code repo} (nullable), reading each notes ref once. */
    static RepositoryRecords open(Repository repo, List<String> notesRefs) {
        return new RepositoryRecords(repo, notesRefs);
    }

    /** Notes refs that exist but could not be read. */
    List<String> problems() {
        return problems;
    }

    /** Whether the notes ref exists and was read. */
    boolean hasNotes(String ref) {
        return notes.containsKey(ref);
    }

    /** The note text attached to the commit under {@code ref}, or {@code null}. */
    String note(String ref, String commitId) throws IOException {
        NoteMap map = notes.get(ref);
        ObjectId id = map == null ? null : objectId(commitId);
        if (id == null) {
            return null;
        }
        ObjectId blob = map.get(id);
        if (blob == null) {
            return null;
        }
        try {
            return new String(reader.open(blob).getCachedBytes(MAX_NOTE_BYTES), StandardCharsets.UTF_8);
        } catch (LargeObjectException e) {
            throw new IOException("note is larger than " + MAX_NOTE_BYTES + " bytes", e);
        }
    }

    /**
     * Lines the commit adds against its first parent (all lines for a root commit), renames
     * followed, files under {@code .agent-trace/} left out; empty when the commit is not in the
     * repository.
     */
    OptionalInt addedLines(String commitId) throws IOException {
        RevCommit c = commit(commitId);
        if (c == null) {
            return OptionalInt.empty();
        }
        if (diff == null) {
            diff = new DiffFormatter(DisabledOutputStream.INSTANCE);
            diff.setRepository(repo);
            diff.setDiffComparator(RawTextComparator.DEFAULT);
            diff.setDetectRenames(true);
        }
        RevTree parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0)).getTree();
        long added = 0;
        for (DiffEntry e : diff.scan(parent, c.getTree())) {
            if (e.getChangeType() == DiffEntry.ChangeType.DELETE || e.getNewPath().startsWith(TRACE_DIR)) {
                continue;
            }
            for (Edit edit : diff.toFileHeader(e).toEditList()) {
                added += edit.getLengthB();
            }
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, added));
    }

    /**
     * Non-blank lines of {@link AgentTraceRecord#TRACE_FILE} in the commit that its first parent's
     * version does not have: the trace records committed with this commit.
     */
    List<String> traceLinesAddedBy(String commitId) throws IOException {
        RevCommit c = commit(commitId);
        if (c == null) {
            return List.of();
        }
        ObjectId now = blobAt(c.getTree(), AgentTraceRecord.TRACE_FILE);
        if (now == null) {
            return List.of();
        }
        ObjectId before = c.getParentCount() == 0 ? null
                : blobAt(walk.parseCommit(c.getParent(0)).getTree(), AgentTraceRecord.TRACE_FILE);
        if (now.equals(before)) {
            return List.of();
        }
        Set<String> old = new HashSet<>(before == null ? List.of() : lines(before));
        List<String> out = new ArrayList<>();
        for (String line : lines(now)) {
            if (!line.isBlank() && !old.contains(line)) {
                out.add(line);
            }
        }
        return out;
    }

    private List<String> lines(ObjectId blob) throws IOException {
        try {
            String text = new String(reader.open(blob).getCachedBytes(MAX_TRACE_LOG_BYTES), StandardCharsets.UTF_8);
            return List.of(text.split("\r\n|\r|\n"));
        } catch (LargeObjectException e) {
            throw new IOException(AgentTraceRecord.TRACE_FILE + " is larger than " + MAX_TRACE_LOG_BYTES + " bytes", e);
        }
    }

    private ObjectId blobAt(RevTree tree, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
            return tw == null ? null : tw.getObjectId(0);
        }
    }

    private RevCommit commit(String commitId) throws IOException {
        if (walk == null) {
            return null;
        }
        ObjectId id = objectId(commitId);
        if (id == null) {
            return null;
        }
        try {
            return walk.parseCommit(id);
        } catch (MissingObjectException e) {
            return null;
        }
    }

    private ObjectId objectId(String commitId) throws IOException {
        if (commitId == null || repo == null) {
            return null;
        }
        if (ObjectId.isId(commitId)) {
            return ObjectId.fromString(commitId);
        }
        try {
            return repo.resolve(commitId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (diff != null) {
            diff.close();
        }
        if (walk != null) {
            walk.close();
        }
        if (reader != null) {
            reader.close();
        }
    }
}
