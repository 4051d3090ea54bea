package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.audit.GitNotesAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.GovernanceNotes;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aigov notes show|merge|fetch|push}: the governance git notes ({@code refs/notes/ai-governance}
 * or the policy's {@code audit.notesRef}) for teams with several writers. Only that ref (and its
 * remote-tracking copy under {@code refs/notes/remotes/}) is ever written.
 */
@Command(name = "notes", mixinStandardHelpOptions = true,
        description = "Show, merge, fetch and push the governance git notes; merging combines two writers' blocks field by field.",
        subcommands = {NotesCommand.Show.class, NotesCommand.Merge.class, NotesCommand.Fetch.class, NotesCommand.Push.class})
final class NotesCommand {

    /** {@code --repo}, {@code --ref}, {@code --policy}: where the notes are. */
    static final class NotesOptions {
        @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Git repository (default: ${DEFAULT-VALUE}).")
        Path repo;

        @Option(names = "--ref", paramLabel = "REF",
                description = "Notes ref (default: the policy's audit.notesRef, else refs/notes/ai-governance).")
        String ref;

        @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: .ai-governance.yml at HEAD, else built-in).")
        Path policy;

        GitNotesAuditStore store(Repository repo) {
            String r = ref != null ? ref : GovernanceNotes.policyAt(repo, "HEAD", policy).notesRef();
            if (!r.startsWith("refs/notes/") || !Repository.isValidRefName(r)) {
                throw new InvalidInputException("--ref", "expected a valid ref under refs/notes/, not '" + r + "'");
            }
            return new GitNotesAuditStore(repo, r);
        }
    }

    /** {@code aigov notes show COMMIT}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the governance note on a commit (--json: its block's fields). Exit 1 when it has none.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NotesOptions notes;
        @Mixin
        OutputOptions output;

        @Parameters(paramLabel = "REV", defaultValue = "HEAD", description = "The commit (default: ${DEFAULT-VALUE}).")
        String revision;

        @Override
        public Integer call() throws IOException {
            try (Repository repo = NotesRepository.open(notes.repo)) {
                GitNotesAuditStore store = notes.store(repo);
                ObjectId commit = resolve(repo, revision);
                Optional<String> text = store.readNote(commit);
                PrintWriter out = spec.commandLine().getOut();
                if (text.isEmpty()) {
                    spec.commandLine().getErr().printf("aigov: %s: no note under %s%n", commit.name(), store.notesRef());
                    return ExitCode.GATE_FAILED;
                }
                if (output.json) {
                    OutputOptions.writeJson(out, store.read(commit).orElseGet(GovernanceBlock::empty).fields());
                } else {
                    store.read(commit); // a block that cannot be read is an error naming the commit
                    out.print(text.get());
                }
                return ExitCode.OK;
            }
        }
    }

    /** {@code aigov notes merge REF}. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge another notes ref (e.g. refs/notes/remotes/origin/ai-governance) into ours; "
                    + "notes both changed are combined field by field, never losing one.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NotesOptions notes;
        @Mixin
        OutputOptions output;

        @Parameters(paramLabel = "REF", description = "The notes ref to merge in.")
        String other;

        @Override
        public Integer call() throws IOException {
            try (Repository repo = NotesRepository.open(notes.repo)) {
                GitNotesAuditStore store = notes.store(repo);
                GitNotesAuditStore.NotesMerge m = store.merge(other, NotesRepository.writer(repo));
                output.print(spec.commandLine().getOut(), m, (out, r) -> report(out, store.notesRef(), other, r));
                return ExitCode.OK;
            }
        }
    }

    /** {@code aigov notes fetch [--remote NAME]}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch the remote's notes into refs/notes/remotes/REMOTE/… and merge them into ours.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NotesOptions notes;
        @Mixin
        OutputOptions output;

        @Option(names = "--remote", defaultValue = "origin", paramLabel = "NAME", description = "Remote name or URL (default: ${DEFAULT-VALUE}).")
        String remote;

        @Override
        public Integer call() throws IOException {
            try (Repository repo = NotesRepository.open(notes.repo)) {
                GitNotesAuditStore store = notes.store(repo);
                GitNotesAuditStore.NotesMerge m = store.fetch(remote, NotesRepository.writer(repo));
                output.print(spec.commandLine().getOut(), m, (out, r) -> report(out, store.notesRef(), remote, r));
                return ExitCode.OK;
            }
        }
    }

    /** {@code aigov notes push [--remote NAME]}. */
    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Fetch and merge the remote's notes, then push ours (never forced); retried with back-off when another writer pushed first.")
    static final class Push implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NotesOptions notes;

        @Option(names = "--remote", defaultValue = "origin", paramLabel = "NAME", description = "Remote name or URL (default: ${DEFAULT-VALUE}).")
        String remote;

        @Override
        public Integer call() throws IOException {
            try (Repository repo = NotesRepository.open(notes.repo)) {
                GitNotesAuditStore store = notes.store(repo);
                String head = store.push(remote, NotesRepository.writer(repo));
                spec.commandLine().getOut().printf(head == null ? "%s: no notes to push%n" : "%s: %s is at %s%n", store.notesRef(), remote,
                        head);
                return ExitCode.OK;
            }
        }
    }

    private static void report(PrintWriter out, String ref, String from, GitNotesAuditStore.NotesMerge m) {
        out.printf("%s: %s with %s%s%n", ref, m.outcome(), from, m.combined() == 0 ? "" : ", " + m.combined() + " note"
                + (m.combined() == 1 ? "" : "s") + " combined field by field");
    }

    static ObjectId resolve(Repository repo, String revision) {
        try {
            ObjectId id = repo.resolve(revision + "^{commit}");
            if (id == null) {
                throw new InvalidInputException(revision, "unknown revision in " + repo.getDirectory());
            }
            return id;
        } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new InvalidInputException(revision, "unknown revision: " + e.getMessage(), e);
        }
    }
}
