package io.jenkins.plugins.aigovernance.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.policy.ScopeEffect;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final PolicyLoader LOADER = new PolicyLoader();

    @TempDir
    Path dir;

    private TestRepo repo;

    @BeforeEach
    void initRepo() throws Exception {
        repo = new TestRepo(dir);
        repo.commit("initial", Map.of("README.md", "# service\n", "main.tf", "# infra\n", "src/app.py", "print('hi')\n"));
    }

    // ------------------------------------------------------------------ the default boundaries

    @Test
    void aiAgentEditingAnIamRoleIsDeniedWithTheAddressInTheMessage() throws Exception {
        ChangeSet change = repo.change("edit iam", Map.of("main.tf", "resource \"aws_iam_role\" \"deployer\" {}\n"),
                List.of(tf("module.ci.aws_iam_role.deployer", "aws_iam_role", ResourceAction.UPDATE)));

        ScopeDecision d = evaluate(LOADER.defaults(), change, agent("claude-code"), "dev");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("ai-no-iam");
            assertThat(v.subject()).isEqualTo("module.ci.aws_iam_role.deployer");
            assertThat(v.subjectKind()).isEqualTo(SubjectKind.RESOURCE);
            assertThat(v.enforcement()).isEqualTo(Enforcement.SOFT_MANDATORY);
            assertThat(v.message()).contains("module.ci.aws_iam_role.deployer").contains("aws_iam_role, update").contains("a human must review it");
        });
        assertThat(d.policy()).isEqualTo(LOADER.defaults().versionLabel());
        assertThat(d.policyDigest()).isEqualTo(LOADER.defaults().source().sha256());
        assertThat(d.fingerprint()).isEqualTo(ChangeFingerprint.of(change));
        assertThat(d.evaluatedAt()).isEqualTo(NOW);
    }

    @Test
    void theSameEditByAHumanIsAllowedButHigh() throws Exception {
        ChangeSet change = repo.change("edit iam", Map.of("main.tf", "resource \"aws_iam_role\" \"deployer\" {}\n"),
                List.of(tf("module.ci.aws_iam_role.deployer", "aws_iam_role", ResourceAction.UPDATE)));
        ChangeContext ctx = context(LOADER.defaults(), change, human(), "dev");
        RiskAssessment risk = new RiskScorer(ctx.policy(), CLOCK).score(change, ctx.provenance(), "dev");

        ScopeDecision d = new ScopeEvaluator(ctx.policy(), CLOCK).evaluate(ctx, risk, List.of());

        assertThat(risk.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(d.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.riskTier()).isEqualTo(RiskTier.HIGH);
        assertThat(d.violations()).isEmpty();
        assertThat(d.requiresApproval()).isFalse();
        assertThat(d.autonomy()).as("people are not limited by autonomy levels").isNull();
        assertThat(d.effectiveSource()).isEqualTo(ChangeSource.HUMAN);
    }

    @Test
    void aiAgentTouchingSharedNetworkingOrCreatingANamespaceIsDenied() throws Exception {
        ChangeSet change = repo.change("net", Map.of("main.tf", "# vpc\n"), List.of(
                tf("aws_vpc.shared", "aws_vpc", ResourceAction.UPDATE),
                k8s("Namespace", null, "payments", ResourceAction.CREATE, Set.of(ResourceTrait.NAMESPACE, ResourceTrait.CLUSTER_SCOPED)),
                tf("kubernetes_namespace.team", "kubernetes_namespace", ResourceAction.CREATE),
                k8s("Namespace", null, "legacy", ResourceAction.UPDATE, Set.of(ResourceTrait.NAMESPACE))));

        ScopeDecision d = evaluate(LOADER.defaults(), change, agent("codex"), "dev");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).extracting(ScopeViolation::rule, ScopeViolation::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ai-no-shared-network", "aws_vpc.shared"),
                org.assertj.core.groups.Tuple.tuple("ai-no-namespace-create", "Namespace/payments"),
                org.assertj.core.groups.Tuple.tuple("ai-no-namespace-create", "kubernetes_namespace.team"));
        assertThat(d.violations().get(0).message()).contains("aws_vpc.shared").contains("a human must review it");
    }

    @Test
    void aiAgentEditingThePolicyFileOrTheJenkinsfileIsDeniedHard() throws Exception {
        repo.commit("ci", Map.of("Jenkinsfile", "buildPlugin()\n"));
        ChangeSet change = repo.change("loosen the rules", Map.of(
                ".ai-governance.yml", "apiVersion: ai-governance/v1\n",
                "Jenkinsfile", "node { sh 'deploy' }\n"), List.of());

        ScopeDecision d = evaluate(LOADER.defaults(), change, agent("claude-code"), "dev");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).extracting(ScopeViolation::rule, ScopeViolation::subject, ScopeViolation::enforcement).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ai-no-governance-policy", ".ai-governance.yml", Enforcement.HARD_MANDATORY),
                org.assertj.core.groups.Tuple.tuple("ai-no-ci-definitions", "Jenkinsfile", Enforcement.HARD_MANDATORY));
        assertThat(d.violations()).allSatisfy(v -> assertThat(v.message()).contains(v.subject()).contains("a human must"));
    }

    @Test
    void unknownProvenanceGetsTheUnknownActorsLevelAndTheAiBoundaries() throws Exception {
        ChangeSet change = repo.change("who knows", Map.of("Jenkinsfile", "node {}\n", "src/app.py", "print('x')\n"), List.of());

        ScopeDecision d = evaluate(LOADER.defaults(), change, Provenance.unknown("no trailers"), "dev");

        assertThat(d.effectiveSource()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(d.autonomy().entry()).isEqualTo("unknownActors");
        assertThat(d.autonomy().level()).isEqualTo(AutonomyLevel.PROPOSE);
        assertThat(d.autonomy().agent()).isEqualTo("unknown");
        assertThat(d.violations()).extracting(ScopeViolation::rule).containsExactly("ai-no-ci-definitions");
    }

    @Test
    void unknownProvenanceLeftUnknownByThePolicyIsStillLimited() throws Exception {
        GovernancePolicy p = policy("""
                provenance: {unknownAs: unknown}
                scope:
                  autonomy: {unknownActors: 0}
                """);
        ChangeSet change = repo.change("who knows", Map.of("src/app.py", "print('x')\n"), List.of());

        ScopeDecision d = evaluate(p, change, Provenance.unknown("no trailers"), "dev");

        assertThat(d.effectiveSource()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).extracting(ScopeViolation::rule).containsExactly("autonomy-read-only");
        assertThat(d.violations().get(0).message()).startsWith("An actor of unknown provenance has autonomy level 0 (read-only) in dev");
    }

    @Test
    void anAiAssistedChangeIsNotLimitedByAutonomyButHumanRulesStillApply() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  rules:
                    - id: no-billing
                      enforcement: hard-mandatory
                      message: "{path}: billing code changes go through the billing team"
                      when: {changeSources: [human, ai-assisted]}
                      match: {paths: ["billing/**"]}
                """);
        ChangeSet change = repo.change("billing", Map.of("billing/invoice.py", "x = 1\n"), List.of());

        ScopeDecision assisted = evaluate(p, change, new Provenance(ChangeSource.AI_ASSISTED, "copilot", null, List.of(), List.of(), List.of()), "dev");
        ScopeDecision byHuman = evaluate(p, change, human(), "dev");
        ScopeDecision byAgent = evaluate(p, change, agent("claude-code"), "dev");

        assertThat(assisted.autonomy()).isNull();
        assertThat(assisted.violations()).extracting(ScopeViolation::message).containsExactly(
                "billing/invoice.py: billing code changes go through the billing team");
        assertThat(byHuman.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(byAgent.violations()).isEmpty();
        assertThat(byAgent.requiresApproval()).isTrue();
    }

    // ------------------------------------------------------------------ autonomy levels

    private static final String AGENT_LEVELS = """
            scope:
              autonomy:
                agents:
                  - id: reader
                    level: 0
                  - id: proposer
                    level: 1
                  - id: sandboxed
                    agents: ["sandbox-*"]
                    level: 1
                    environments:
                      - {environments: [dev, "dev-*", test], level: 2}
                      - {environments: [prod], level: 2}
                    budget: {maxFiles: 3, maxResources: 4, maxDestroys: 1}
                  - id: operator
                    level: 3
                    budget: {maxDestroys: 0}
                    productionActions:
                      - {resourceTypes: [aws_lambda_function], actions: [update]}
                      - {paths: ["deploy/prod/*.version"]}
            """;

    @Test
    void level0AllowsNoChangeAtAll() throws Exception {
        ChangeSet change = repo.change("docs", Map.of("README.md", "# better\n"), List.of());

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("reader"), "dev");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.autonomy().level()).isEqualTo(AutonomyLevel.READ_ONLY);
        assertThat(d.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("autonomy-read-only");
            assertThat(v.message()).contains("reader").contains("level 0").contains("1 files");
        });
    }

    @Test
    void level1AllowsTheChangeOnlyAsAProposal() throws Exception {
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("proposer"), "prod");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.requiresApproval()).isTrue();
        assertThat(d.approvals()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("autonomy-propose");
            assertThat(a.effect()).isEqualTo(ScopeEffect.REQUIRE_APPROVAL);
            assertThat(a.message()).contains("applying one needs a human approval");
        });
    }

    @Test
    void level2ExecutesOutsideProductionWithinItsBudget() throws Exception {
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"),
                List.of(tf("aws_lambda_function.api", "aws_lambda_function", ResourceAction.UPDATE)));

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("sandbox-bot"), "dev-eu");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.requiresApproval()).isFalse();
        assertThat(d.autonomy().entry()).isEqualTo("sandboxed");
        assertThat(d.autonomy().level()).isEqualTo(AutonomyLevel.EXECUTE_SANDBOX);
        assertThat(d.autonomy().production()).isFalse();
    }

    @Test
    void level2AgentTouchingProductionIsDenied() throws Exception {
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());

        ScopeDecision prod = evaluate(policy(AGENT_LEVELS), change, agent("sandbox-bot"), "prod");
        ScopeDecision unknownEnv = evaluate(policy(AGENT_LEVELS), change, agent("sandbox-bot"), null);

        assertThat(prod.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(prod.violations()).extracting(ScopeViolation::rule).containsExactly("autonomy-production");
        assertThat(prod.violations().get(0).message()).contains("sandbox-bot").contains("prod (production)").contains("a human must apply");
        // no environment: the agent's default level (1) applies, and an unknown environment is production
        assertThat(unknownEnv.autonomy().level()).isEqualTo(AutonomyLevel.PROPOSE);
        assertThat(unknownEnv.autonomy().production()).isTrue();
    }

    @Test
    void level2InAnUnknownEnvironmentIsDeniedAsProduction() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  autonomy:
                    agents:
                      - {id: claude-code, level: 2}
                """);
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());

        ScopeDecision d = evaluate(p, change, agent("claude-code"), null);

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("an unknown environment counts as production"));
    }

    @Test
    void aSpellingOfProductionOrAnUnclassifiedNameGetsTheProductionEntrysLevelNotTheAgentsDefault() throws Exception {
        GovernancePolicy p = policy("""
                environments:
                  nonProduction: [perf]
                scope:
                  autonomy:
                    agents:
                      - id: claude-code
                        level: 2
                        environments:
                          - {environments: ["prod*"], level: 1}
                """);
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());
        // before: only the raw name was matched, so these fell through to level 2 (an escalation over prod*'s level 1)
        for (String env : new String[] {"prod", "PROD", "\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "eu-west", "perf-prod", null}) {
            ScopeDecision d = evaluate(p, change, agent("claude-code"), env);
            assertThat(d.autonomy().level()).as(env).isEqualTo(AutonomyLevel.PROPOSE);
            assertThat(d.autonomy().production()).as(env).isTrue();
            assertThat(d.requiresApproval()).as(env).isTrue();
        }
        // the organisation's own non-production name is not production: the agent's level 2 applies and it may act there
        ScopeDecision perf = evaluate(p, change, agent("claude-code"), "perf");
        assertThat(perf.autonomy().level()).isEqualTo(AutonomyLevel.EXECUTE_SANDBOX);
        assertThat(perf.autonomy().production()).isFalse();
        assertThat(perf.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(perf.requiresApproval()).isFalse();
        // the OPA input says the same
        ChangeContext perfContext = context(p, change, agent("claude-code"), "perf");
        assertThat(OpaInput.of(perfContext, new RiskScorer(p, CLOCK).score(perfContext)).production()).isFalse();
        ChangeContext euWest = context(p, change, agent("claude-code"), "eu-west");
        assertThat(OpaInput.of(euWest, new RiskScorer(p, CLOCK).score(euWest)).production()).isTrue();
    }

    @Test
    void aScopeRuleForProductionHoldsWhereThePolicysProductionGlobsSaySo() throws Exception {
        GovernancePolicy p = policy("""
                environments:
                  production: [prod, "eu-*"]
                scope:
                  rules:
                    - id: no-app-in-production
                      message: "{path}: not in production"
                      when: {environments: [production], changeSources: [ai-agent]}
                      match: {paths: ["src/**"]}
                """);
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());
        // before: eu-dev was production for the decision (production: true) but the rule listing production did not hold
        ScopeDecision euDev = evaluate(p, change, agent("claude-code"), "eu-dev");
        assertThat(euDev.production()).isTrue();
        assertThat(euDev.violations()).extracting(ScopeViolation::rule).contains("no-app-in-production");
        assertThat(evaluate(p, change, agent("claude-code"), "dev").violations()).extracting(ScopeViolation::rule)
                .doesNotContain("no-app-in-production");
    }

    @Test
    void agentOverItsDestroyBudgetIsDenied() throws Exception {
        ChangeSet change = repo.change("cleanup", Map.of("main.tf", "# fewer things\n"), List.of(
                tf("aws_lambda_function.old", "aws_lambda_function", ResourceAction.DELETE),
                tf("aws_sqs_queue.jobs", "aws_sqs_queue", ResourceAction.REPLACE),
                tf("aws_lambda_function.api", "aws_lambda_function", ResourceAction.UPDATE)));

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("sandbox-bot"), "test");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("autonomy-budget-destroys");
            assertThat(v.message()).contains("deletes or replaces 2 resources").contains("aws_lambda_function.old, aws_sqs_queue.jobs")
                    .contains("budget of 1");
        });
    }

    @Test
    void agentOverItsFileAndResourceBudgetsIsDenied() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            files.put("src/m" + i + ".py", "x = " + i + "\n");
        }
        List<ResourceChange> resources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            resources.add(tf("aws_lambda_function.f" + i, "aws_lambda_function", ResourceAction.CREATE));
        }
        ChangeSet change = repo.change("big", files, resources);

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("sandbox-bot"), "dev");

        assertThat(d.violations()).extracting(ScopeViolation::rule).containsExactly("autonomy-budget-files", "autonomy-budget-resources");
        assertThat(d.violations().get(0).message()).contains("changed 4 files, over its budget of 3");
    }

    @Test
    void level3TakesOnlyTheListedProductionActions() throws Exception {
        repo.commit("deploy dir", Map.of("deploy/prod/api.version", "1.0\n"));
        ChangeSet listed = repo.change("bump", Map.of("deploy/prod/api.version", "1.1\n"),
                List.of(tf("aws_lambda_function.api", "aws_lambda_function", ResourceAction.UPDATE)));
        ScopeDecision ok = evaluate(policy(AGENT_LEVELS), listed, agent("operator"), "prod");

        ChangeSet unlisted = repo.change("db", Map.of("src/app.py", "print(2)\n"),
                List.of(tf("aws_db_instance.main", "aws_db_instance", ResourceAction.UPDATE),
                        tf("aws_lambda_function.api", "aws_lambda_function", ResourceAction.CREATE)));
        ScopeDecision denied = evaluate(policy(AGENT_LEVELS), unlisted, agent("operator"), "prod");

        assertThat(ok.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(ok.autonomy().level()).isEqualTo(AutonomyLevel.EXECUTE_PRODUCTION_ACTIONS);
        assertThat(denied.violations()).extracting(ScopeViolation::rule, ScopeViolation::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("autonomy-production-action", "src/app.py"),
                org.assertj.core.groups.Tuple.tuple("autonomy-production-action", "aws_db_instance.main"),
                org.assertj.core.groups.Tuple.tuple("autonomy-production-action", "aws_lambda_function.api"));
        assertThat(denied.violations().get(2).message()).contains("aws_lambda_function.api (aws_lambda_function, create)");
    }

    @Test
    void anUnlistedAgentGetsTheDefaultLevel() throws Exception {
        ChangeSet change = repo.change("code", Map.of("src/app.py", "print('bye')\n"), List.of());

        ScopeDecision d = evaluate(policy(AGENT_LEVELS), change, agent("devin"), "dev");

        assertThat(d.autonomy().entry()).isEqualTo("defaultLevel");
        assertThat(d.autonomy().level()).isEqualTo(AutonomyLevel.PROPOSE);
    }

    // ------------------------------------------------------------------ enforcement levels and overrides

    private static final String ENFORCEMENT = """
            scope:
              owners: [platform-lead]
              autonomy:
                agents:
                  - {id: claude-code, level: 2}
              rules:
                - id: no-payments-advisory
                  enforcement: advisory
                  message: "{path} is payments code: consider asking the payments team"
                  match: {paths: ["payments/**"]}
                - id: no-queues
                  enforcement: soft-mandatory
                  owners: [alice, Bob]
                  message: "{address} is a queue ({action}); agents may not change queues: a human must review it"
                  when: {changeSources: [ai-agent]}
                  match: {resourceTypes: [aws_sqs_*]}
            """;

    @Test
    void advisoryRulesAreReportedAndPass() throws Exception {
        ChangeSet change = repo.change("pay", Map.of("payments/charge.py", "x = 1\n"), List.of());

        ScopeDecision d = evaluate(policy(ENFORCEMENT), change, agent("claude-code"), "dev");

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.advisories()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("no-payments-advisory");
            assertThat(a.enforcement()).isEqualTo(Enforcement.ADVISORY);
            assertThat(a.message()).isEqualTo("payments/charge.py is payments code: consider asking the payments team");
        });
    }

    @Test
    void softMandatoryFailsUnlessAnOwnerOverridesItWithAReason() throws Exception {
        ChangeSet change = repo.change("queue", Map.of("main.tf", "# queue\n"),
                List.of(tf("aws_sqs_queue.jobs", "aws_sqs_queue", ResourceAction.UPDATE)));
        ScopeOverride byOwner = new ScopeOverride("no-queues", "bob", "visibility timeout fix, reviewed in INC-42", NOW);

        ScopeDecision without = evaluate(policy(ENFORCEMENT), change, agent("claude-code"), "dev");
        ScopeDecision with = evaluate(policy(ENFORCEMENT), change, agent("claude-code"), "dev", byOwner);

        assertThat(without.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(without.overridable()).isTrue();
        assertThat(with.overridable()).isFalse();
        assertThat(without.violations()).extracting(ScopeViolation::message)
                .containsExactly("aws_sqs_queue.jobs is a queue (update); agents may not change queues: a human must review it");
        assertThat(with.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(with.violations()).isEmpty();
        assertThat(with.overrides()).containsExactly(byOwner);
        assertThat(with.overridden()).extracting(ScopeViolation::rule).containsExactly("no-queues");
        assertThat(with.refusedOverrides()).isEmpty();
    }

    @Test
    void anOverrideByANonOwnerIsRefusedAndReported() throws Exception {
        ChangeSet change = repo.change("queue", Map.of("main.tf", "# queue\n"),
                List.of(tf("aws_sqs_queue.jobs", "aws_sqs_queue", ResourceAction.UPDATE)));
        ScopeOverride byStranger = new ScopeOverride("no-queues", "mallory", "trust me", NOW);
        ScopeOverride noReason = new ScopeOverride("no-queues", "alice", " ", NOW);
        ScopeOverride policyOwnerNotRuleOwner = new ScopeOverride("no-queues", "platform-lead", "urgent", NOW);

        ScopeDecision d = evaluate(policy(ENFORCEMENT), change, agent("claude-code"), "dev", byStranger, noReason, policyOwnerNotRuleOwner);

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.overrides()).isEmpty();
        assertThat(d.refusedOverrides()).extracting(RefusedOverride::reason).containsExactly(
                "'mallory' is not an owner of rule 'no-queues' (owners: alice, Bob)",
                "an override needs a reason",
                "'platform-lead' is not an owner of rule 'no-queues' (owners: alice, Bob)");
        assertThat(d.refusedOverrides().get(0).override()).isEqualTo(byStranger);
    }

    @Test
    void hardMandatoryRulesAndAutonomyLimitsCannotBeOverridden() throws Exception {
        ChangeSet change = repo.change("ci", Map.of("Jenkinsfile", "node {}\n"), List.of());
        GovernancePolicy p = policy("""
                scope:
                  owners: [alice]
                """);

        ScopeDecision d = evaluate(p, change, agent("claude-code"), "prod",
                new ScopeOverride("ai-no-ci-definitions", "alice", "I wrote it", NOW),
                new ScopeOverride("autonomy-propose", "alice", "let it through", NOW),
                new ScopeOverride("ai-no-iam", "alice", "nothing to do", NOW));

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.overridable()).isFalse();
        assertThat(d.requiresApproval()).isTrue();
        assertThat(d.refusedOverrides()).extracting(RefusedOverride::reason).containsExactly(
                "rule 'ai-no-ci-definitions' is hard-mandatory and cannot be overridden",
                "autonomy limits are hard-mandatory and cannot be overridden; raise the agent's level in the policy instead",
                "rule 'ai-no-iam' found nothing in this change; there is nothing to override");
    }

    @Test
    void anAiIdentityListedAsOwnerStillNeverOverrides() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  owners: [alice, claude, copilot-swe-agent]
                  autonomy: {agents: [{id: claude-code, level: 2}]}
                """);
        ChangeSet change = repo.change("iam", Map.of("main.tf", "# iam\n"), List.of(tf("aws_iam_role.ci", "aws_iam_role", ResourceAction.UPDATE)));
        for (String agent : List.of("claude", "copilot-swe-agent")) {
            ScopeDecision d = evaluate(p, change, agent("claude-code"), "dev", new ScopeOverride("ai-no-iam", agent, "looks fine to me", NOW));
            assertThat(d.outcome()).as(agent).isEqualTo(ScopeOutcome.DENY);
            assertThat(d.refusedOverrides()).as(agent).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("AI identities never override"));
        }
    }

    @Test
    void policyOwnersOverrideRulesWithoutOwnersOfTheirOwn() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  owners: [alice]
                  autonomy: {agents: [{id: claude-code, level: 2}]}
                """);
        ChangeSet change = repo.change("iam", Map.of("main.tf", "# iam\n"), List.of(tf("aws_iam_role.ci", "aws_iam_role", ResourceAction.UPDATE)));

        ScopeDecision defaultsNoOwners = evaluate(LOADER.defaults(), change, agent("claude-code"), "dev",
                new ScopeOverride("ai-no-iam", "alice", "ok", NOW));
        ScopeDecision withOwners = evaluate(p, change, agent("claude-code"), "dev", new ScopeOverride("ai-no-iam", "ALICE", "rotating CI role", NOW));

        assertThat(defaultsNoOwners.refusedOverrides()).singleElement().satisfies(r -> assertThat(r.reason()).contains("has no owners"));
        assertThat(withOwners.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(withOwners.requiresApproval()).isFalse();
    }

    @Test
    void requireApprovalRulesAllowTheChangeOnlyWithApprovalFromTheirTier() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  rules:
                    - id: high-needs-approval
                      effect: require-approval
                      enforcement: hard-mandatory
                      message: "{subject}: HIGH or worse changes need a human approval"
                      when: {minTier: HIGH}
                      match: {paths: ["**"]}
                """);
        ChangeSet docs = repo.change("docs", Map.of("README.md", "# more docs\n"), List.of());
        ChangeSet prodConfig = repo.change("prod", Map.of("config/prod/app.yml", "replicas: 3\n"), List.of());

        ScopeDecision low = evaluate(p, docs, human(), "prod");
        ScopeDecision high = evaluate(p, prodConfig, human(), "prod");

        assertThat(low.riskTier()).isEqualTo(RiskTier.LOW);
        assertThat(low.requiresApproval()).isFalse();
        assertThat(high.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(high.requiresApproval()).isTrue();
        assertThat(high.approvals()).extracting(ScopeViolation::message)
                .containsExactly("config/prod/app.yml: HIGH or worse changes need a human approval");
    }

    @Test
    void allowRulesExemptFromSoftButNotFromHardMandatoryRules() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  autonomy: {agents: [{id: claude-code, level: 2}]}
                  rules:
                    - id: ci-role-is-fine-in-dev
                      effect: allow
                      message: "{address}: the CI role may be tuned by agents in dev"
                      when: {environments: [dev]}
                      match: {addresses: ["aws_iam_role.ci"]}
                    - id: jenkinsfile-looks-fine
                      effect: allow
                      message: "{path}"
                      match: {paths: [Jenkinsfile]}
                """);
        ChangeSet change = repo.change("mixed", Map.of("Jenkinsfile", "node {}\n"), List.of(
                tf("aws_iam_role.ci", "aws_iam_role", ResourceAction.UPDATE),
                tf("aws_iam_role.admin", "aws_iam_role", ResourceAction.UPDATE)));

        ScopeDecision d = evaluate(p, change, agent("claude-code"), "dev");

        assertThat(d.exemptions()).extracting(ScopeViolation::subject).containsExactly("aws_iam_role.ci", "Jenkinsfile");
        assertThat(d.violations()).extracting(ScopeViolation::rule, ScopeViolation::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ai-no-iam", "aws_iam_role.admin"),
                org.assertj.core.groups.Tuple.tuple("ai-no-ci-definitions", "Jenkinsfile"));
    }

    // ------------------------------------------------------------------ counts, namespaces, patterns

    @Test
    void countRulesFireOnTheNumberOfSelectedSubjects() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  rules:
                    - id: at-most-two-lambdas
                      enforcement: hard-mandatory
                      message: "{count} functions change at once ({subject}); split the change"
                      maxMatches: 2
                      match: {resourceTypes: [aws_lambda_function]}
                    - id: many-deletes-advisory
                      enforcement: advisory
                      message: "{count} deletions"
                      minMatches: 3
                      match: {actions: [delete]}
                """);
        List<ResourceChange> three = List.of(tf("aws_lambda_function.a", "aws_lambda_function", ResourceAction.UPDATE),
                tf("aws_lambda_function.b", "aws_lambda_function", ResourceAction.DELETE),
                tf("aws_lambda_function.c", "aws_lambda_function", ResourceAction.UPDATE),
                tf("aws_lambda_function.d", "aws_lambda_function", ResourceAction.UPDATE));
        ChangeSet change = repo.change("fns", Map.of("main.tf", "# fns\n"), three);

        ScopeDecision d = evaluate(p, change, human(), "dev");

        assertThat(d.violations()).singleElement().satisfies(v -> {
            assertThat(v.subjectKind()).isEqualTo(SubjectKind.CHANGE);
            assertThat(v.message()).isEqualTo("4 functions change at once (aws_lambda_function.a, aws_lambda_function.b, aws_lambda_function.c (+1 more)); split the change");
        });
        assertThat(d.advisories()).as("one deletion is under minMatches").isEmpty();
    }

    @Test
    void crossNamespaceAndOutsideAgentNamespaceChangesAreDetected() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  autonomy:
                    agents:
                      - {id: claude-code, level: 2, namespaces: ["team-a", "team-a-*"]}
                  rules:
                    - id: one-namespace-at-a-time
                      message: "the change spans namespaces {namespace}: a human must review it"
                      crossNamespace: true
                      match: {sources: [kubernetes]}
                    - id: own-namespaces-only
                      enforcement: hard-mandatory
                      message: "{address} is in namespace {namespace}, outside the namespaces of {agent}: a human must review it"
                      outsideAgentNamespaces: true
                      match: {sources: [kubernetes]}
                """);
        ChangeSet change = repo.change("k8s", Map.of("k8s/app.yaml", "kind: Deployment\n"), List.of(
                k8s("Deployment", "team-a", "api", ResourceAction.UPDATE, Set.of()),
                k8s("Deployment", "team-a-dev", "api", ResourceAction.UPDATE, Set.of()),
                k8s("ConfigMap", "team-b", "shared", ResourceAction.UPDATE, Set.of())));
        ChangeSet single = repo.change("k8s one", Map.of("k8s/app.yaml", "kind: Deployment\nmetadata: {}\n"), List.of(
                k8s("Deployment", "team-a", "api", ResourceAction.UPDATE, Set.of())));

        ScopeDecision d = evaluate(p, change, agent("claude-code"), "dev");
        ScopeDecision ok = evaluate(p, single, agent("claude-code"), "dev");
        ScopeDecision human = evaluate(p, single, human(), "dev");

        assertThat(d.violations()).extracting(ScopeViolation::rule, ScopeViolation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("one-namespace-at-a-time", "the change spans namespaces team-a, team-a-dev, team-b: a human must review it"),
                org.assertj.core.groups.Tuple.tuple("own-namespaces-only",
                        "ConfigMap/team-b/shared is in namespace team-b, outside the namespaces of claude-code: a human must review it"));
        assertThat(ok.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(human.outcome()).isEqualTo(ScopeOutcome.ALLOW);
    }

    @Test
    void aHostileRegularExpressionInARuleRunsInLinearTime() throws Exception {
        GovernancePolicy p = policy("""
                scope:
                  rules:
                    - id: hostile
                      enforcement: hard-mandatory
                      message: "{path} matched"
                      match: {pathPatterns: ["(a+)+$"], resourceTypes: []}
                """);
        // 3,000 characters of a's with a '/' every 200 and a '!' at the end (file names are at most 255 bytes)
        String evil = ("a".repeat(199) + "/").repeat(15) + "a".repeat(100) + "!";
        ChangeSet change = repo.change("evil", Map.of(evil, "1\n", "aaaa", "2\n"), List.of());

        ScopeDecision d = evaluate(p, change, human(), "dev");

        // backtracking engines take exponential time on the first path; RE2 answers at once
        assertThat(d.violations()).extracting(ScopeViolation::subject).containsExactly("aaaa");
    }

    @Test
    void backReferencesAndBadLevelsAreRefusedWhenThePolicyIsLoaded() {
        assertThatThrownBy(() -> policy("""
                scope:
                  rules:
                    - id: backref
                      message: "x"
                      match: {pathPatterns: ["(a)\\\\1"]}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("scope.rules[0].match[0].pathPatterns[0]")
                .hasMessageContaining("RE2 syntax");
        assertThatThrownBy(() -> policy("""
                scope:
                  autonomy:
                    agents:
                      - {id: claude-code, level: 7}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("autonomy level must be 0");
        assertThatThrownBy(() -> policy("""
                scope:
                  rules:
                    - {id: x, enforcement: strict, message: m, match: {paths: ["*"]}}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining(".ai-governance.yml:5:").hasMessageContaining("unknown enforcement level 'strict'");
    }

    @Test
    void manyFindingsOfOneRuleAreListedUpToALimit() throws Exception {
        List<ResourceChange> roles = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            roles.add(tf("aws_iam_role.r" + i, "aws_iam_role", ResourceAction.CREATE));
        }
        ChangeSet change = repo.change("roles", Map.of("main.tf", "# roles\n"), roles);

        ScopeDecision d = evaluate(LOADER.defaults(), change, agent("claude-code"), "dev");

        assertThat(d.violations()).hasSize(ScopeEvaluator.MAX_FINDINGS_PER_RULE + 1);
        assertThat(d.violations().get(ScopeEvaluator.MAX_FINDINGS_PER_RULE).message())
                .isEqualTo("70 more files or resources match rule 'ai-no-iam' (only the first 50 are listed)");
    }

    @Test
    void theDecisionHasAStableJsonForm() throws Exception {
        ChangeSet change = repo.change("iam", Map.of("main.tf", "# iam\n"), List.of(tf("aws_iam_role.ci", "aws_iam_role", ResourceAction.UPDATE)));
        ScopeDecision d = evaluate(LOADER.defaults(), change, agent("claude-code"), "dev", new ScopeOverride("ai-no-iam", "x", "y", NOW));

        var mapper = JsonDocuments.newMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(d));

        assertThat(json.get("outcome").asText()).isEqualTo("deny");
        assertThat(json.get("requiresApproval").asBoolean()).isTrue();
        assertThat(json.get("violations").get(0).get("enforcement").asText()).isEqualTo("soft-mandatory");
        assertThat(json.get("violations").get(0).get("effect").asText()).isEqualTo("deny");
        assertThat(json.get("violations").get(0).get("subjectKind").asText()).isEqualTo("resource");
        assertThat(json.get("autonomy").get("level").asText()).isEqualTo("propose");
        assertThat(json.get("autonomy").get("levelNumber").asInt()).isEqualTo(1);
        assertThat(json.get("refusedOverrides").get(0).get("override").get("at").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(json.get("fingerprint").asText()).startsWith("sha256:");
        assertThat(json.get("evaluatedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(mapper.readValue(mapper.writeValueAsString(d), ScopeDecision.class)).isEqualTo(d);
    }

    @Test
    void anEvaluatorRefusesAChangeReadUnderAnotherPolicy() throws Exception {
        ChangeSet change = repo.change("x", Map.of("README.md", "# y\n"), List.of());
        ChangeContext ctx = context(policy(AGENT_LEVELS), change, human(), "dev");

        assertThatThrownBy(() -> new ScopeEvaluator(LOADER.defaults(), CLOCK).evaluate(ctx, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compiled for builtin@1");
    }

    // ------------------------------------------------------------------ helpers

    private static GovernancePolicy policy(String scopeYaml) {
        String yaml = "apiVersion: ai-governance/v1\nmetadata: {name: test, version: \"3\"}\n" + scopeYaml;
        return LOADER.parse(".ai-governance.yml", yaml.getBytes(StandardCharsets.UTF_8), "file");
    }

    private static ScopeDecision evaluate(GovernancePolicy p, ChangeSet change, Provenance who, String env, ScopeOverride... overrides) {
        return new ScopeEvaluator(p, CLOCK).evaluate(context(p, change, who, env), List.of(overrides));
    }

    private static ChangeContext context(GovernancePolicy p, ChangeSet change, Provenance who, String env) {
        return new ChangeContext(change, ChangeFingerprint.of(change), who, p, env, null);
    }

    private static Provenance agent(String id) {
        return new Provenance(ChangeSource.AI_AGENT, id, null, List.of("author is " + id), List.of(), List.of());
    }

    private static Provenance human() {
        return new Provenance(ChangeSource.HUMAN, null, null, List.of("author is a person"), List.of(), List.of());
    }

    static ResourceChange tf(String address, String type, ResourceAction action) {
        String name = address.substring(address.lastIndexOf('.') + 1);
        return new ResourceChange(ResourceSource.TERRAFORM, address, type, "registry.terraform.io/hashicorp/aws", name, null, action, Set.of(),
                null, List.of());
    }

    static ResourceChange k8s(String kind, String namespace, String name, ResourceAction action, Set<ResourceTrait> traits) {
        String address = kind + "/" + (namespace == null ? "" : namespace + "/") + name;
        return new ResourceChange(ResourceSource.KUBERNETES, address, kind, "v1", name, namespace, action, traits, "k8s/app.yaml", List.of());
    }

    /** A throw-away git repository: each commit writes files on top of the previous one. */
    private static final class TestRepo {
        private final Path dir;
        private final Git git;

        TestRepo(Path dir) throws Exception {
            this.dir = dir;
            this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        }

        String commit(String message, Map<String, String> files) throws Exception {
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
            }
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Dev", "dev@example.com");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call().name();
        }

        /** Commits the files and returns the change from the previous head, with plan-derived resources added. */
        ChangeSet change(String message, Map<String, String> files, List<ResourceChange> resources) throws Exception {
            String base = git.getRepository().resolve("HEAD").name();
            String head = commit(message, files);
            try (Repository r = GitChangeReader.open(dir)) {
                return GitChangeReader.read(r, base, head).plus(resources, List.of());
            } catch (RuntimeException e) {
                throw new IOException(e);
            }
        }
    }
}
