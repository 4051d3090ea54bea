package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.metrics.AgentReliability;
import io.jenkins.plugins.aigovernance.core.metrics.Distribution;
import io.jenkins.plugins.aigovernance.core.metrics.DoraMetrics;
import io.jenkins.plugins.aigovernance.core.metrics.GuardrailMetrics;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsCalculator;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsReport;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log written the way the Jenkins steps write it ({@link PipelineTrail}: real repository, real risk
 * assessments, the engine's event factory) and every DORA metric, the guardrails, the agent
 * reliability rows and the incident answer checked against numbers worked out by hand.
 *
 * <p>The repository's fixture stamps commit n at 2025-01-01T00:0n (author time). Builds on day 1 (T):
 * <pre>
 * A claude-code ai-agent  infra/iam/roles.tf (2 commits, 00:02 00:03)  HIGH iam
 *     risk 01:00, scope allow 01:01, request 01:02, alice 01:32, credentials 01:40, applied 02:00
 * B human                 src/.../Cart.java (00:04)                    MEDIUM app-code
 *     risk 03:00, scope allow 03:01, applied 04:00, rollback-failed 04:30, rolled-back 05:00
 * C copilot ai-agent      Jenkinsfile (00:05)                          CRITICAL ci
 *     risk 06:00, scope allow 06:01, request 06:05, bob 06:15, carol 06:45, canary promoted 07:00,
 *     apply block ends 07:10 (same build: no second deployment), rolled back by dan 09:00
 * D claude-code ai-agent  docs/guide.md (00:06)                        LOW docs
 *     risk 10:00, scope allow 10:01, applied on day 4 at 10:00
 * E human                 src/.../Late.java (00:07)                    MEDIUM app-code
 *     risk 00:06:00, applied 00:06:30 — before its own commit time: clock skew
 * F claude-code ai-agent  infra/iam/admin.tf (00:08)                   HIGH iam
 *     risk 11:00, scope deny 11:01
 * </pre>
 */
class PipelineHistoryTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    private static final PersonIdent CLAUDE = GitFixture.person("Claude", "noreply@anthropic.com");
    private static final PersonIdent COPILOT = GitFixture.person("Copilot", "198982749+Copilot@users.noreply.github.com");
    private static final double MIN = 60;

    @TempDir
    static Path dir;

    private static Path logFile;
    private static final Map<String, String> FP = new java.util.HashMap<>();
    private static final Map<String, Integer> RADIUS = new java.util.HashMap<>();

    private static Instant at(int day, int hour, int minute) {
        return T.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    @BeforeAll
    static void pipelines() {
        logFile = dir.resolve("audit.jsonl");
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.write("README.md", "# shop\n").write("Jenkinsfile", "pipeline {}\n");
            String base = git.commit("initial import").name(); // 00:01
            try (PipelineTrail trail = new PipelineTrail(git, logFile, base)) {
                git.write("infra/iam/roles.tf", "# role\n");
                git.commit("Add deploy role", CLAUDE); // 00:02
                git.write("infra/iam/roles.tf", "# role\n# policy\n");
                git.commit("Attach policy", CLAUDE); // 00:03
                PipelineTrail.Build a = trail.build("shop/main", 1, at(1, 1, 0));
                a.scope(at(1, 1, 1), "allow").approvalRequested(at(1, 1, 2)).approved(at(1, 1, 32), "alice").credentials(at(1, 1, 40))
                        .applied(at(1, 2, 0));
                remember("A", a);

                git.write("src/main/java/com/acme/Cart.java", "class Cart {}\n");
                git.commit("Cart"); // 00:04
                PipelineTrail.Build b = trail.build("shop/main", 2, at(1, 3, 0));
                b.scope(at(1, 3, 1), "allow").applied(at(1, 4, 0)).rollback(at(1, 4, 30), "rollback-failed", null)
                        .rollback(at(1, 5, 0), "rolled-back", "dan");
                remember("B", b);

                git.write("Jenkinsfile", "pipeline { agent any }\n");
                git.commit("CI", COPILOT); // 00:05
                PipelineTrail.Build c = trail.build("shop/main", 3, at(1, 6, 0));
                c.scope(at(1, 6, 1), "allow").approvalRequested(at(1, 6, 5)).approved(at(1, 6, 15), "bob").approved(at(1, 6, 45), "carol")
                        .promoted(at(1, 7, 0)).applied(at(1, 7, 10)).rollback(at(1, 9, 0), "rolled-back", "dan");
                remember("C", c);

                git.write("docs/guide.md", "# guide\n");
                git.commit("Docs", CLAUDE); // 00:06
                PipelineTrail.Build d = trail.build("shop/main", 4, at(1, 10, 0));
                d.scope(at(1, 10, 1), "allow").applied(at(4, 10, 0));
                remember("D", d);

                git.write("src/main/java/com/acme/Late.java", "class Late {}\n");
                git.commit("Late"); // 00:07
                PipelineTrail.Build e = trail.build("shop/main", 5, at(1, 0, 6));
                e.applied(at(1, 0, 6).plusSeconds(30));
                remember("E", e);

                git.write("infra/iam/admin.tf", "# admin\n");
                git.commit("Admin", CLAUDE); // 00:08
                PipelineTrail.Build f = trail.build("shop/main", 6, at(1, 11, 0));
                f.scope(at(1, 11, 1), "deny");
                remember("F", f);
            }
        }
    }

    private static void remember(String change, PipelineTrail.Build b) {
        FP.put(change, b.risk.fingerprint().value());
        RADIUS.put(change, b.risk.blastRadius());
    }

    private static List<AuditEvent> events() {
        List<AuditEvent> all = new ArrayList<>();
        new AuditReader(logFile).forEach(r -> all.add(r.event()));
        return all;
    }

    private final MetricsReport report = new MetricsCalculator().compute(events(), T, at(6, 0, 0));

    @Test
    void theStepsRecordWhatTheRiskAssessmentSaid() {
        List<AuditEvent> a = events().stream().filter(e -> FP.get("A").equals(e.fingerprint())).toList();
        AuditEvent deployed = a.stream().filter(e -> e.type() == AuditEventType.DEPLOYMENT_DONE).findFirst().orElseThrow();
        assertThat(deployed.commitTimes()).containsExactly(T.plusSeconds(180), T.plusSeconds(120));
        assertThat(deployed.commitTime()).isEqualTo(T.plusSeconds(120));
        assertThat(deployed.touches()).containsExactly("iam");
        assertThat(deployed.agent()).isEqualTo("claude-code");
        assertThat(deployed.changeSource()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(deployed.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(deployed.blastRadius()).isEqualTo(RADIUS.get("A")).isPositive();
        assertThat(deployed.outcome()).isEqualTo("applied");
        assertThat(deployed.build()).isEqualTo("shop/main#1");
        // every event of the build carries the change's facts
        assertThat(a).allSatisfy(e -> assertThat(e.touches()).containsExactly("iam"))
                .allSatisfy(e -> assertThat(e.tier()).isEqualTo(RiskTier.HIGH));
        // C: the canary promotion is the deployment; the apply block ending afterwards records no second one
        assertThat(events().stream().filter(e -> FP.get("C").equals(e.fingerprint()) && e.type() == AuditEventType.DEPLOYMENT_DONE)
                .map(AuditEvent::outcome)).containsExactly("promoted");
    }

    @Test
    void doraFourKeys() {
        DoraMetrics d = report.dora();
        // deployments A 02:00, B 04:00, C 07:00, D day 4, E 00:06:30 over 5 days
        assertThat(d.deployments()).isEqualTo(5);
        assertThat(d.deploymentsPerDay()).isEqualTo(1.0);
        // per commit: A 00:02->02:00 118m, 00:03->02:00 117m; B 236m; C 00:05->07:00 415m; D 00:06->day4 10:00 = 4914m;
        // E's commit (00:07) is after its deployment (00:06:30): clock skew, left out
        assertThat(d.leadTime()).isEqualTo(new Distribution(5, 5800 * MIN, 236 * MIN, 4914 * MIN));
        assertThat(d.leadTimeClockSkew()).isEqualTo(1);
        // B and C were rolled back
        assertThat(d.failedDeployments()).isEqualTo(2);
        assertThat(d.changeFailureRate()).isEqualTo(0.4);
        // B: the failed rollback at 04:30 restores nothing, 04:00->05:00 = 60m; C 07:00->09:00 = 120m
        assertThat(d.timeToRestore()).isEqualTo(new Distribution(2, 180 * MIN, 60 * MIN, 120 * MIN));
        assertThat(report.totals().rollbacks()).isEqualTo(3);
        assertThat(report.totals().restores()).isEqualTo(2);
        assertThat(report.totals().clockSkew()).isEqualTo(1);
    }

    @Test
    void guardrails() {
        GuardrailMetrics g = report.guardrails();
        // AI: A, C, D, F (B and E are human)
        assertThat(g.aiChanges()).isEqualTo(4);
        assertThat(g.aiChangesByTier()).isEqualTo(Map.of(RiskTier.HIGH, 2, RiskTier.CRITICAL, 1, RiskTier.LOW, 1));
        assertThat(List.of(g.aiScopeDecided(), g.aiBlocked())).containsExactly(4, 1);
        assertThat(g.aiBlockedRate()).isEqualTo(0.25);
        // A 30m, C bob 10m, carol 40m
        assertThat(g.approvalTime()).isEqualTo(new Distribution(3, 80 * MIN, 30 * MIN, 40 * MIN));
        assertThat(List.of(g.aiDeployments(), g.aiRollbacks(), g.humanDeployments(), g.humanRollbacks())).containsExactly(3, 1, 2, 1);
        // rolled out: A, B, C, D, E; rolled back: B, C
        assertThat(List.of(g.changesRolledOut(), g.changesRolledBack())).containsExactly(5, 2);
        assertThat(g.changeRollbackRate()).isEqualTo(0.4);
    }

    @Test
    void agentReliabilityByChangeType() {
        assertThat(report.reliability()).extracting(r -> r.agent() + "/" + r.category()).containsExactly("claude-code/all", "claude-code/docs",
                "claude-code/iam", "copilot/all", "copilot/ci", "human/all", "human/app-code");
        AgentReliability claudeIam = row("claude-code", "iam");
        // A and F; F denied; A approved in 30m, deployed, not rolled back
        assertThat(List.of(claudeIam.changes(), claudeIam.scopeDecided(), claudeIam.blocked(), claudeIam.rolledOut(), claudeIam.rolledBack(),
                claudeIam.deployments(), claudeIam.failedDeployments())).containsExactly(2, 2, 1, 1, 0, 1, 0);
        assertThat(claudeIam.blockedRate()).isEqualTo(0.5);
        assertThat(claudeIam.approvalTime().medianSeconds()).isEqualTo(30 * MIN);
        assertThat(claudeIam.rollbackRate()).isEqualTo(0.0);
        assertThat(claudeIam.changeFailureRate()).isEqualTo(0.0);
        AgentReliability claude = row("claude-code", "all");
        assertThat(List.of(claude.changes(), claude.scopeDecided(), claude.blocked(), claude.deployments())).containsExactly(3, 3, 1, 2);
        AgentReliability copilot = row("copilot", "ci");
        assertThat(copilot.approvalTime()).isEqualTo(new Distribution(2, 50 * MIN, 10 * MIN, 40 * MIN));
        assertThat(List.of(copilot.rollbackRate(), copilot.changeFailureRate())).containsExactly(1.0, 1.0);
        AgentReliability human = row("human", "app-code");
        assertThat(List.of(human.changes(), human.scopeDecided(), human.rolledOut(), human.rolledBack())).containsExactly(2, 1, 2, 1);
        assertThat(human.changeFailureRate()).isEqualTo(0.5);
        assertThat(human.blockedRate()).isEqualTo(0.0);
    }

    private AgentReliability row(String agent, String category) {
        return report.reliability().stream().filter(r -> r.agent().equals(agent) && r.category().equals(category)).findFirst().orElseThrow();
    }

    @Test
    void incidentWindowListsWhatWasDeployedOrRolledBackInIt() {
        IncidentReport r = new IncidentQuery(AuditIndex.build(logFile)).run(AuditQuery.all(), at(1, 1, 30), at(1, 10, 30));
        // D's only event in the window is its risk assessment (deployed on day 4); E deployed before the window
        assertThat(r.changes()).extracting(IncidentChange::fingerprint).containsExactly(FP.get("C"), FP.get("B"), FP.get("A"));
        IncidentChange c = r.changes().get(0);
        assertThat(c.agent()).isEqualTo("copilot");
        assertThat(c.changeSource()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(c.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(c.blastRadius()).isEqualTo(RADIUS.get("C"));
        assertThat(c.touches()).containsExactly("ci");
        assertThat(c.approvals()).containsExactly(new AuditChange.Approval("bob", at(1, 6, 15), "shop/main#3"),
                new AuditChange.Approval("carol", at(1, 6, 45), "shop/main#3"));
        assertThat(c.approvalRequested()).isEqualTo(at(1, 6, 5));
        assertThat(c.deployments()).containsExactly(new IncidentChange.Step(at(1, 7, 0), "promoted", "shop/main#3"));
        assertThat(c.canary()).isEqualTo(new IncidentChange.Step(at(1, 7, 0), "promoted", "shop/main#3"));
        assertThat(c.rollbacks()).containsExactly(new IncidentChange.Rollback(at(1, 9, 0), "rolled-back", true, "dan", "shop/main#3"));
        assertThat(c.firstCommitTime()).isEqualTo(T.plusSeconds(300));
        IncidentChange b = r.changes().get(1);
        assertThat(b.changeSource()).isEqualTo(ChangeSource.HUMAN);
        assertThat(b.rollbacks()).extracting(IncidentChange.Rollback::restored).containsExactly(false, true);
        assertThat(b.approvals()).isEmpty();
        IncidentChange a = r.changes().get(2);
        assertThat(a.approvers()).containsExactly("alice");
        assertThat(a.deployedInWindow()).isTrue();
        assertThat(a.rolledBackInWindow()).isFalse();
        assertThat(a.canary()).isNull();
    }

    @Test
    void incidentFiltersApplyInsideTheWindow() {
        IncidentQuery q = new IncidentQuery(AuditIndex.build(logFile));
        Instant from = at(1, 1, 30);
        Instant until = at(1, 10, 30);
        assertThat(fps(q.run(AuditQuery.all().agent("claude-code"), from, until))).containsExactly(FP.get("A"));
        assertThat(fps(q.run(AuditQuery.all().touching("iam"), from, until))).containsExactly(FP.get("A"));
        assertThat(fps(q.run(AuditQuery.aiChanges(), from, until))).containsExactly(FP.get("C"), FP.get("A"));
        assertThat(fps(q.run(AuditQuery.all().tiers(Set.of(RiskTier.CRITICAL)), from, until))).containsExactly(FP.get("C"));
        assertThat(fps(q.run(AuditQuery.all().approver("alice"), from, until))).containsExactly(FP.get("A"));
        assertThat(fps(q.run(AuditQuery.all(), from, until, "shop/main"))).containsExactly(FP.get("C"), FP.get("B"), FP.get("A"));
        assertThat(fps(q.run(AuditQuery.all(), from, until, "other/job"))).isEmpty();
        // D is in the answer of the window that holds its deployment
        assertThat(fps(q.run(AuditQuery.all(), at(4, 0, 0), at(5, 0, 0)))).containsExactly(FP.get("D"));
        assertThatThrownBy(() -> q.run(AuditQuery.all(), until, from)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts");
    }

    @Test
    void queryTypeFiltersMatchEventsInsideTheRangeOnly() {
        AuditIndex index = AuditIndex.build(logFile);
        List<AuditChange> deployed = index.changes(AuditQuery.all().types(Set.of(AuditEventType.DEPLOYMENT_DONE)).since(at(1, 9, 30))
                .until(at(1, 10, 30)));
        assertThat(deployed).isEmpty(); // D was assessed in this hour, but deployed three days later
    }

    private static List<String> fps(IncidentReport r) {
        return r.changes().stream().map(IncidentChange::fingerprint).toList();
    }
}
