package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git notes written by the CLI, read by real {@code git}, and reconciled between two clones that
 * both wrote a note on the same commit. Everything runs against real repositories made with the
 * {@code git} command line (a bare "origin" and two clones).
 */
class NotesCommandTest {

    @TempDir
    Path dir;

    private Path origin;
    private Path a;
    private Path b;
    private String head;
    private String fingerprint;
    private String gitAiNote;
    private final ObjectMapper json = new ObjectMapper();
    private final String now = Instant.now().minusSeconds(60).toString();

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    private static Result git(Path where, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=QA", "-c", "user.email=qa@example.com", "-c",
                "commit.gpgsign=false", "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(where.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String out) {
    }

    private static String ok(Path where, String... args) throws Exception {
        Result r = git(where, args);
        assertThat(r.code()).as("git %s: %s", String.join(" ", args), r.out()).isZero();
        return r.out();
    }

    @BeforeEach
    void originAndTwoClones() throws Exception {
        origin = dir.resolve("origin.git");
        Files.createDirectories(origin);
        ok(origin, "init", "--bare", "-q");
        a = dir.resolve("a");
        ok(dir, "clone", "-q", origin.toString(), a.toString());
        Files.writeString(a.resolve("README.md"), "hello\n");
        ok(a, "add", ".");
        ok(a, "commit", "-q", "-m", "init");
        Files.createDirectories(a.resolve("config/prod"));
        Files.writeString(a.resolve("config/prod/settings.properties"), "replicas=3\n");
        ok(a, "add", ".");
        ok(a, "commit", "-q", "-m", "scale prod");
        // git-ai's authorship note on the same commit: aigov must never touch refs/notes/ai
        ok(a, "notes", "--ref=ai", "add", "-m", "src/a.py\n  claude 1-3", "HEAD");
        ok(a, "push", "-q", "origin", "main", "refs/notes/ai");
        head = ok(a, "rev-parse", "HEAD").strip();
        gitAiNote = ok(a, "rev-parse", "refs/notes/ai").strip();
        b = dir.resolve("b");
        ok(dir, "clone", "-q", origin.toString(), b.toString());
        AigovRun r = aigov("approval", "requirements", "--repo", a.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        fingerprint = json.readTree(r.out()).get("fingerprint").asText();
        // approvals are given for the environment the engine read from the change
        JsonNode env = json.readTree(r.out()).path("environment");
        environment = env.isTextual() ? ",\"environment\":\"" + env.asText() + "\"" : "";
    }

    private String environment = "";

    private Path approvals(Path where, String... approvers) throws Exception {
        List<String> entries = new ArrayList<>();
        String[] groups = {"senior-engineers", "team-leads"};
        for (int i = 0; i < approvers.length; i++) {
            entries.add("{\"kind\":\"approve\",\"approverId\":\"" + approvers[i] + "\",\"email\":\"" + approvers[i]
                    + "@corp.example\",\"groups\":[\"" + groups[i % 2] + "\"],\"fingerprint\":\"" + fingerprint
                    + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + now + "\"" + environment + "}");
        }
        Path f = dir.resolve(where.getFileName() + "-approvals.json");
        Files.writeString(f, "[" + String.join(",", entries) + "]");
        return f;
    }

    private AigovRun approve(Path clone, String... approvers) throws Exception {
        AigovRun r = aigov("approval", "check", "--repo", clone.toString(), "--approvals", approvals(clone, approvers).toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void anApprovedChangesSummaryIsANoteThatGitLogShows() throws Exception {
        AigovRun r = approve(a, "sam", "lee");
        assertThat(r.err()).contains("git note written on " + head + " under refs/notes/ai-governance");

        String log = ok(a, "log", "-1", "--notes=ai-governance", "--format=%H%n%N");
        assertThat(log).startsWith(head).contains("[AI-GOVERNANCE]").contains("risk_tier: HIGH").contains("approved_by: sam, lee")
                .contains("approved_at: " + now).contains("change_source: ").contains("blast_radius: ").contains("[/AI-GOVERNANCE]");
        AigovRun show = aigov("notes", "show", "--repo", a.toString(), "--json");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(json.readTree(show.out()).get("approved_by").asText()).isEqualTo("sam, lee");
        assertThat(ok(a, "rev-parse", "refs/notes/ai").strip()).isEqualTo(gitAiNote);
    }

    @Test
    void thePolicyChoosesTheNotesRefOrTurnsNotesOff() throws Exception {
        Path custom = dir.resolve("custom.yml");
        Files.writeString(custom, "apiVersion: ai-governance/v1\naudit:\n  notesRef: refs/notes/governance-trail\n");
        AigovRun r = aigov("approval", "check", "--repo", a.toString(), "--policy", custom.toString(), "--approvals",
                approvals(a, "sam", "lee").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ok(a, "log", "-1", "--notes=refs/notes/governance-trail", "--format=%N")).contains("approved_by: sam, lee");
        assertThat(git(a, "rev-parse", "--verify", "-q", "refs/notes/ai-governance").code()).isNotZero();

        Path off = dir.resolve("off.yml");
        Files.writeString(off, "apiVersion: ai-governance/v1\naudit:\n  gitNotes: false\n");
        AigovRun quiet = aigov("approval", "check", "--repo", a.toString(), "--policy", off.toString(), "--approvals",
                approvals(a, "sam", "lee").toString());
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("git note");
        assertThat(git(a, "rev-parse", "--verify", "-q", "refs/notes/ai-governance").code()).isNotZero();
    }

    @Test
    void anAuditedDeploymentIsANoteOnItsCommit() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        AigovRun r = aigov("audit", "append", "--log", log.toString(), "--repo", a.toString(), "--event",
                "{\"type\":\"deployment-done\",\"commit\":\"" + head + "\",\"tier\":\"HIGH\",\"changeSource\":\"ai-agent\","
                        + "\"blastRadius\":57,\"details\":{\"opaEvaluation\":\"allow\",\"rollbackCommit\":\"" + head.substring(0, 12) + "\"}}");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ok(a, "log", "-1", "--notes=ai-governance", "--format=%N")).contains("change_source: ai-agent")
                .contains("blast_radius: 57")
                .contains("opa_evaluation: allow").contains("rollback_commit: " + head.substring(0, 12));
        AigovRun risk = aigov("audit", "append", "--log", log.toString(), "--repo", a.toString(), "--event",
                "{\"type\":\"risk-assessed\",\"commit\":\"" + head + "\",\"tier\":\"LOW\"}");
        assertThat(risk.code()).isZero();
        assertThat(ok(a, "log", "-1", "--notes=ai-governance", "--format=%N")).contains("risk_tier: HIGH");
        AigovRun unknown = aigov("audit", "append", "--log", log.toString(), "--repo", a.toString(), "--event",
                "{\"type\":\"deployment-done\",\"commit\":\"" + "0".repeat(40) + "\"}");
        assertThat(unknown.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("0".repeat(40)).contains("not a commit");
    }

    @Test
    void twoClonesNotesOnOneCommitAreMergedWithoutLosingAField() throws Exception {
        // clone a: the approval; published first
        approve(a, "sam", "lee");
        ok(a, "push", "-q", "origin", "refs/notes/ai-governance");
        // clone b: the deployment of the same commit, and its own approval record
        ok(b, "fetch", "-q", "origin", "refs/notes/ai:refs/notes/ai");
        AigovRun dep = aigov("audit", "append", "--log", dir.resolve("b-audit.jsonl").toString(), "--repo", b.toString(), "--event",
                "{\"type\":\"deployment-done\",\"commit\":\"" + head + "\",\"tier\":\"CRITICAL\",\"details\":{\"opaEvaluation\":\"allow\","
                        + "\"rollbackCommit\":\"abc123\",\"approvedBy\":[\"kim\"]}}");
        assertThat(dep.code()).as(dep.err()).isZero();
        // the plain push is refused: the two notes histories diverged
        Result refused = git(b, "push", "origin", "refs/notes/ai-governance");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out()).contains("rejected");
        // the documented refspec fetches theirs beside ours, aigov merges, the push goes through
        ok(b, "fetch", "-q", "origin", "+refs/notes/ai-governance:refs/notes/remotes/origin/ai-governance");
        AigovRun merged = aigov("notes", "merge", "--repo", b.toString(), "refs/notes/remotes/origin/ai-governance");
        assertThat(merged.code()).as(merged.err()).isZero();
        assertThat(merged.out()).contains("merged").contains("1 note combined field by field");
        ok(b, "push", "-q", "origin", "refs/notes/ai-governance");

        String note = ok(b, "log", "-1", "--notes=ai-governance", "--format=%N");
        assertThat(note).contains("risk_tier: CRITICAL").contains("approved_by: kim, sam, lee").contains("approved_at: " + now)
                .contains("opa_evaluation: allow").contains("rollback_commit: abc123").contains("scope_policy_version: ")
                .contains("blast_radius: ").contains("change_source: ");
        assertThat(note.split("\\[AI-GOVERNANCE\\]", -1)).hasSize(2);

        // clone a gets it back with aigov notes fetch (JGit transport), and push from a is a no-op
        AigovRun fetched = aigov("notes", "fetch", "--repo", a.toString());
        assertThat(fetched.code()).as(fetched.err()).isZero();
        assertThat(fetched.out()).contains("fast-forward");
        assertThat(ok(a, "log", "-1", "--notes=ai-governance", "--format=%N")).isEqualTo(note);
        assertThat(aigov("notes", "push", "--repo", a.toString()).code()).isZero();
        assertThat(ok(a, "rev-parse", "refs/notes/ai").strip()).isEqualTo(gitAiNote);
        assertThat(ok(b, "rev-parse", "refs/notes/ai").strip()).isEqualTo(gitAiNote);
        assertThat(ok(origin, "rev-parse", "refs/notes/ai").strip()).isEqualTo(gitAiNote);
    }

    @Test
    void aigovNotesPushMergesWhenAnotherWriterPushedFirst() throws Exception {
        approve(a, "sam", "lee");
        assertThat(aigov("notes", "push", "--repo", a.toString()).code()).isZero();
        approve(b, "ann", "bo");
        AigovRun push = aigov("notes", "push", "--repo", b.toString());
        assertThat(push.code()).as(push.err()).isZero();
        assertThat(ok(origin, "log", "-1", "--notes=ai-governance", "--format=%N", "main")).contains("approved_by: ann, bo, sam, lee");
    }

    @Test
    void gitsOwnMergeStrategiesBreakTheBlockWhichAigovThenRefuses() throws Exception {
        approve(a, "sam", "lee");
        ok(a, "push", "-q", "origin", "refs/notes/ai-governance");
        approve(b, "ann", "bo");
        // the documented remote configuration: every git fetch brings their notes beside ours
        ok(b, "config", "--add", "remote.origin.fetch", "+refs/notes/ai-governance:refs/notes/remotes/origin/ai-governance");
        ok(b, "fetch", "-q", "origin");
        for (String strategy : List.of("union", "cat_sort_uniq")) {
            ok(b, "update-ref", "refs/notes/try", "refs/notes/ai-governance");
            ok(b, "notes", "--ref=try", "merge", "-q", "-s", strategy, "refs/notes/remotes/origin/ai-governance");
            AigovRun show = aigov("notes", "show", "--repo", b.toString(), "--ref", "refs/notes/try");
            assertThat(show.code()).as(strategy + ": " + show.out()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(show.err()).contains(head);
        }
    }

    @Test
    void badInputIsNamed() throws Exception {
        AigovRun noNote = aigov("notes", "show", "--repo", a.toString());
        assertThat(noNote.code()).isEqualTo(ExitCode.GATE_FAILED);
        AigovRun badRef = aigov("notes", "show", "--repo", a.toString(), "--ref", "refs/heads/main");
        assertThat(badRef.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badRef.err()).contains("--ref");
        AigovRun missing = aigov("notes", "merge", "--repo", a.toString(), "refs/notes/nothing");
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("refs/notes/nothing");
        AigovRun branch = aigov("notes", "merge", "--repo", a.toString(), "refs/heads/main");
        assertThat(branch.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(branch.err()).contains("not a notes ref");
        AigovRun notRepo = aigov("notes", "show", "--repo", dir.toString());
        assertThat(notRepo.code()).isEqualTo(ExitCode.BAD_INPUT);
    }
}
