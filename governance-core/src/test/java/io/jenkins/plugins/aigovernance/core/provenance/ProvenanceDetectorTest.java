package io.jenkins.plugins.aigovernance.core.provenance;

import static io.jenkins.plugins.aigovernance.core.testing.GitFixture.HUMAN;
import static io.jenkins.plugins.aigovernance.core.testing.GitFixture.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.policy.ProvenancePolicy;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceDetectorTest {

    private static final ProvenancePolicy DEFAULTS = new PolicyLoader().defaults().provenance();
    private static final PersonIdent COPILOT = person("Copilot", "198982749+Copilot@users.noreply.github.com");
    private static final PersonIdent WEB_FLOW = person("GitHub", "noreply@github.com");

    @TempDir
    Path dir;
    GitFixture git;
    final ProvenanceDetector detector = new ProvenanceDetector(DEFAULTS);

    @BeforeEach
    void init() {
        git = GitFixture.init(dir);
        git.write("README.md", "hello\n");
        git.commit("Initial commit");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private Provenance detect(RevCommit... commits) {
        return detect(null, commits);
    }

    private Provenance detect(String branch, RevCommit... commits) {
        List<CommitInfo> infos = java.util.Arrays.stream(commits).map(GitFixture::info).toList();
        return detector.detect(git.repository(), infos, branch);
    }

    private static String shortId(RevCommit c) {
        return c.getName().substring(0, 7);
    }

    @Test
    void humanCommit() {
        RevCommit c = git.write("a.txt", "a\n").commit("Add a\n\nSigned-off-by: Hanna Human <hanna@example.com>");
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.HUMAN);
        assertThat(p.agentId()).isNull();
        assertThat(p.aiLineShare()).isNull();
        assertThat(p.evidence()).containsExactly("no AI markers in " + shortId(c));
        assertThat(p.commits()).singleElement().satisfies(cp -> {
            assertThat(cp.commit()).isEqualTo(c.getName());
            assertThat(cp.source()).isEqualTo(ChangeSource.HUMAN);
            assertThat(cp.block()).isNull();
        });
    }

    @Test
    void claudeCodeTrailerOnHumanCommitIsAiAssisted() {
        RevCommit c = git.write("a.txt", "a\n").commit("""
                Add a

                🤖 Generated with [Claude Code](https://claude.com/claude-code)

                Co-Authored-By: Claude <noreply@anthropic.com>
                Claude-Session: https://claude.ai/code/session_01ABC
                """);
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("claude-code");
        assertThat(p.requesters()).isEmpty();
        assertThat(p.evidence()).contains(
                "Co-authored-by: Claude <noreply@anthropic.com> in " + shortId(c),
                "Claude-Session: https://claude.ai/code/session_01ABC in " + shortId(c),
                "'Generated with [Claude Code]' in message in " + shortId(c));
    }

    @Test
    void claudeModelNamedCoAuthorMatchesByEmail() {
        RevCommit c = git.write("a.txt", "a\n").commit("Add a\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>");
        assertThat(detect(c).agentId()).isEqualTo("claude-code");
    }

    @Test
    void codexCoAuthor() {
        RevCommit c = git.write("a.txt", "a\n").commit("Add a\n\nCo-authored-by: Codex <noreply@openai.com>");
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("codex");
    }

    @Test
    void copilotCodingAgentAuthorWithRequesterCoAuthor() {
        RevCommit c = git.write("a.txt", "a\n").commit("""
                Fix flaky test

                Co-authored-by: octocat <583231+octocat@users.noreply.github.com>
                """, COPILOT, WEB_FLOW);
        Provenance p = detect("copilot/fix-123", c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("copilot");
        assertThat(p.requesters()).containsExactly("octocat <583231+octocat@users.noreply.github.com>");
        assertThat(p.evidence()).contains(
                "branch copilot/fix-123 matches agent branch pattern copilot/* (copilot)",
                "author Copilot <198982749+Copilot@users.noreply.github.com> is AI agent copilot in " + shortId(c));
    }

    @Test
    void agentAuthoredCommitReportsHumanCommitterAsRequester() {
        RevCommit c = git.write("a.txt", "a\n").commit("Agent change", person("Cursor Agent", "cursoragent@cursor.com"), HUMAN);
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("cursor");
        assertThat(p.requesters()).containsExactly("Hanna Human <hanna@example.com>");
    }

    @Test
    void agentAsCommitterOnlyIsAiAgent() {
        RevCommit c = git.write("a.txt", "a\n").commit("Apply suggestion", HUMAN, person("devin-ai-integration[bot]",
                "158243242+devin-ai-integration[bot]@users.noreply.github.com"));
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("devin");
        assertThat(p.evidence()).anyMatch(e -> e.startsWith("committer devin-ai-integration[bot] <"));
    }

    @Test
    void aiderAuthorIsAssistant() {
        RevCommit c = git.write("a.txt", "a\n").commit("feat: x", person("Hanna Human (aider)", "hanna@example.com"));
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("aider");
    }

    @Test
    void peopleWithAgentLikeNamesAreHuman() {
        RevCommit c = git.write("a.txt", "a\n").commit("Fix", person("Claude Dupont", "claude@corp.example"));
        RevCommit d = git.write("b.txt", "b\n").commit("Fix", person("Devin Smith", "devin@corp.example"));
        assertThat(detect(d, c).source()).isEqualTo(ChangeSource.HUMAN);
        RevCommit bot = git.write("c.txt", "c\n").commit("Fix", person("claude[bot]", "209825114+claude[bot]@users.noreply.github.com"));
        assertThat(detect(bot).agentId()).isEqualTo("claude-code");
    }

    @Test
    void aiTrailers() {
        RevCommit agent = git.write("a.txt", "a\n").commit("x\n\nAI-Agent: claude-code/1.0.32");
        RevCommit assisted = git.write("b.txt", "b\n").commit("x\n\nAI-Assisted: true");
        RevCommit tool = git.write("c.txt", "c\n").commit("x\n\nGenerated-by: Gemini CLI 0.1.9");
        RevCommit kernel = git.write("d.txt", "d\n").commit("x\n\nAssisted-by: Claude:claude-3-opus\nSigned-off-by: Hanna <hanna@example.com>");
        RevCommit no = git.write("e.txt", "e\n").commit("x\n\nAI-Assisted: false");
        RevCommit person = git.write("f.txt", "f\n").commit("x\n\nAssisted-by: Bob Builder <bob@example.com>");
        RevCommit other = git.write("g.txt", "g\n").commit("x\n\nAI-Tool: Windsurf");
        assertThat(detect(agent)).extracting(Provenance::source, Provenance::agentId).containsExactly(ChangeSource.AI_AGENT, "claude-code");
        assertThat(detect(assisted)).extracting(Provenance::source, Provenance::agentId).containsExactly(ChangeSource.AI_ASSISTED, null);
        assertThat(detect(tool)).extracting(Provenance::source, Provenance::agentId).containsExactly(ChangeSource.AI_ASSISTED, "gemini");
        assertThat(detect(kernel)).extracting(Provenance::source, Provenance::agentId).containsExactly(ChangeSource.AI_ASSISTED, "claude-code");
        assertThat(detect(no).source()).isEqualTo(ChangeSource.HUMAN);
        assertThat(detect(person).source()).isEqualTo(ChangeSource.HUMAN);
        assertThat(detect(other)).extracting(Provenance::source, Provenance::agentId).containsExactly(ChangeSource.AI_ASSISTED, "windsurf");
    }

    @Test
    void requestedByTrailer() {
        RevCommit c = git.write("a.txt", "a\n").commit("x\n\nAI-Agent: codex\nRequested-by: Rita <rita@example.com>", person("Codex", "codex@openai.com"));
        Provenance p = detect(c);
        assertThat(p.requesters()).containsExactly("Rita <rita@example.com>");
        assertThat(p.agentId()).isEqualTo("codex");
    }

    @Test
    void governanceBlockAiAgent() {
        RevCommit c = git.write("a.txt", "a\n").commit("Scale service\n\n" + GovernanceBlock.of(ChangeSource.AI_AGENT).withRiskTier("HIGH").format());
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.commits().get(0).block().riskTier()).isEqualTo("HIGH");
        assertThat(p.evidence()).contains("[AI-GOVERNANCE] change_source: ai-agent in " + shortId(c));
    }

    @Test
    void blockClaimingHumanNeverHidesAiEvidence() {
        RevCommit c = git.write("a.txt", "a\n").commit("Change\n\n" + GovernanceBlock.of(ChangeSource.HUMAN).format()
                + "\nAI-Assisted: copilot\n");
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("copilot");
        assertThat(p.evidence()).contains("[AI-GOVERNANCE] change_source: human in " + shortId(c));

        RevCommit h = git.write("b.txt", "b\n").commit("Change\n\n" + GovernanceBlock.of(ChangeSource.HUMAN).format());
        assertThat(detect(h).source()).isEqualTo(ChangeSource.HUMAN);
    }

    @Test
    void malformedBlockIsUnknown() {
        RevCommit c = git.write("a.txt", "a\n").commit("Change\n\n[AI-GOVERNANCE]\nchange_source: a robot\n[/AI-GOVERNANCE]\n");
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(p.evidence()).singleElement().asString()
                .startsWith("malformed [AI-GOVERNANCE] block: invalid change_source 'a robot' on line 4")
                .endsWith(" in " + shortId(c));
    }

    @Test
    void jsonFormHasTheRecordFieldsOnly() throws Exception {
        RevCommit c = git.write("a.txt", "a\n").commit("Scale\n\n" + GovernanceBlock.of(ChangeSource.AI_AGENT).withBlastRadius(7).format());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String text = json.writeValueAsString(detect(c));
        assertThat(text).contains("\"source\":\"ai-agent\"", "\"block\":{\"changeSource\":\"ai-agent\",\"blastRadius\":\"7\"}")
                .doesNotContain("aiLineShare", "fields");
        assertThat(json.readValue(json.writeValueAsString(detect(c).commits().get(0).block()), GovernanceBlock.class))
                .isEqualTo(GovernanceBlock.of(ChangeSource.AI_AGENT).withBlastRadius(7));
    }

    @Test
    void governanceBlockInNote() {
        RevCommit c = git.write("a.txt", "a\n").commit("Change");
        git.addNote(ProvenanceDetector.GOVERNANCE_NOTES_REF, c, "Approved in pipeline 7\n\n"
                + GovernanceBlock.of(ChangeSource.AI_ASSISTED).withApprovedBy("alice").format());
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.commits().get(0).block().approvedBy()).isEqualTo("alice");
        assertThat(p.evidence()).contains("[AI-GOVERNANCE] change_source: ai-assisted (note refs/notes/ai-governance) in " + shortId(c));
    }

    @Test
    void agentBranch() {
        RevCommit c = git.write("a.txt", "a\n").commit("Human-looking commit");
        for (String branch : List.of("copilot/fix-123", "refs/heads/copilot/fix-123", "origin/copilot/fix-123", "refs/remotes/upstream/copilot/fix-123")) {
            Provenance p = detect(branch, c);
            assertThat(p.source()).as(branch).isEqualTo(ChangeSource.AI_AGENT);
            assertThat(p.agentId()).as(branch).isEqualTo("copilot");
            assertThat(p.commits().get(0).source()).as(branch).isEqualTo(ChangeSource.HUMAN);
        }
        assertThat(detect("feature/copilot-ideas", c).source()).isEqualTo(ChangeSource.HUMAN);
    }

    @Test
    void noCommits() {
        assertThat(detector.detect(git.repository(), List.of(), null)).isEqualTo(Provenance.unknown("no commits to inspect"));
        assertThat(detector.detect(null, null, "main").source()).isEqualTo(ChangeSource.UNKNOWN);
        Provenance onAgentBranch = detector.detect(null, List.of(), "claude/plan-only");
        assertThat(onAgentBranch.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(onAgentBranch.agentId()).isEqualTo("claude-code");
        assertThat(onAgentBranch.evidence()).contains("no commits to inspect");
    }

    @Test
    void gitAiNoteGivesLineShare() {
        RevCommit c = git.writeLines("src/App.java", 10).commit("Add app");
        git.addNote(GitAiAuthorshipLog.NOTES_REF, c, """
                src/App.java
                  abcd1234abcd1234 1-4
                ---
                {"schema_version": "authorship/3.0.0", "base_commit_sha": "%s",
                 "prompts": {"abcd1234abcd1234": {"agent_id": {"tool": "claude", "id": "s1", "model": "claude-sonnet-4"},
                   "human_author": "Hanna Human <hanna@example.com>", "messages": [],
                   "total_additions": 4, "total_deletions": 0, "accepted_lines": 4, "overriden_lines": 0}}}
                """.formatted(c.getParent(0).getName()));
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("claude-code");
        assertThat(p.aiLineShare()).isCloseTo(0.4, within(1e-9));
        assertThat(p.requesters()).containsExactly("Hanna Human <hanna@example.com>");
        assertThat(p.evidence()).contains("git-ai note: 4 AI lines (claude, claude-sonnet-4) in " + shortId(c));
        assertThat(p.commits().get(0).aiLineShare()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void unparseableGitAiNoteFailsClosedForThatCommitOnly() {
        RevCommit good = git.write("a.txt", "a\n").commit("Add a");
        RevCommit bad = git.write("b.txt", "b\n").commit("Add b");
        git.addNote(GitAiAuthorshipLog.NOTES_REF, bad, "this is not an authorship log");
        Provenance p = detect(bad, good);
        assertThat(p.source()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(p.commits()).extracting(CommitProvenance::source).containsExactly(ChangeSource.UNKNOWN, ChangeSource.HUMAN);
        assertThat(p.evidence()).contains("unreadable git-ai note (refs/notes/ai): no '---' line between attestations and metadata in " + shortId(bad));
    }

    @Test
    void agentTraceNote() {
        RevCommit c = git.writeLines("src/parser.ts", 20).commit("Add parser");
        git.addNote(AgentTraceRecord.NOTES_REF, c, """
                {"version": "0.1.0", "id": "550e8400-e29b-41d4-a716-446655440000", "timestamp": "2026-01-23T14:30:00Z",
                 "vcs": {"type": "git", "revision": "%s"}, "tool": {"name": "cursor", "version": "2.4.0"},
                 "files": [{"path": "src/parser.ts", "conversations": [
                   {"contributor": {"type": "ai", "model_id": "anthropic/claude-opus-4-5-20251101"},
                    "ranges": [{"start_line": 1, "end_line": 5}, {"start_line": 11, "end_line": 15, "contributor": {"type": "mixed"}}]}]}]}
                """.formatted(c.getName()));
        Provenance p = detect(c);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("cursor");
        assertThat(p.aiLineShare()).isCloseTo(0.5, within(1e-9));
        assertThat(p.evidence()).contains("Agent Trace record: 10 AI lines (cursor, anthropic/claude-opus-4-5-20251101) in " + shortId(c));
    }

    @Test
    void agentTraceLogCommittedWithTheCode() {
        String first = "{\"version\":\"1.0\",\"id\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"tool\":{\"name\":\"claude-code\"},"
                + "\"files\":[{\"path\":\"x.py\",\"conversations\":[{\"contributor\":{\"type\":\"ai\"},\"ranges\":[{\"start_line\":1,\"end_line\":8}]}]}]}";
        RevCommit c1 = git.writeLines("x.py", 8).write(AgentTraceRecord.TRACE_FILE, first + "\n").commit("Add x");
        String second = first.replace("\"id\":\"a\"", "\"id\":\"b\"").replace("x.py", "y.py").replace("\"end_line\":8", "\"end_line\":2");
        RevCommit c2 = git.writeLines("y.py", 4).write(AgentTraceRecord.TRACE_FILE, first + "\n" + second + "\n").commit("Add y");
        RevCommit c3 = git.write("z.txt", "human\n").commit("Add z");
        Provenance p = detect(c3, c2, c1);
        assertThat(p.commits()).extracting(CommitProvenance::source)
                .containsExactly(ChangeSource.HUMAN, ChangeSource.AI_ASSISTED, ChangeSource.AI_ASSISTED);
        assertThat(p.commits()).extracting(CommitProvenance::aiLineShare).containsExactly(null, 0.5, 1.0);
        // weighted over the commits with records: (2 + 8) / (4 + 8); trace log lines are not counted as added code
        assertThat(p.aiLineShare()).isCloseTo(10.0 / 12.0, within(1e-9));
        assertThat(p.agentId()).isEqualTo("claude-code");
    }

    @Test
    void unverifiedAuthorIsUnknownWhenHumanIdentitiesAreConfigured() {
        ProvenancePolicy policy = new ProvenancePolicy(DEFAULTS.aiIdentities(), DEFAULTS.agentBranches(), List.of("*@example.com"), null);
        ProvenanceDetector strict = new ProvenanceDetector(policy);
        RevCommit ok = git.write("a.txt", "a\n").commit("Add a");
        RevCommit stranger = git.write("b.txt", "b\n").commit("Add b", person("Mallory", "mallory@evil.test"));
        Provenance p = strict.detect(git.repository(), List.of(GitFixture.info(stranger), GitFixture.info(ok)), null);
        assertThat(p.source()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(p.commits()).extracting(CommitProvenance::source).containsExactly(ChangeSource.UNKNOWN, ChangeSource.HUMAN);
        assertThat(p.evidence()).contains("author mallory@evil.test is not a verified human identity in " + shortId(stranger));
        assertThat(strict.detect(git.repository(), List.of(GitFixture.info(ok)), null).source()).isEqualTo(ChangeSource.HUMAN);
    }

    @Test
    void commitWithoutAuthorEmailIsUnknown() {
        CommitInfo c = new CommitInfo("0123456789abcdef0123456789abcdef01234567", "nobody", "", "nobody", "", null, "x", 1);
        Provenance p = detector.detect(null, List.of(c), null);
        assertThat(p.source()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(p.evidence()).containsExactly("no author email in 0123456");
    }

    @Test
    void mixedRangeTakesTheMaximumAndTheMostSpecificAgent() {
        RevCommit human = git.write("a.txt", "a\n").commit("Human change");
        RevCommit assisted = git.write("b.txt", "b\n").commit("Assisted\n\nCo-authored-by: Cursor <cursoragent@cursor.com>");
        RevCommit agent = git.write("c.txt", "c\n").commit("Agent", person("Codex", "codex@openai.com"));
        RevCommit human2 = git.write("d.txt", "d\n").commit("Human again");
        Provenance p = detect(human2, agent, assisted, human);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("codex");
        assertThat(p.commits()).extracting(CommitProvenance::source)
                .containsExactly(ChangeSource.HUMAN, ChangeSource.AI_AGENT, ChangeSource.AI_ASSISTED, ChangeSource.HUMAN);
        assertThat(p.commits()).extracting(CommitProvenance::agentId).containsExactly(null, "codex", "cursor", null);
        assertThat(p.evidence()).contains("no AI markers in 2 commits");
        assertThat(detect(human2, assisted, human).source()).isEqualTo(ChangeSource.AI_ASSISTED);
    }

    @Test
    void worksWithoutRepository() {
        RevCommit c = git.write("a.txt", "a\n").commit("x\n\nCo-authored-by: Codex <noreply@openai.com>");
        git.addNote(GitAiAuthorshipLog.NOTES_REF, c, "garbage");
        Provenance p = detector.detect(null, List.of(GitFixture.info(c)), null);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED); // notes are not read without a repository
        assertThat(p.aiLineShare()).isNull();
    }

    @Test
    void defaultPolicyIdentityGlobsMatchLiteralBotNames() {
        AiIdentityMatcher m = new AiIdentityMatcher(DEFAULTS.aiIdentities());
        assertThat(m.match("copilot-swe-agent[bot]", "198982749+copilot-swe-agent[bot]@users.noreply.github.com")).get()
                .extracting(i -> i.id()).isEqualTo("copilot");
        assertThat(m.match("google-labs-jules[bot]", "161369871+google-labs-jules[bot]@users.noreply.github.com")).get()
                .extracting(i -> i.id()).isEqualTo("jules");
        assertThat(m.match("gemini-code-assistb", "x@example.com")).isEmpty();
        assertThat(m.match("aider (anthropic/claude-sonnet-4)", "aider@aider.chat")).get().extracting(i -> i.kind()).isEqualTo("assistant");
        assertThat(m.agentId("claude")).isEqualTo("claude-code");
        assertThat(m.agentId("Claude Code 1.0")).isEqualTo("claude-code");
        assertThat(m.agentId("gemini-cli")).isEqualTo("gemini");
        assertThat(m.agentId("Copilot <198982749+Copilot@users.noreply.github.com>")).isEqualTo("copilot");
        assertThat(m.agentId("Some New Tool v2")).isEqualTo("some-new-tool");
    }
}
