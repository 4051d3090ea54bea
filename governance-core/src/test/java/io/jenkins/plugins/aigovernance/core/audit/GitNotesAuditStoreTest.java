package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitNotesAuditStoreTest {

    @TempDir
    Path dir;

    private RevCommit commit;
    private final PersonIdent bot = new PersonIdent("aigov", "aigov@example.com");

    private final GovernanceBlock deployed = GovernanceBlock.of(ChangeSource.AI_AGENT).withRiskTier("HIGH").withBlastRadius(42)
            .withApprovedBy("alice, bob").withApprovedAt(Instant.parse("2026-03-01T10:00:00Z"))
            .withScopePolicyVersion("payments@7 (sha256:0123456789ab)").withOpaEvaluation("allow");

    @BeforeEach
    void repo() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("main.tf"), "resource \"aws_iam_role\" \"r\" {}\n");
            git.add().addFilepattern("main.tf").call();
            commit = git.commit().setMessage("Add role").setAuthor(bot).setCommitter(bot).setSign(false).call();
        }
    }

    private Repository open() throws Exception {
        return new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).setMustExist(true).build();
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=QA", "-c", "user.email=qa@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void aNoteWrittenByOneRunIsReadByTheNextAndByGit() throws Exception {
        try (Repository repo = open()) {
            String text = new GitNotesAuditStore(repo).write(commit, deployed, bot);
            assertThat(text).isEqualTo(deployed.format());
        }
        try (Repository repo = open()) {
            assertThat(new GitNotesAuditStore(repo).read(commit)).contains(deployed);
        }
        assertThat(git("notes", "--ref=ai-governance", "show", commit.name())).isEqualTo("""
                [AI-GOVERNANCE]
                change_source: ai-agent
                risk_tier: HIGH
                blast_radius: 42
                approved_by: alice, bob
                approved_at: 2026-03-01T10:00:00Z
                scope_policy_version: payments@7 (sha256:0123456789ab)
                opa_evaluation: allow
                [/AI-GOVERNANCE]
                """);
    }

    @Test
    void writingKeepsAnExistingNoteAndOnlyReplacesTheBlock() throws Exception {
        git("notes", "--ref=ai-governance", "add", "-m", "Reviewed by QA on staging.", commit.name());
        try (Repository repo = open()) {
            new GitNotesAuditStore(repo).write(commit, deployed, bot);
        }
        // a later run records the rollback: only that field changes, everything else stays
        GovernanceBlock rollback = GovernanceBlock.empty().withRollbackCommit("9f0e1d2c");
        try (Repository repo = open()) {
            new GitNotesAuditStore(repo).write(commit, rollback, bot);
        }
        String note = git("notes", "--ref=ai-governance", "show", commit.name());
        assertThat(note).startsWith("Reviewed by QA on staging.\n\n[AI-GOVERNANCE]\n");
        assertThat(note).containsOnlyOnce("[AI-GOVERNANCE]").contains("rollback_commit: 9f0e1d2c\n").contains("approved_by: alice, bob\n");
        try (Repository repo = open()) {
            GovernanceBlock read = new GitNotesAuditStore(repo).read(commit).orElseThrow();
            assertThat(read.rollbackCommit()).isEqualTo("9f0e1d2c");
            assertThat(read.riskTier()).isEqualTo("HIGH");
        }
        // the notes history has the git CLI's commit and ours on top of it
        assertThat(git("log", "--format=%an", "refs/notes/ai-governance").lines()).containsExactly("aigov", "aigov", "QA");
    }

    @Test
    void textAroundTheBlockSurvivesAMerge() {
        String note = "Before.\r\n[AI-GOVERNANCE]\nrisk_tier: LOW\nopa_evaluation: allow\n[/AI-GOVERNANCE]\nAfter.\r\n";
        String merged = GovernanceBlock.empty().withRiskTier("CRITICAL").withApprovedBy("carol").mergeInto(note);
        assertThat(merged).isEqualTo(
                "Before.\r\n[AI-GOVERNANCE]\nrisk_tier: CRITICAL\napproved_by: carol\nopa_evaluation: allow\n[/AI-GOVERNANCE]\nAfter.\r\n");
    }

    @Test
    void aNoteWithAnUnreadableBlockIsRefusedAndLeftAsItIs() throws Exception {
        String note = "Before.\n[AI-GOVERNANCE]\nrisk_tier: LOW\nticket: SEC-12\n[/AI-GOVERNANCE]\nAfter.\n";
        git("notes", "--ref=ai-governance", "add", "-m", note.strip(), commit.name());
        try (Repository repo = open()) {
            GitNotesAuditStore store = new GitNotesAuditStore(repo);
            assertThatThrownBy(() -> store.write(commit, deployed, bot))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("refs/notes/ai-governance note on commit " + commit.name())
                    .hasMessageContaining("unknown key 'ticket' on line 4")
                    .hasMessageContaining("nothing was written");
            assertThatThrownBy(() -> store.read(commit))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("unknown key 'ticket'");
        }
        assertThat(git("notes", "--ref=ai-governance", "show", commit.name())).isEqualTo(note);
        assertThat(git("log", "--format=%an", "refs/notes/ai-governance").lines()).containsExactly("QA");
    }

    @Test
    void aCommitWithoutNoteHasNoneAndAnUnknownObjectIsRefused() throws Exception {
        try (Repository repo = open()) {
            GitNotesAuditStore store = new GitNotesAuditStore(repo);
            assertThat(store.read(commit)).isEmpty();
            assertThatThrownBy(() -> store.write(ObjectId.fromString("0123456789012345678901234567890123456789"), deployed, bot))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void writersRacingOnOneNoteBackOffAndLoseNoField() throws Exception {
        List<Duration> waits = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Backoff backoff = new Backoff(200, Duration.ofMillis(1), Duration.ofMillis(8));
        List<GovernanceBlock> parts = List.of(GovernanceBlock.empty().withApprovedBy("alice"), GovernanceBlock.empty().withRiskTier("HIGH"),
                GovernanceBlock.empty().withRollbackCommit("abc123"), GovernanceBlock.empty().withOpaEvaluation("allow"));
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < parts.size(); i++) {
            GovernanceBlock part = parts.get(i);
            long seed = i;
            threads.add(new Thread(() -> {
                try (Repository repo = open()) {
                    new GitNotesAuditStore(repo, GitNotesAuditStore.NOTES_REF, backoff, new java.util.SplittableRandom(seed), d -> {
                        waits.add(d);
                        Thread.sleep(d.toMillis());
                    }).write(commit, part, bot);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        try (Repository repo = open()) {
            assertThat(new GitNotesAuditStore(repo).read(commit)).contains(GovernanceBlock.empty().withApprovedBy("alice").withRiskTier("HIGH")
                    .withRollbackCommit("abc123").withOpaEvaluation("allow"));
        }
        assertThat(waits).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(8)));
    }

    @Test
    void aMergeNeverRemovesANoteOrTouchesOtherNotesRefs() throws Exception {
        git("notes", "--ref=ai", "add", "-m", "git-ai authorship", commit.name());
        String gitAi = git("rev-parse", "refs/notes/ai").strip();
        try (Repository repo = open()) {
            new GitNotesAuditStore(repo).write(commit, deployed, bot);
        }
        // "their" history: ours, then the note removed (a careless or hostile writer)
        git("update-ref", "refs/notes/theirs", GitNotesAuditStore.NOTES_REF);
        git("notes", "--ref=theirs", "remove", commit.name());
        try (Repository repo = open()) {
            GitNotesAuditStore store = new GitNotesAuditStore(repo);
            GitNotesAuditStore.NotesMerge m = store.merge("refs/notes/theirs", bot);
            assertThat(m.outcome()).isEqualTo("merged");
            assertThat(store.read(commit)).contains(deployed);
            assertThat(store.merge("refs/notes/theirs", bot).outcome()).isEqualTo("up-to-date");
            assertThatThrownBy(() -> store.merge("refs/heads/main", bot)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not a notes ref");
        }
        assertThat(git("log", "-1", "--notes=ai-governance", "--format=%N", commit.name())).contains("risk_tier: HIGH");
        assertThat(git("rev-parse", "refs/notes/ai").strip()).isEqualTo(gitAi);
    }
}
