package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import io.jenkins.plugins.aigovernance.core.provenance.MalformedGovernanceBlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
 * {@code refs/notes/ai-governance}, so the audit trail travels with the repository
 * ({@code git notes --ref=ai-governance show <commit>}; push with
 * {@code git push origin refs/notes/ai-governance}).
 *
 * <p>Writing merges ({@link GovernanceBlock#mergeInto(String)}): an existing note keeps all its text
 * and only its {@code [AI-GOVERNANCE]} block is replaced (fields not given keep their old values) or
 * added. A note whose block cannot be read — an unknown key, a line that is not {@code key: value},
 * an unterminated or second block — is neither overwritten nor "repaired": writing and reading it
 * fail with an {@link InvalidInputException} naming the commit and the problem, and the note stays
 * as it is (governance fails closed and never drops content; the provenance detector reads such a
 * block as unknown provenance too). Fix it with {@code git notes --ref=ai-governance edit <commit>}.
 *
 * <p>The notes ref is moved with a compare-and-swap; when another writer moved it meanwhile, the
 * merge is redone on top of theirs.
 */
public final class GitNotesAuditStore {

    /** The notes ref the governance blocks live under. */
    public static final String NOTES_REF = "refs/notes/ai-governance";

    private static final int ATTEMPTS = 10;

    private final Repository repository;
    private final String notesRef;

    public GitNotesAuditStore(Repository repository) {
        this(repository, NOTES_REF);
    }

    public GitNotesAuditStore(Repository repository, String notesRef) {
        if (!notesRef.startsWith("refs/notes/")) {
            throw new IllegalArgumentException("notes ref must start with refs/notes/: " + notesRef);
        }
        this.repository = repository;
        this.notesRef = notesRef;
    }

    /**
     * Writes (merges) the block into the note of {@code commit}; returns the note's new text.
     *
     * @throws InvalidInputException when {@code commit} is not a commit of the repository, its note
     *         has a block that cannot be read (nothing is written), or the notes ref cannot be updated
     */
    public String write(AnyObjectId commit, GovernanceBlock block, PersonIdent who) {
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
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
                    CommitBuilder cb = new CommitBuilder();
                    cb.setTreeId(map.writeTree(inserter));
                    if (notesCommit != null) {
                        cb.setParentId(notesCommit);
                    }
                    cb.setAuthor(who);
                    cb.setCommitter(who);
                    cb.setMessage("AI governance summary for " + commit.name() + "\n");
                    ObjectId created = inserter.insert(cb);
                    inserter.flush();
                    RefUpdate ru = repository.updateRef(notesRef);
                    ru.setExpectedOldObjectId(ref == null ? ObjectId.zeroId() : ref.getObjectId());
                    ru.setNewObjectId(created);
                    ru.setRefLogMessage("aigov: governance note for " + commit.name(), true);
                    RefUpdate.Result result = ru.update(rw);
                    switch (result) {
                        case NEW, FAST_FORWARD, FORCED -> {
                            return merged;
                        }
                        case LOCK_FAILURE, REJECTED -> {
                            // someone else moved the notes ref: merge again on top of theirs
                        }
                        default -> throw new InvalidInputException(repository.getDirectory().toString(),
                                "cannot update " + notesRef + ": " + result);
                    }
                }
            }
            throw new InvalidInputException(repository.getDirectory().toString(), notesRef + " kept moving; gave up after " + ATTEMPTS + " attempts");
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new InvalidInputException(commit.name(), "not a commit of " + repository.getDirectory(), e);
        } catch (IOException e) {
            throw new InvalidInputException(repository.getDirectory().toString(), "cannot write git note: " + e.getMessage(), e);
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
