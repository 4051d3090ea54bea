package io.jenkins.plugins.aigovernance.core.change;

import java.util.List;

/**
 * The immutable model of one change: what moved between two revisions, and which infrastructure
 * objects the accompanying plan and manifests touch.
 *
 * @param base      the full id of the base commit ({@code null} when the change has no git side)
 * @param head      the full id of the head commit
 * @param files     changed files, sorted by path
 * @param resources resource changes from plans, manifests and IAM documents
 * @param commits   commits reachable from head but not from base, newest first
 * @param inputs    digests of inputs that are not in git
 * @param notes     facts about how the inputs were read that people must see (incomplete plans, files read
 *                  fail-closed, rename detection that gave up); they never make a change look safer
 */
public record ChangeSet(
        String base,
        String head,
        List<FileChange> files,
        List<ResourceChange> resources,
        List<CommitInfo> commits,
        List<InputDigest> inputs,
        List<InputNote> notes) {

    public ChangeSet {
        files = List.copyOf(files);
        resources = List.copyOf(resources);
        commits = List.copyOf(commits);
        inputs = List.copyOf(inputs);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A change without notes. */
    public ChangeSet(String base, String head, List<FileChange> files, List<ResourceChange> resources, List<CommitInfo> commits,
            List<InputDigest> inputs) {
        this(base, head, files, resources, commits, inputs, List.of());
    }

    /** Total lines added and deleted over all files. */
    public long linesChanged() {
        long n = 0;
        for (FileChange f : files) {
            n += f.linesChanged();
        }
        return n;
    }

    /** This change with more resources and input digests (e.g. a plan read separately). */
    public ChangeSet plus(List<ResourceChange> moreResources, List<InputDigest> moreInputs) {
        List<ResourceChange> r = new java.util.ArrayList<>(resources);
        r.addAll(moreResources);
        List<InputDigest> i = new java.util.ArrayList<>(inputs);
        i.addAll(moreInputs);
        return new ChangeSet(base, head, files, r, commits, i, notes);
    }

    /** This change with more notes. */
    public ChangeSet withNotes(List<InputNote> moreNotes) {
        if (moreNotes.isEmpty()) {
            return this;
        }
        List<InputNote> n = new java.util.ArrayList<>(notes);
        n.addAll(moreNotes);
        return new ChangeSet(base, head, files, resources, commits, inputs, n);
    }
}
