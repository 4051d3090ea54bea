package io.jenkins.plugins.aigovernance.core;

import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.approval.ExclusionKind;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.ci.CiEnvironment;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.core.decision.CanaryDeciders;
import io.jenkins.plugins.aigovernance.core.decision.DecisionOwners;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.provenance.DeclaredAgent;
import io.jenkins.plugins.aigovernance.core.resolution.GlobalPolicy;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyChain;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOutcome;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's front door: each decision the CLI and the Jenkins plugin share, on real git repositories. */
class GovernanceEngineFrontDoorTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private GitFixture git;
    private final GovernanceEngine engine = new GovernanceEngine(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void repo() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# app\n").commit("Initial commit");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private ChangeRequest request(Path policyFile) {
        return new ChangeRequest(git.directory(), "HEAD~1", "HEAD", null, null, policyFile, "dev", null);
    }

    private static String template(String name, int firstWeight) {
        return """
                apiVersion: ai-governance/v1
                canary:
                  templates:
                    - name: %s
                      metrics:
                        - name: error-rate
                          query: sum(rate(errors[1m]))
                          successCondition: result[0] < 0.02
                          interval: 30s
                          count: 2
                      steps:
                        - setWeight: %d
                        - analysis: {}
                        - setWeight: 100
                """.formatted(name, firstWeight);
    }

    // ------------------------------------------------------------------ source branch

    @Test
    void aPullRequestAliasNeverHidesTheAgentBranch() {
        git.write("src/App.java", "class App {}\n").commit("Fix the app");
        CiEnvironment jenkinsPr = CiEnvironment.of(Map.of("BRANCH_NAME", "PR-12", "CHANGE_BRANCH", "claude/fix-x"));

        ChangeContext ctx = engine.analyze(request((Path) null), PolicyChain.repository(), jenkinsPr);

        assertThat(ctx.branch()).isEqualTo("claude/fix-x");
        assertThat(ctx.provenance().source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(ctx.provenance().agentId()).isEqualTo("claude-code");
        // the alias alone says nothing about the agent: the change is the person's
        ChangeContext aliasOnly = engine.analyze(request((Path) null), PolicyChain.repository(), CiEnvironment.of(Map.of("BRANCH_NAME", "PR-12")));
        assertThat(aliasOnly.branch()).isNull();
        assertThat(aliasOnly.provenance().source()).isEqualTo(ChangeSource.HUMAN);
    }

    @Test
    void aBranchTheRequestNamesWinsOverTheCiVariables() {
        git.write("src/App.java", "class App {}\n").commit("Fix the app");
        ChangeRequest named = new ChangeRequest(git.directory(), "HEAD~1", "HEAD", null, null, null, "dev", "feature/x");

        ChangeContext ctx = engine.analyze(named, PolicyChain.repository(), CiEnvironment.of(Map.of("CHANGE_BRANCH", "claude/fix-x")));

        assertThat(ctx.branch()).isEqualTo("feature/x");
        assertThat(ctx.provenance().source()).isEqualTo(ChangeSource.HUMAN);
    }

    // ------------------------------------------------------------------ policy resolution chain

    @Test
    void theGlobalDefaultPolicyIsUsedWhenTheRepositoryHasNone() {
        git.write("src/App.java", "class App {}\n").commit("Change");
        GlobalPolicy global = new GlobalPolicy("Jenkins global default policy",
                "apiVersion: ai-governance/v1\nmetadata: {name: corp-default, version: '7'}\n".getBytes(StandardCharsets.UTF_8));

        ChangeContext ctx = engine.analyze(request((Path) null), new PolicyChain(null, null, global), CiEnvironment.empty());

        assertThat(ctx.policy().source().origin()).isEqualTo("global-default");
        assertThat(ctx.policy().source().name()).isEqualTo("Jenkins global default policy");
        assertThat(engine.policy(request((Path) null), new PolicyChain(null, null, global)).source().sha256())
                .isEqualTo(ctx.policy().source().sha256());
    }

    @Test
    void aBrokenGlobalPolicyFailsClosedNamingIt() {
        git.write("src/App.java", "class App {}\n").commit("Change");
        GlobalPolicy broken = new GlobalPolicy("Jenkins global default policy",
                "apiVersion: ai-governance/v1\nrisk: {nope: 1}\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> engine.analyze(request((Path) null), new PolicyChain(null, null, broken), CiEnvironment.empty()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("Jenkins global default policy");
    }

    @Test
    void theRepositoryFileAtTheBaseBeatsTheGlobalDefault() {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nmetadata: {name: repo-policy, version: '1'}\n").commit("Policy");
        git.write("src/App.java", "class App {}\n").commit("Change");
        GlobalPolicy global = new GlobalPolicy("global", "apiVersion: ai-governance/v1\n".getBytes(StandardCharsets.UTF_8));

        GovernancePolicy p = engine.policy(request((Path) null), new PolicyChain(null, null, global));

        assertThat(p.source().origin()).isEqualTo("base-commit");
        assertThat(p.source().name()).startsWith(".ai-governance.yml@");
    }

    @Test
    void theExplicitFileBeatsTheJobFileWhichBeatsTheRepository() throws Exception {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\n").commit("Policy");
        git.write("src/App.java", "class App {}\n").commit("Change");
        Path explicit = Files.writeString(dir.resolve("step.yml"), "apiVersion: ai-governance/v1\n");
        Path job = Files.writeString(dir.resolve("job.yml"), "apiVersion: ai-governance/v1\n");

        assertThat(engine.policy(request((Path) null), new PolicyChain(explicit, job, null)).source().name()).isEqualTo(explicit.toString());
        assertThat(engine.policy(request((Path) null), new PolicyChain(null, job, null)).source().name()).isEqualTo(job.toString());
        // the request's file (aigov --policy) is the chain's explicit file
        assertThat(engine.policy(request(explicit), new PolicyChain(null, job, null)).source().name()).isEqualTo(explicit.toString());
    }

    @Test
    void aJobPolicyFileTheChangeEditsIsReadAtTheBase() {
        git.write("policy/job.yml", "apiVersion: ai-governance/v1\nmetadata: {name: strict, version: '1'}\n").commit("Job policy");
        git.write("policy/job.yml", "apiVersion: ai-governance/v1\nmetadata: {name: lax, version: '2'}\n").commit("Relax the job policy");

        GovernancePolicy p = engine.policy(request((Path) null), new PolicyChain(null, git.directory().resolve("policy/job.yml"), null));

        assertThat(p.source().origin()).isEqualTo("base-revision");
        assertThat(p.metadata().name()).isEqualTo("strict");
    }

    // ------------------------------------------------------------------ canary templates at the base revision

    @Test
    void aChangeThatEditsItsCanaryTemplateIsJudgedByTheBaseVersion() {
        git.write(".ai-governance.yml", template("checkout", 5)).commit("Canary template");
        git.write(".ai-governance.yml", template("checkout", 100)).write("src/App.java", "class App {}\n").commit("Go straight to 100%");

        CanaryPlan plan = engine.canaryTemplate(request((Path) null), PolicyChain.repository(), "checkout");

        assertThat(plan.steps().get(0).setWeight()).isEqualTo(5);
    }

    @Test
    void aTemplateTheChangeAddsDoesNotExist() {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\n").commit("Policy");
        git.write(".ai-governance.yml", template("yolo", 100)).commit("Add my own canary");

        assertThatThrownBy(() -> engine.canaryTemplate(request((Path) null), PolicyChain.repository(), "yolo"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no canary template named 'yolo'");
    }

    @Test
    void aGlobalTemplateIsFoundThroughTheSameChain() {
        git.write("src/App.java", "class App {}\n").commit("Change");
        GlobalPolicy global = new GlobalPolicy("Jenkins global default policy", template("checkout", 10).getBytes(StandardCharsets.UTF_8));

        CanaryPlan plan = engine.canaryTemplate(request((Path) null), new PolicyChain(null, null, global), "checkout");

        assertThat(plan.steps().get(0).setWeight()).isEqualTo(10);
    }

    // ------------------------------------------------------------------ fingerprint-only read, apply check

    @Test
    void theFingerprintOnlyReadMatchesTheAnalysis() {
        git.write("src/App.java", "class App {}\n").commit("Change");

        ChangeFingerprint fp = engine.fingerprint(request((Path) null));

        assertThat(fp).isEqualTo(engine.analyze(request((Path) null)).fingerprint());
        git.write("src/App.java", "class App { int x; }\n").commit("Change again");
        assertThat(engine.fingerprint(request((Path) null))).isNotEqualTo(fp);
    }

    /** A policy under which every change needs one person from ops. */
    private Path opsPolicy() throws Exception {
        return Files.writeString(dir.resolve("ops.yml"), """
                apiVersion: ai-governance/v1
                approval:
                  tiers:
                    LOW: {slots: [{group: ops, count: 1}]}
                    MEDIUM: {slots: [{group: ops, count: 1}]}
                    HIGH: {slots: [{group: ops, count: 1}]}
                    CRITICAL: {slots: [{group: ops, count: 1}]}
                """);
    }

    private ApprovalEvaluation approved(ChangeContext ctx, RiskAssessment risk) {
        ApprovalRequirement req = engine.approvalRequirement(ctx, risk, null, List.of());
        ApprovalRequest request = engine.openApproval(req, Duration.ofMinutes(30));
        List<Approval> decisions = req.slots().stream()
                .flatMap(s -> java.util.stream.IntStream.range(0, s.count())
                        .mapToObj(i -> Approval.approve(s.group() + "-approver-" + i, s.group() + i + "@corp.example", List.of(s.group()),
                                req.fingerprint(), req.tier(), NOW).forEnvironment(req.environment())))
                .toList();
        return engine.evaluateApproval(request, decisions);
    }

    @Test
    void mayApplyOnlyTheApprovedChangeWhileTheApprovalIsFresh() throws Exception {
        git.write("main.tf", "resource \"aws_iam_role\" \"r\" {}\n").commit("IAM role");
        ChangeContext ctx = engine.analyze(request(opsPolicy()));
        RiskAssessment risk = engine.assessRisk(ctx);
        ApprovalEvaluation approval = approved(ctx, risk);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approval.filled()).hasSize(1);

        assertThat(approval.environment()).isEqualTo("dev");
        assertThat(engine.mayApply(approval, engine.fingerprint(request((Path) null)), "dev").allowed()).isTrue();

        ApplyCheck none = engine.mayApply(null, ctx.fingerprint(), "dev");
        assertThat(none.allowed()).isFalse();
        assertThat(none.whyNot()).contains("no approval");
        assertThat(none.refusal()).isEqualTo(ApplyCheck.Refusal.NO_APPROVAL);
        ApplyCheck unknown = engine.mayApply(approval, null, "dev");
        assertThat(unknown.allowed()).isFalse();
        assertThat(unknown.refusal()).isEqualTo(ApplyCheck.Refusal.CHANGE_UNKNOWN);

        // the approval was for dev: an apply to production, or one that names no environment, is refused
        ApplyCheck prod = engine.mayApply(approval, ctx.fingerprint(), "production");
        assertThat(prod.allowed()).isFalse();
        assertThat(prod.refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
        assertThat(prod.environment()).isEqualTo("production");
        assertThat(prod.whyNot()).contains("the approval was for environment dev, but this apply is for production");
        ApplyCheck unnamed = engine.mayApply(approval, ctx.fingerprint(), null);
        assertThat(unnamed.refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
        assertThat(unnamed.whyNot()).contains("this apply names no environment");

        git.write("main.tf", "resource \"aws_iam_role\" \"r2\" {}\n").commit("Sneak another change in");
        ApplyCheck moved = engine.mayApply(approval, engine.fingerprint(since("HEAD~2")), "dev");
        assertThat(moved.allowed()).isFalse();
        assertThat(moved.whyNot()).contains("the change moved");
        assertThat(moved.refusal()).isEqualTo(ApplyCheck.Refusal.MOVED);

        ApplyCheck stale = new GovernanceEngine(Clock.fixed(NOW.plus(Duration.ofMinutes(31)), ZoneOffset.UTC))
                .mayApply(approval, ctx.fingerprint(), "dev");
        assertThat(stale.allowed()).isFalse();
        assertThat(stale.whyNot()).contains("went stale");
        assertThat(stale.refusal()).isEqualTo(ApplyCheck.Refusal.STALE);
    }

    private ChangeRequest since(String base) {
        return new ChangeRequest(git.directory(), base, "HEAD", null, null, null, "dev", null);
    }

    // ------------------------------------------------------------------ requirement, declared agents, owners

    @Test
    void aiAccountsOfTheFrontEndMayNotApprove() {
        git.write("main.tf", "resource \"aws_iam_role\" \"r\" {}\n").commit("IAM role");
        ChangeContext ctx = engine.analyze(request((Path) null));

        ApprovalRequirement r = engine.approvalRequirement(ctx, engine.assessRisk(ctx), "initiator", List.of("ai-bot"));

        assertThat(r.exclusionOf("ai-bot", null)).isNotNull()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(ExclusionKind.AI_IDENTITY));
        assertThat(r.exclusionOf("initiator", null)).isNotNull();
    }

    @Test
    void aDeclaredAgentMakesAPersonsChangeAnAgentChange() {
        git.write("src/App.java", "class App {}\n").commit("Change");
        ChangeContext ctx = engine.analyze(request((Path) null));
        assertThat(ctx.provenance().source()).isEqualTo(ChangeSource.HUMAN);

        GovernanceEngine.DeclaredReading r = engine.withDeclaredAgent(ctx, new DeclaredAgent("claude-code", "aiScopeCheck(agent: 'claude-code')"));

        assertThat(r.context().provenance().source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(r.context().provenance().agentId()).isEqualTo("claude-code");
        assertThat(r.context().provenance().evidence()).last().asString().contains("aiScopeCheck(agent: 'claude-code')");
        assertThat(r.context().fingerprint()).isEqualTo(ctx.fingerprint());
        assertThat(r.mismatch()).isNull();
    }

    @Test
    void aDeclaredAgentNeverReplacesTheDetectedOne() {
        git.write("src/App.java", "class App {}\n").commit("Change");
        ChangeContext ctx = engine.analyze(request((Path) null), PolicyChain.repository(), CiEnvironment.of(Map.of("CHANGE_BRANCH", "claude/x")));

        GovernanceEngine.DeclaredReading r = engine.withDeclaredAgent(ctx, new DeclaredAgent("devin", null));

        assertThat(r.context().provenance().agentId()).isEqualTo("claude-code");
        assertThat(r.mismatch()).isEqualTo("claude-code");
    }

    @Test
    void softMandatoryRulesAreOverriddenByTheirOwnersElseThePolicyOwners() throws Exception {
        Path policy = Files.writeString(dir.resolve("scope.yml"), """
                apiVersion: ai-governance/v1
                scope:
                  owners: [platform-lead]
                  rules:
                    - id: no-billing
                      enforcement: soft-mandatory
                      owners: [billing-lead]
                      message: "{path}: billing"
                      match: {paths: ["billing/**"]}
                    - id: no-infra
                      enforcement: soft-mandatory
                      message: "{path}: infra"
                      match: {paths: ["infra/**"]}
                    - id: no-secrets
                      enforcement: hard-mandatory
                      message: "{path}: secrets"
                      match: {paths: ["secrets/**"]}
                """);
        git.write("billing/a.py", "x = 1\n").write("infra/b.tf", "# b\n").write("secrets/c", "c\n").commit("Everything at once");
        ChangeContext ctx = engine.analyze(request(policy));
        RiskAssessment risk = engine.assessRisk(ctx);

        ScopeDecision d = engine.checkScope(ctx, risk, List.of(), List.of());

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        Map<String, List<String>> owners = engine.overrideOwners(d, ctx.policy());
        assertThat(owners).containsExactly(Map.entry("no-billing", List.of("billing-lead")), Map.entry("no-infra", List.of("platform-lead")));
        assertThat(DecisionOwners.anyOwner(owners)).containsExactly("billing-lead", "platform-lead");
    }

    @Test
    void nobodyDecidesAPausedCanaryWithoutApproverGroups() throws Exception {
        assertThat(engine.canaryDeciders(null, Duration.ofMinutes(30)).anyone()).isFalse();
        git.write("main.tf", "resource \"aws_iam_role\" \"r\" {}\n").commit("IAM role");
        ChangeContext ctx = engine.analyze(request(opsPolicy()));
        ApprovalRequirement req = engine.approvalRequirement(ctx, engine.assessRisk(ctx), null, List.of());
        assertThat(req.needsPeople()).isTrue();

        CanaryDeciders d = engine.canaryDeciders(req, Duration.ofMinutes(7));

        assertThat(d.anyone()).isTrue();
        assertThat(d.decision().timeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(d.decision().breakGlass().enabled()).isFalse();
        assertThat(d.decision().slots()).isEqualTo(req.slots());
        assertThat(d.decision().excluded()).isEqualTo(req.excluded());
        ApprovalRequirement noPeople = new ApprovalRequirement(req.fingerprint(), RiskTier.LOW, List.of(), false, List.of(),
                Duration.ofMinutes(5), null, req.policy(), null);
        assertThat(engine.canaryDeciders(noPeople, Duration.ofMinutes(7)).nobody()).contains("names no approver groups for tier LOW");
    }
}
