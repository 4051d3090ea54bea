package io.jenkins.plugins.aigovernance.core.provenance;

import static io.jenkins.plugins.aigovernance.core.testing.GitFixture.HUMAN;
import static io.jenkins.plugins.aigovernance.core.testing.GitFixture.person;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red team: attempts to make an AI change read as a human one through the layout of the commit
 * message, spellings of an agent's identity, or the governance block. Each attempt is made on a real
 * repository; none may come out as {@code human}.
 */
class ProvenanceAttackTest {

    private static final ProvenancePolicy DEFAULTS = new PolicyLoader().defaults().provenance();
    private static final String CLAUDE = "Co-Authored-By: Claude <noreply@anthropic.com>";
    private static final String HUMAN_BLOCK = "[AI-GOVERNANCE]\nchange_source: human\n[/AI-GOVERNANCE]\n";

    @TempDir
    Path dir;
    GitFixture git;
    final ProvenanceDetector detector = new ProvenanceDetector(DEFAULTS);

    @BeforeEach
    void init() {
        git = GitFixture.init(dir);
        git.write("README.md", "hello\n").commit("Initial commit");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private Provenance detect(String message) {
        return detect(message, HUMAN, HUMAN);
    }

    private Provenance detect(String message, PersonIdent author, PersonIdent committer) {
        RevCommit c = git.write("iam/role.tf", "resource \"aws_iam_role\" \"x\" {}\n" + System.nanoTime()).commit(message, author, committer);
        return detector.detect(git.repository(), List.of(GitFixture.info(c)), "feature/x");
    }

    @Test
    void aHumanBlockAfterTheTrailerParagraphDoesNotHideTheCoAuthor() {
        Provenance p = detect("Add role\n\n" + CLAUDE + "\n\n" + HUMAN_BLOCK);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("claude-code");
    }

    @Test
    void aSignedOffOrReviewedParagraphAfterTheTrailersDoesNotHideThem() {
        assertThat(detect("Add role\n\nAI-Agent: claude-code\n\nSigned-off-by: Hanna Human <hanna@example.com>").source())
                .isEqualTo(ChangeSource.AI_AGENT);
        assertThat(detect("Add role\n\n" + CLAUDE + "\n\nReviewed-by: Bob <bob@example.com>\nAcked-by: Carol <carol@example.com>").source())
                .isEqualTo(ChangeSource.AI_ASSISTED);
    }

    @Test
    void aTrailerParagraphWithProseStillCounts() {
        assertThat(detect("Add role\n\n" + CLAUDE + "\nThis line makes the paragraph not a git trailer block.").source())
                .isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(detect("Add role\n\nAs discussed. AI-Agent: devin\n\n" + "AI-Agent: devin").source()).isEqualTo(ChangeSource.AI_AGENT);
    }

    @Test
    void anIndentedTrailerCannotHideAsAContinuationLine() {
        assertThat(detect("Add role\n\nSigned-off-by: Hanna Human <hanna@example.com>\n " + CLAUDE).source())
                .isEqualTo(ChangeSource.AI_ASSISTED);
    }

    @Test
    void otherLineBreaksCannotJoinATrailerToTheLineBefore() {
        assertThat(detect("Add role\n\nSigned-off-by: Hanna <hanna@example.com>\u2028" + CLAUDE).source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(detect("Add role\r\n\r\n" + CLAUDE + "\r\n\r\n" + HUMAN_BLOCK.replace("\n", "\r\n")).source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(detect("Add role\n\nNote\u0085" + CLAUDE).source()).isEqualTo(ChangeSource.AI_ASSISTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Co-authored\u200B-by: Claude <noreply@anthropic.com>", // zero-width space in the key
            "Co\u2010authored\u2010by: Claude <noreply@anthropic.com>", // hyphen look-alikes
            "CO-AUTHORED-BY: CLAUDE <NOREPLY@ANTHROPIC.COM>",
            "Co-authored-by\uFF1A Claude <noreply@anthropic.com>", // full-width colon
            "Co-authored-by : Claude <noreply@\u0430nthropic.com>", // Cyrillic a in the email
            "Co-authored-by: Claude <noreply+session@anthropic.com>", // plus tag
            "Co-authored-by: Claude <n\u00ADoreply@anthropic.com>", // soft hyphen
            "Co-developed-by: Claude <noreply@anthropic.com>"})
    void spellingsOfTheClaudeTrailerAreAllAiEvidence(String trailer) {
        Provenance p = detect("Add role\n\n" + trailer + "\n\n" + HUMAN_BLOCK);
        assertThat(p.source()).as(trailer).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).as(trailer).isEqualTo("claude-code");
    }

    @Test
    void theSeedBlockWithAnAgentIdIsAnAiAgentAndItsClaimsAreKept() {
        String block = """
                [AI-GOVERNANCE]
                change_source: kiro-ai-agent-v2.1
                risk_tier: LOW
                blast_radius: 1
                approved_by: alice
                approved_at: 2026-01-31T10:15:30Z
                rollback_commit: 3f2a1c0
                scope_policy_version: v1.0
                opa_evaluation: PASS
                [/AI-GOVERNANCE]
                """;
        Provenance p = detect("Add role\n\n" + block);
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("kiro");
        assertThat(p.commits().get(0).block().riskTier()).isEqualTo("LOW"); // kept as a claim only
        assertThat(p.evidence()).anySatisfy(e -> assertThat(e).contains("change_source: kiro-ai-agent-v2.1 (an AI agent id)"));
    }

    @Test
    void aHumanBlockInANoteDoesNotHideTheMessage() {
        RevCommit c = git.write("iam/a.tf", "x\n").commit("Add\n\nAI-Agent: cursor", HUMAN, HUMAN);
        git.addNote(ProvenanceDetector.GOVERNANCE_NOTES_REF, c, HUMAN_BLOCK);
        assertThat(detector.detect(git.repository(), List.of(GitFixture.info(c)), null).source()).isEqualTo(ChangeSource.AI_AGENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Amp|amp@ampcode.com|amp",
            "amp|AMP@AmpCode.com|amp",
            "factory-droid[bot]|138933559+factory-droid[bot]@users.noreply.github.com|factory-droid",
            "factory-droid[bot]|factory-droid[bot]@users.noreply.github.com|factory-droid",
            "Factory Droid|someone@factory.example|factory-droid",
            "openhands|openhands@all-hands.dev|openhands",
            "Amazon Q Developer|q@amazon.example|amazon-q",
            "x|1234+amazon-q-developer@users.noreply.github.com|amazon-q",
            "sweep-ai[bot]|sweep@sweep.example|sweep",
            "Kiro Agent|kiro@kiro.example|kiro",
            "Windsurf|w@codeium.example|windsurf",
            "Roo Code|roo@roo.example|roo-code",
            "Sourcegraph Cody|c@sourcegraph.example|cody",
            "Continue Agent|c@continue.example|continue",
            "goose|goose@block.example|goose",
            "SWE-agent|swe@princeton.example|swe-agent",
            "Tabnine|t@tabnine.example|tabnine",
            "Cline Bot|c@cline.example|cline",
            "CLAUDE[BOT]|41898282+claude[bot]@users.noreply.github.com|claude-code",
            "Copilot|198982749+Copilot@users.noreply.github.com|copilot",
            "\u0421opilot|x@example.org|copilot"}) // Cyrillic С
    void agentsOnceUnknownAreAgentsAsAuthorInEverySpelling(String spec) {
        String[] s = spec.split("\\|");
        Provenance p = detect("Add role", person(s[0], s[1]), person(s[0], s[1]));
        assertThat(p.source()).as(spec).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).as(spec).isEqualTo(s[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Co-authored-by: Amp <amp@ampcode.com>", "Amp-Thread-ID: https://ampcode.com/threads/T-1",
            "Co-authored-by: factory-droid[bot] <138933559+factory-droid[bot]@users.noreply.github.com>",
            "Co-authored-by: openhands <openhands@all-hands.dev>", "Generated-by: Kiro", "AI-Assisted: windsurf",
            "Assisted-by: goose", "AI-Tool: roo-code", "Claude-Session: 1234"})
    void agentTrailersOfTheCatalogueAreAiEvidence(String trailer) {
        assertThat(detect("Add role\n\n" + trailer + "\n\nSigned-off-by: Hanna Human <hanna@example.com>").source()).as(trailer)
                .isIn(ChangeSource.AI_ASSISTED, ChangeSource.AI_AGENT);
    }

    @Test
    void catalogueBranchesAreAgentBranchesWhateverThePolicyLists() {
        RevCommit c = git.write("a.txt", "a\n").commit("x");
        ProvenanceDetector custom = new ProvenanceDetector(new ProvenancePolicy(List.of(), List.of(), List.of(), null));
        Provenance p = custom.detect(git.repository(), List.of(GitFixture.info(c)), "refs/heads/sweep/fix-42");
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("sweep");
    }

    @Test
    void aPolicyWithoutIdentitiesStillKnowsTheCatalogue() {
        ProvenanceDetector bare = new ProvenanceDetector(new ProvenancePolicy(List.of(), List.of(), List.of(), null));
        RevCommit c = git.write("a.txt", "b\n").commit("x\n\n" + CLAUDE);
        assertThat(bare.detect(git.repository(), List.of(GitFixture.info(c)), null).source()).isEqualTo(ChangeSource.AI_ASSISTED);
    }

    @Test
    void peopleNamedLikeAgentsStayPeople() {
        for (PersonIdent who : List.of(person("Claude Monet", "claude@monet.example"), person("Claude", "claude@example.org"),
                person("Cody Banks", "cody@example.org"), person("Junie B. Jones", "junie@example.org"),
                person("Jules Verne", "jules@example.org"))) {
            CommitInfo c = GitFixture.info(git.write("a.txt", who.getName() + "\n").commit("Change", who, who));
            assertThat(detector.detect(git.repository(), List.of(c), null).source()).as(who.getName()).isEqualTo(ChangeSource.HUMAN);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl\u0430ude/fix-x|claude-code", // Cyrillic а
            "c\u043epilot/fix-1|copilot", // Cyrillic о
            "\uFF43\uFF4F\uFF44\uFF45\uFF58/task|codex", // full-width
            "refs/heads/d\u0435vin/x|devin", // Cyrillic е, with the ref prefix
            "c\u200Bursor/x|cursor"}) // zero-width space
    void aLookAlikeLetterInAnAgentBranchIsStillTheAgentsBranch(String spec) {
        String[] s = spec.split("\\|");
        RevCommit c = git.write("a.txt", spec + "\n").commit("Change");
        Provenance p = detector.detect(git.repository(), List.of(GitFixture.info(c)), s[0]);
        assertThat(p.source()).as(spec).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).as(spec).isEqualTo(s[1]);
    }

    @Test
    void aLookAlikeLetterInABranchOfThePolicysPatternsIsStillTheAgentsBranch() {
        ProvenancePolicy policy = new PolicyLoader().parse("policy.yml", """
                apiVersion: ai-governance/v1
                provenance:
                  agentBranches:
                    - { pattern: "bots/**", agent: internal-bot }
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "file").provenance();
        RevCommit c = git.write("a.txt", "x\n").commit("Change");
        Provenance p = new ProvenanceDetector(policy).detect(git.repository(), List.of(GitFixture.info(c)), "b\u043ets/nightly/1");
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("internal-bot");
    }

    @Test
    void branchesThatOnlyMentionAnAgentStayHuman() {
        RevCommit c = git.write("a.txt", "y\n").commit("Change");
        for (String branch : List.of("feature/claude-docs", "main", "fix/copilot-config", "claudette/x")) {
            assertThat(detector.detect(git.repository(), List.of(GitFixture.info(c)), branch).source()).as(branch)
                    .isEqualTo(ChangeSource.HUMAN);
        }
    }

    /** Ideographic full stops separate domain labels (RFC 3490 section 3.1): {@code anthropic。com} is anthropic.com. */
    @ParameterizedTest
    @ValueSource(strings = {"\u3002", "\uFF61", "\uFE12", "\uFF0E", "\u2024"})
    void aDotLookAlikeInATrailerEmailDomainStillNamesTheAgent(String dot) {
        Provenance p = detect("Add role\n\nCo-Authored-By: Claude <noreply@anthropic" + dot + "com>");
        assertThat(p.source()).as("U+%04X", (int) dot.charAt(0)).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(p.agentId()).isEqualTo("claude-code");
    }

    @Test
    void aDotLookAlikeInAnAuthorEmailDomainMatchesThePolicysEmailGlobs() {
        ProvenancePolicy policy = new PolicyLoader().parse("policy.yml", """
                apiVersion: ai-governance/v1
                provenance:
                  aiIdentities:
                    - { id: build-agent, kind: agent, emails: ["*@agents.corp.example"] }
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "file").provenance();
        PersonIdent bot = person("Build Agent", "runner@agents\u3002corp\uFF61example");
        RevCommit c = git.write("a.txt", "z\n").commit("Change", bot, bot);
        Provenance p = new ProvenanceDetector(policy).detect(git.repository(), List.of(GitFixture.info(c)), "feature/x");
        assertThat(p.source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.agentId()).isEqualTo("build-agent");
    }
}
