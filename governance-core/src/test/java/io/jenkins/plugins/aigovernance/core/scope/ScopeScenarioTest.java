package io.jenkins.plugins.aigovernance.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
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
 * Scope decisions end to end: real git repositories whose commits are made by an AI agent or a
 * person, real Terraform plan files, the policy committed at the base revision.
 */
class ScopeScenarioTest {

    private static final PersonIdent AGENT = GitFixture.person("Claude", "noreply@anthropic.com");
    private static final String ROLE_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path dir;

    private GitFixture git;
    private String base;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private final GovernanceEngine engine = new GovernanceEngine(clock);

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write(".ai-governance.yml", """
                apiVersion: ai-governance/v1
                metadata: {name: platform, version: "4"}
                scope:
                  owners: [olivia]
                  autonomy:
                    defaultLevel: 1
                    agents:
                      - id: claude
                        agents: [claude-code]
                        level: 2
                        budget: {maxFiles: 20, maxResources: 10, maxDestroys: 1}
                """).write("infra/main.tf", "# infra\n").write("README.md", "# infra\n");
        base = git.commit("policy", GitFixture.ALICE).name();
    }

    private record Outcome(RiskAssessment risk, ScopeDecision scope) {
    }

    private Outcome decide(PersonIdent author, String environment, TerraformPlanFixture plan, List<ScopeOverride> overrides) {
        git.write("infra/main.tf", "# infra " + System.nanoTime() + "\n");
        git.commit("infra change", author);
        Path planFile = plan == null ? null : plan.writeTo(dir.resolve("plan-" + System.nanoTime() + ".json"));
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", planFile, null, null, environment, null));
        RiskAssessment risk = engine.assessRisk(ctx);
        return new Outcome(risk, new ScopeEvaluator(ctx.policy(), clock).evaluate(ctx, risk, overrides));
    }

    private static TerraformPlanFixture iamRole() {
        return new TerraformPlanFixture().change("aws_iam_role.deployer", "aws_iam_role", "[\"update\"]",
                TerraformPlanFixture.policyAttribute("assume_role_policy", ROLE_TRUST));
    }

    @Test
    void agentEditingAnIamRoleIsDeniedNamingTheAddress() {
        Outcome o = decide(AGENT, "staging", iamRole(), List.of());
        assertThat(o.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(o.scope().violations()).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("ai-no-iam");
            assertThat(v.subject()).isEqualTo("aws_iam_role.deployer");
            assertThat(v.message()).contains("aws_iam_role.deployer").containsIgnoringCase("human");
        });
        assertThat(o.scope().policy()).startsWith("platform@4");
    }

    @Test
    void theSameEditByAPersonIsAllowedButHigh() {
        Outcome o = decide(GitFixture.BOB, "staging", iamRole(), List.of());
        assertThat(o.scope().outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(o.scope().violations()).isEmpty();
        assertThat(o.risk().tier()).isEqualTo(RiskTier.HIGH);
    }

    @Test
    void levelTwoAgentTouchingProductionIsDenied() {
        TerraformPlanFixture plan = new TerraformPlanFixture().change("aws_instance.web", "aws_instance", "[\"update\"]", "{\"instance_type\":\"t3.large\"}");
        assertThat(decide(AGENT, "staging", plan, List.of()).scope().outcome()).isEqualTo(ScopeOutcome.ALLOW);
        Outcome prod = decide(AGENT, "prod", plan, List.of());
        assertThat(prod.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(prod.scope().violations()).anySatisfy(v -> assertThat(v.message()).containsIgnoringCase("production"));
        Outcome unknownEnvironment = decide(AGENT, null, plan, List.of());
        assertThat(unknownEnvironment.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
    }

    @Test
    void agentOverItsDestroyBudgetIsDenied() {
        TerraformPlanFixture plan = new TerraformPlanFixture()
                .change("aws_instance.a", "aws_instance", "[\"delete\"]", "null")
                .change("aws_instance.b", "aws_instance", "[\"delete\"]", "null");
        Outcome o = decide(AGENT, "staging", plan, List.of());
        assertThat(o.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(o.scope().violations()).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("autonomy-budget-destroys");
            assertThat(v.message()).contains("2 resources").contains("budget of 1");
        });
    }

    @Test
    void agentEditingTheJenkinsfileOrThePolicyIsDeniedWithoutOverride() {
        git.write("Jenkinsfile", "pipeline { agent any }\n").write(".ai-governance.yml", "apiVersion: ai-governance/v1\n");
        Outcome o = decide(AGENT, "staging", null, List.of(new ScopeOverride("ai-no-ci-definitions", "olivia", "trust me", clock.instant())));
        assertThat(o.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(o.scope().violations()).extracting(ScopeViolation::rule).contains("ai-no-ci-definitions", "ai-no-governance-policy");
        assertThat(o.risk().tier()).isEqualTo(RiskTier.CRITICAL);
    }

    @Test
    void softMandatoryIamDenyCanBeOverriddenByAnOwnerOnly() {
        Outcome refused = decide(AGENT, "staging", iamRole(), List.of(new ScopeOverride("ai-no-iam", "mallory", "please", clock.instant())));
        assertThat(refused.scope().outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(refused.scope().refusedOverrides()).singleElement().satisfies(r -> assertThat(r.reason()).contains("mallory"));
        Outcome overridden = decide(AGENT, "staging", iamRole(),
                List.of(new ScopeOverride("ai-no-iam", "olivia", "INC-42: reviewed the trust policy", clock.instant())));
        assertThat(overridden.scope().outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(overridden.scope().overrides()).singleElement().satisfies(r -> assertThat(r.reason()).contains("INC-42"));
    }
}
