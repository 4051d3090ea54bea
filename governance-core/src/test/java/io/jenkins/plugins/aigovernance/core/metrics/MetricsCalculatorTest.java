package io.jenkins.plugins.aigovernance.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.aigovernance.core.audit.KnownHistory;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every expected number below is worked out by hand from the table in {@link KnownHistory}. */
class MetricsCalculatorTest {

    private static final double MIN = 60;
    private static final double HOUR = 3600;

    private final MetricsReport report = new MetricsCalculator().compute(new KnownHistory().events(), KnownHistory.DAY1, KnownHistory.NOW);

    @Test
    void doraFourKeys() {
        DoraMetrics d = report.dora();
        assertThat(report.days()).isEqualTo(30.0);
        // deployments in the window: A, B, D, E, G (F was 40 days ago)
        assertThat(d.deployments()).isEqualTo(5);
        assertThat(d.deploymentsPerDay()).isCloseTo(5 / 30.0, within(1e-12));
        // lead times A 3h, B 3h (commit time from its risk event), D 2h, E 4h, G 6h -> sorted 2,3,3,4,6
        assertThat(d.leadTime()).isEqualTo(new Distribution(5, 18 * HOUR, 3 * HOUR, 6 * HOUR));
        // B and E were rolled back
        assertThat(d.failedDeployments()).isEqualTo(2);
        assertThat(d.changeFailureRate()).isEqualTo(0.4);
        // B deployed 12:00, rolled back 12:30; E deployed 12:00, rolled back 13:00; nearest-rank median of (30m, 60m) is 30m
        assertThat(d.timeToRestore()).isEqualTo(new Distribution(2, 90 * MIN, 30 * MIN, 60 * MIN));
    }

    @Test
    void guardrails() {
        GuardrailMetrics g = report.guardrails();
        // AI changes in the window: A HIGH, B MEDIUM, C CRITICAL, G HIGH
        assertThat(g.aiChanges()).isEqualTo(4);
        assertThat(g.aiChangesByTier()).isEqualTo(Map.of(RiskTier.HIGH, 2, RiskTier.MEDIUM, 1, RiskTier.CRITICAL, 1));
        // scope decided for A, B, C, G; C denied
        assertThat(g.aiScopeDecided()).isEqualTo(4);
        assertThat(g.aiBlocked()).isEqualTo(1);
        assertThat(g.aiBlockedRate()).isEqualTo(0.25);
        // approvals: A 30m, B 60m, E 10m, G alice 20m, G erin 120m -> sorted 10,20,30,60,120
        assertThat(g.approvalTime()).isEqualTo(new Distribution(5, 240 * MIN, 30 * MIN, 120 * MIN));
        // AI deployments A, B, G with B rolled back; human D, E with E rolled back
        assertThat(List.of(g.aiDeployments(), g.aiRollbacks(), g.humanDeployments(), g.humanRollbacks())).containsExactly(3, 1, 2, 1);
        assertThat(g.aiRollbackRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(g.humanRollbackRate()).isEqualTo(0.5);
    }

    @Test
    void anEmptyTrailHasCountsButNoRates() {
        MetricsReport empty = new MetricsCalculator().compute(List.of(), KnownHistory.DAY1, KnownHistory.NOW);
        assertThat(empty.dora().deployments()).isZero();
        assertThat(empty.dora().changeFailureRate()).isNull();
        assertThat(empty.dora().leadTime().medianSeconds()).isNull();
        assertThat(empty.guardrails().aiBlockedRate()).isNull();
        // without approvals the mean has no value: its family is declared, no sample is written
        String text = new PrometheusExposition().format(empty);
        assertThat(text).contains("# TYPE aigov_approval_time_mean_seconds gauge\n").doesNotContain("\naigov_approval_time_mean_seconds ");
    }

    @Test
    void prometheusTextHasHelpTypeAndTheSameNumbers() {
        String text = new PrometheusExposition(Map.of("repository", "acme \"platform\"\\x\nnext")).format(report);
        assertThat(text).contains("# HELP aigov_deployment_frequency_per_day DORA deployment frequency: deployments per day.\n"
                + "# TYPE aigov_deployment_frequency_per_day gauge\n");
        String l = "{repository=\"acme \\\"platform\\\"\\\\x\\nnext\"";
        assertThat(text).contains("aigov_deployments" + l + "} 5\n")
                .contains("aigov_change_failure_ratio" + l + "} 0.4\n")
                .contains("# TYPE aigov_lead_time_median_seconds gauge\n")
                .contains("aigov_lead_time_median_seconds" + l + "} 10800\n")
                .contains("aigov_lead_time_p90_seconds" + l + "} 21600\n")
                .contains("aigov_lead_time_measured" + l + "} 5\n")
                .contains("# TYPE aigov_deployments_total counter\n")
                .contains("aigov_deployments_total" + l + "} 6\n")
                .contains("aigov_ai_changes" + l + ",tier=\"HIGH\"} 2\n")
                .contains("aigov_ai_changes" + l + ",tier=\"LOW\"} 0\n")
                .contains("aigov_ai_changes_blocked_ratio" + l + "} 0.25\n")
                .contains("aigov_approval_time_p90_seconds" + l + "} 7200\n")
                // mean time to approval: (10 + 20 + 30 + 60 + 120) min / 5 = 48 min
                .contains("# TYPE aigov_approval_time_mean_seconds gauge\n")
                .contains("aigov_approval_time_mean_seconds" + l + "} 2880\n")
                .contains("aigov_agent_changes" + l + ",agent=\"claude\",category=\"iam\"} 3\n")
                .contains("aigov_rollback_ratio" + l + ",source=\"ai\"} 0.3333333333333333\n")
                .contains("aigov_rollback_ratio" + l + ",source=\"human\"} 0.5\n");
        // every sample line belongs to a family declared just before with HELP and TYPE
        String family = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                family = line.split(" ")[2];
            } else if (!line.startsWith("# HELP ")) {
                assertThat(line).startsWith(family).doesNotContain("quantile");
            }
        }
    }

    @Test
    void jsonFormIsStable() throws Exception {
        String json = JsonDocuments.newMapper().writeValueAsString(report);
        assertThat(json).contains("\"from\":\"2026-03-01T00:00:00Z\"").contains("\"aiChangesByTier\":{\"MEDIUM\":1,\"HIGH\":2,\"CRITICAL\":1}")
                .contains("\"changeFailureRate\":0.4");
    }
}
