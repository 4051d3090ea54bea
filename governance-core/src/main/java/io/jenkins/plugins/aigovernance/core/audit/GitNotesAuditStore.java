package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import io.jenkins.plugins.aigovernance.core.provenance.MalformedGovernanceBlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.notes.NoteMapMerger;
import org.eclipse.jgit.notes.NoteMerger;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.notes.Note;
import org.eclipse.jgit.notes.NoteMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Keeps the governance block of deployed changes as git notes on their commits, under
 * {@code refs/notes/ai-governance} (or the policy's {@code audit.notesRef}), so the audit trail
 * travels with the repository ({@code git log --notes=ai-governance}).
 *
 * <p>Writing merges ({@link GovernanceBlock#mergeInto(String)}): an existing note keeps all its text
 * and only its {@code [AI-GOVERNANCE]} block is replaced (fields not given keep their old values) or
 * added. A note whose block cannot be read — an unknown key, a line that is not {@code key: value},
 * an unterminated or second block — is neither overwritten nor "repaired": writing and reading it
 * fail with an {@link InvalidInputException} naming the commit and the problem, and the note stays
 * as it is (governance fails closed and never drops content; the provenance detector reads such a
 * block as unknown provenance too). Fix it with {@code git notes --ref=ai-governance edit <commit>}.
 *
 * <p>Every move of the notes ref is a compare-and-swap; a writer that lost the race waits
 * ({@link Backoff}, exponential with full jitter) and redoes its work on top of the other writer's.
 * Several writers (clones, controllers) reconcile with {@link #merge(String, PersonIdent)}: a
 * three-way merge of the two notes histories (JGit's {@link NoteMapMerger}) in which the notes both
 * sides changed are combined field by field ({@link GovernanceBlock#combineTexts}), never dropping a
 * field; {@link #fetch} and {@link #push} move the notes to and from a remote with that merge. Only
 * the one notes ref is ever written: other notes (git-ai's {@code refs/notes/ai}) are left alone.
 */
public final class GitNotesAuditStore {

    /** The notes ref the governance blocks live under. */
    public static final String NOTES_REF = "refs/notes/ai-governance";

    private final Repository repository;
    private final String notesRef;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Backoff.Pause pause;

    public GitNotesAuditStore(Repository repository) {
        this(repository, NOTES_REF);
    }

    public GitNotesAuditStore(Repository repository, String notesRef) {
        this(repository, notesRef, Backoff.STANDARD, new SplittableRandom(), Backoff.Pause.sleeping());
    }

    /**
     * @param backoff how often to try a lost compare-and-swap again, and how long to wait
     * @param random  draws the jittered waits
     * @param pause   waits ({@link Backoff.Pause#sleeping()} in production)
     */
    public GitNotesAuditStore(Repository repository, String notesRef, Backoff backoff, RandomGenerator random, Backoff.Pause pause) {
        if (!notesRef.startsWith("refs/notes/") || !Repository.isValidRefName(notesRef)) {
            throw new IllegalArgumentException("notes ref must be a valid ref under refs/notes/: " + notesRef);
        }
        this.repository = repository;
        this.notesRef = notesRef;
        this.backoff = backoff;
        this.random = random;
        this.pause = pause;
    }

    /** The notes ref this store writes. */
    public String notesRef() {
        return notesRef;
    }

    /**
     * The ref {@link #fetch} keeps a remote's notes under: {@code refs/notes/remotes/<remote>/<name>}
     * for {@code refs/notes/<name>} (the layout the docs' refspec uses with plain git).
     */
    public String trackingRef(String remote) {
        return "refs/notes/remotes/" + remote + "/" + notesRef.substring("refs/notes/".length());
    }

    /**
     * Writes (merges) the block into the note of {@code commit}; returns the note's new text.
     *
     * @throws InvalidInputException when {@code commit} is not a commit of the repository, its note
     *         has a block that cannot be read (nothing is written), or the notes ref cannot be updated
     */
    public String write(AnyObjectId commit, GovernanceBlock block, PersonIdent who) {
        try {
            for (int attempt = 1; ; attempt++) {
                Ref ref = repository.exactRef(notesRef);
                try (RevWalk rw = new RevWalk(repository); ObjectReader reader = repository.newObjectReader();
                        ObjectInserter inserter = repository.newObjectInserter()) {
                    rw.parseCommit(commit); // must be a commit of this repository
                    RevCommit notesCommit = ref == null ? null : rw.parseCommit(ref.getObjectId());
                    NoteMap map = notesCommit == null ? NoteMap.newEmptyMap() : NoteMap.read(reader, notesCommit);
                    String old = text(reader, map.getNote(commit));
                    String merged = merge(commit, block, old);
                    if (merged.equals(old)) {
                        return merged;
                    }
                    map.set(commit, merged, inserter);
                    ObjectId created = commit(inserter, map.writeTree(inserter), who,
                            "AI governance summary for " + commit.name() + "\n", notesCommit);
                    if (move(rw, ref, created, "aigov: governance note for " + commit.name())) {
                        return merged;
                    }
                }
                retryAfter(attempt);
            }
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new InvalidInputException(commit.name(), "not a commit of " + repository.getDirectory(), e);
        } catch (IOException e) {
            throw new InvalidInputException(repository.getDirectory().toString(), "cannot write git note: " + e.getMessage(), e);
        }
    }

    /**
     * What a merge of another notes ref into this store's did.
     *
     * @param outcome  {@code up-to-date} (nothing new), {@code fast-forward} (ours had nothing theirs
     *                 lacks) or {@code merged} (a merge commit with both as parents)
     * @param head     the notes commit the ref points at afterwards ({@code null} when neither has notes)
     * @param combined how many notes both sides had changed and were combined field by field
     */
    public record NotesMerge(String outcome, String head, int combined) {
    }

    /**
     * Merges the notes under {@code otherRef} (e.g. {@link #trackingRef fetched from a remote})
     * into this store's notes ref: notes only one side changed are taken as they are; a note both
     * changed is {@link GovernanceBlock#combineTexts combined} field by field; a note the other side
     * removed is kept (the trail only grows: a remote cannot delete our notes by a merge, and a
     * fast-forward that would drop one becomes a merge that keeps it). {@code otherRef} itself is
     * not changed.
     *
     * @throws InvalidInputException when {@code otherRef} is not under {@code refs/notes/} or does not exist, a note both sides changed
     *         has a block that cannot be read (nothing is written; the error names the commit), or
     *         the notes ref cannot be updated
     */
    public NotesMerge merge(String otherRef, PersonIdent who) {
        if (otherRef == null || !otherRef.startsWith("refs/notes/") || !Repository.isValidRefName(otherRef)) {
            // a branch's tree read as notes would bring its files into the notes ref
            throw new InvalidInputException(String.valueOf(otherRef), "not a notes ref: expected a ref under refs/notes/");
        }
        try {
            Ref theirsRef = repository.exactRef(otherRef);
            if (theirsRef == null) {
                throw new InvalidInputException(otherRef, "no such ref in " + repository.getDirectory());
            }
            for (int attempt = 1; ; attempt++) {
                Ref ref = repository.exactRef(notesRef);
                try (RevWalk rw = new RevWalk(repository); ObjectReader reader = repository.newObjectReader();
                        ObjectInserter inserter = repository.newObjectInserter()) {
                    RevCommit theirs = rw.parseCommit(theirsRef.getObjectId());
                    RevCommit ours = ref == null ? null : rw.parseCommit(ref.getObjectId());
                    if (ours != null && rw.isMergedInto(theirs, ours)) {
                        return new NotesMerge("up-to-date", ours.name(), 0);
                    }
                    String outcome;
                    ObjectId target;
                    CombiningNoteMerger combiner = new CombiningNoteMerger();
                    NoteMap theirsMap = NoteMap.read(reader, theirs);
                    NoteMap oursMap = ours == null ? NoteMap.newEmptyMap() : NoteMap.read(reader, ours);
                    if (ours == null || (rw.isMergedInto(ours, rw.parseCommit(theirs)) && keepsAll(oursMap, theirsMap))) {
                        outcome = "fast-forward";
                        target = theirs;
                    } else {
                        rw.reset();
                        rw.setRevFilter(RevFilter.MERGE_BASE);
                        rw.markStart(rw.parseCommit(ours));
                        rw.markStart(rw.parseCommit(theirs));
                        RevCommit base = rw.next();
                        rw.reset();
                        rw.setRevFilter(RevFilter.ALL);
                        NoteMap baseMap = base == null ? NoteMap.newEmptyMap() : NoteMap.read(reader, rw.parseCommit(base));
                        NoteMap merged = new NoteMapMerger(repository, combiner, MergeStrategy.RESOLVE).merge(baseMap, oursMap, theirsMap);
                        // an audit trail only grows: a note the other side removed is kept as ours has it
                        for (Note note : oursMap) {
                            if (!merged.contains(note)) {
                                merged.set(note, note.getData());
                            }
                        }
                        target = commit(inserter, merged.writeTree(inserter), who, "Merge " + otherRef + " into " + notesRef + "\n", ours,
                                theirs);
                        outcome = "merged";
                    }
                    if (move(rw, ref, target, "aigov: merge " + otherRef)) {
                        return new NotesMerge(outcome, target.name(), combiner.combined);
                    }
                }
                retryAfter(attempt);
            }
        } catch (IOException e) {
            throw new InvalidInputException(repository.getDirectory().toString(), "cannot merge git notes: " + e.getMessage(), e);
        }
    }

    /**
     * Fetches the remote's notes ref into {@link #trackingRef(String)} and merges it into ours.
     * A remote without the notes ref leaves everything as it is ({@code up-to-date}).
     *
     * @param remote a configured remote's name or a URL
     * @throws InvalidInputException when the remote cannot be reached or the merge fails
     */
    public NotesMerge fetch(String remote, PersonIdent who) {
        String tracking = trackingRef(remote.matches("[A-Za-z0-9._-]+") ? remote : "url");
        try (Git git = Git.wrap(repository)) {
            boolean present = git.lsRemote().setRemote(remote).setHeads(false).setTags(false).call().stream()
                    .anyMatch(r -> r.getName().equals(notesRef));
            if (!present) {
                Ref ours = repository.exactRef(notesRef);
                return new NotesMerge("up-to-date", ours == null ? null : ours.getObjectId().name(), 0);
            }
            git.fetch().setRemote(remote).setRefSpecs(new RefSpec("+" + notesRef + ":" + tracking)).call();
        } catch (GitAPIException | IOException e) {
            throw new InvalidInputException(remote, "cannot fetch " + notesRef + ": " + e.getMessage(), e);
        }
        return merge(tracking, who);
    }

    /**
     * Publishes the notes: {@link #fetch fetches and merges} the remote's notes, then pushes ours
     * (a fast-forward, never forced). When another writer pushed in between, it waits
     * ({@link Backoff}) and does it again.
     *
     * @return the notes commit the remote has afterwards, or {@code null} when there are no notes
     * @throws InvalidInputException when the remote cannot be reached, refuses the push for another
     *         reason, or kept moving for every attempt
     */
    public String push(String remote, PersonIdent who) {
        for (int attempt = 1; ; attempt++) {
            fetch(remote, who);
            try (Git git = Git.wrap(repository)) {
                Ref ours = repository.exactRef(notesRef);
                if (ours == null) {
                    return null;
                }
                RemoteRefUpdate.Status status = null;
                String message = null;
                for (PushResult result : git.push().setRemote(remote).setRefSpecs(new RefSpec(notesRef + ":" + notesRef)).call()) {
                    RemoteRefUpdate update = result.getRemoteUpdate(notesRef);
                    if (update != null) {
                        status = update.getStatus();
                        message = update.getMessage();
                    }
                }
                if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                    return ours.getObjectId().name();
                }
                if (status != RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD && status != RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED) {
                    throw new InvalidInputException(remote, "the remote refused " + notesRef + ": " + status + (message == null ? "" : " (" + message + ")"));
                }
            } catch (GitAPIException | IOException e) {
                throw new InvalidInputException(remote, "cannot push " + notesRef + ": " + e.getMessage(), e);
            }
            retryAfter(attempt);
        }
    }

    /** Whether every note of {@code ours} is still in {@code theirs}. */
    private static boolean keepsAll(NoteMap ours, NoteMap theirs) throws IOException {
        for (Note note : ours) {
            if (!theirs.contains(note)) {
                return false;
            }
        }
        return true;
    }

    private ObjectId commit(ObjectInserter inserter, ObjectId tree, PersonIdent who, String message, AnyObjectId... parents)
            throws IOException {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        for (AnyObjectId parent : parents) {
            if (parent != null) {
                cb.addParentId(parent);
            }
        }
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message);
        ObjectId created = inserter.insert(cb);
        inserter.flush();
        return created;
    }

    /** Compare-and-swap of the notes ref from {@code expected} to {@code target}: false when another writer moved it. */
    private boolean move(RevWalk rw, Ref expected, ObjectId target, String reflog) throws IOException {
        RefUpdate ru = repository.updateRef(notesRef);
        ru.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected.getObjectId());
        ru.setNewObjectId(target);
        ru.setRefLogMessage(reflog, true);
        RefUpdate.Result result = ru.update(rw);
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> true;
            case LOCK_FAILURE, REJECTED -> false; // someone else moved the notes ref: redo on top of theirs
            default -> throw new InvalidInputException(repository.getDirectory().toString(), "cannot update " + notesRef + ": " + result);
        };
    }

    /** Waits before attempt {@code attempt + 1}, or gives up after the last one. */
    private void retryAfter(int attempt) {
        if (attempt >= backoff.attempts()) {
            throw new InvalidInputException(repository.getDirectory().toString(),
                    notesRef + " kept moving; gave up after " + backoff.attempts() + " attempts");
        }
        try {
            pause.sleep(backoff.delay(attempt, random));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException(repository.getDirectory().toString(), "interrupted while waiting to update " + notesRef, e);
        }
    }

    /** Combines the notes both sides changed; counts them. One instance per merge. */
    private final class CombiningNoteMerger implements NoteMerger {
        int combined;

        @Override
        public Note merge(Note base, Note ours, Note theirs, ObjectReader reader, ObjectInserter inserter) throws IOException {
            if (ours == null || theirs == null) {
                return ours == null ? theirs : ours; // one side removed it, the other kept it: keep it
            }
            String a = text(reader, ours);
            String b = text(reader, theirs);
            String merged;
            try {
                merged = GovernanceBlock.combineTexts(a, b);
            } catch (MalformedGovernanceBlockException e) {
                throw new InvalidInputException(notesRef + " note on commit " + ours.name(), e.getMessage()
                        + "; nothing was merged; fix the note on both sides with: git notes --ref=" + notesRef + " edit " + ours.name(), e);
            }
            combined++;
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, merged.getBytes(StandardCharsets.UTF_8));
            return new Note(ours, blob);
        }
    }

    /** The whole note text on {@code commit}, if it has one. */
    public Optional<String> readNote(AnyObjectId commit) {
        try {
            Ref ref = repository.exactRef(notesRef);
            if (ref == null) {
                return Optional.empty();
            }
            try (RevWalk rw = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
                NoteMap map = NoteMap.read(reader, rw.parseCommit(ref.getObjectId()));
                return Optional.ofNullable(text(reader, map.getNote(commit)));
            }
        } catch (IOException e) {
            throw new InvalidInputException(repository.getDirectory().toString(), "cannot read git notes: " + e.getMessage(), e);
        }
    }

    /**
     * The governance block in the note on {@code commit}, if there is one.
     *
     * @throws InvalidInputException when the note has a block that cannot be read
     */
    public Optional<GovernanceBlock> read(AnyObjectId commit) {
        Optional<String> note = readNote(commit);
        try {
            return note.flatMap(GovernanceBlock::parse);
        } catch (MalformedGovernanceBlockException e) {
            throw malformed(commit, e, "");
        }
    }

    private String merge(AnyObjectId commit, GovernanceBlock block, String note) {
        try {
            return block.mergeInto(note);
        } catch (MalformedGovernanceBlockException e) {
            throw malformed(commit, e, "nothing was written; ");
        }
    }

    private InvalidInputException malformed(AnyObjectId commit, MalformedGovernanceBlockException e, String consequence) {
        return new InvalidInputException(notesRef + " note on commit " + commit.name(), e.getMessage() + "; " + consequence
                + "fix the note with: git notes --ref=" + notesRef + " edit " + commit.name(), e);
    }

    private static String text(ObjectReader reader, Note note) throws IOException {
        return note == null ? null : new String(reader.open(note.getData()).getBytes(), StandardCharsets.UTF_8);
    }
}
