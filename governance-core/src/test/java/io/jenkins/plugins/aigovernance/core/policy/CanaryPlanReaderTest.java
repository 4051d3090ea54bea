package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.canary.CanaryMetric;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryStep;
import io.jenkins.plugins.aigovernance.core.canary.Comparison;
import io.jenkins.plugins.aigovernance.core.canary.OnError;
import io.jenkins.plugins.aigovernance.core.canary.judge.Direction;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryPlanReaderTest {

    static final String PLAN = """
            name: checkout
            description: error rate and latency, 5 → 20 → 100
            metrics:
              - name: error-rate
                query: sum(rate(http_requests_total{track="canary",status="500"}[1m])) / sum(rate(http_requests_total{track="canary"}[1m]))
                successCondition: result[0] < 0.02
                failureCondition: result[0] >= 0.05
                interval: 30s
                count: 4
                failureLimit: 1
              - name: latency-vs-baseline
                query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track="canary"}[1m])))
                baselineQuery: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track="baseline"}[1m])))
                compare: ratio
                successCondition: result[0] <= 1.2
                interval: 500ms
                dryRun: true
            judge:
              metrics:
                - name: p99
                  canaryQuery: a
                  baselineQuery: b
                  direction: increase
                  critical: true
            steps:
              - setWeight: 5
              - pause: 60
              - analysis: {}
              - setWeight: 20
              - analysis: {metrics: [error-rate]}
              - judge: {lookback: 5m}
              - setWeight: 100
            """;

    private final CanaryPlanReader reader = new CanaryPlanReader();

    private CanaryPlan parse(String yaml) {
        return reader.parse("plan.yml", yaml.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void readsAPlanFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.yml");
        Files.writeString(file, PLAN);
        CanaryPlan p = reader.read(file, null);
        assertThat(p.name()).isEqualTo("checkout");
        assertThat(p.steps()).extracting(CanaryStep::kind)
                .containsExactly("setWeight", "pause", "analysis", "setWeight", "analysis", "judge", "setWeight");
        assertThat(p.steps().get(1).pause().duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.steps().get(5).judge().step().duration()).isEqualTo(Duration.ofSeconds(10));
        CanaryMetric errors = p.metric("error-rate");
        assertThat(errors.interval().duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(errors.count()).isEqualTo(4);
        assertThat(errors.consecutiveErrorLimit()).isEqualTo(4);
        CanaryMetric latency = p.metric("latency-vs-baseline");
        assertThat(latency.compare()).isEqualTo(Comparison.RATIO);
        assertThat(latency.dryRun()).isTrue();
        assertThat(latency.interval().duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.judge().metrics().get(0).direction()).isEqualTo(Direction.INCREASE);
        assertThat(p.onError()).isEqualTo(OnError.ROLLBACK);
    }

    @Test
    void problemsNameTheLineFieldAndColumn() {
        assertThatThrownBy(() -> parse(PLAN.replace("    count: 4", "    count: 4\n    cuont: 5")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 10").hasMessageContaining("unknown field 'cuont'");
        assertThatThrownBy(() -> parse(PLAN.replace("interval: 30s", "interval: 30 seconds")))
                .hasMessageContaining("'30 seconds' is not a duration");
        assertThatThrownBy(() -> parse(PLAN.replace("successCondition: result[0] < 0.02", "successCondition: result[0] < 0.02 ; rm")))
                .hasMessageContaining("/metrics/0/successCondition: column 18: unexpected character ';'");
        assertThatThrownBy(() -> parse(PLAN.replace("successCondition: result[0] < 0.02", "successCondition: result[0] + 1")))
                .hasMessageContaining("a condition must be a boolean");
        assertThatThrownBy(() -> parse(PLAN.replace("[error-rate]", "[error-rat]")))
                .hasMessageContaining("/steps/4/analysis/metrics/0: unknown metric 'error-rat'");
        assertThatThrownBy(() -> parse(PLAN.replace("  - setWeight: 5\n", "  - setWeight: 500\n")))
                .hasMessageContaining("/steps/0/setWeight: must be between 0 and 100");
        assertThatThrownBy(() -> parse(PLAN.replace("  - pause: 60\n", "  - {pause: 60, setWeight: 3}\n")))
                .hasMessageContaining("exactly one of setWeight, pause, analysis or judge");
        assertThatThrownBy(() -> parse(PLAN.replace("direction: increase", "direction: up")))
                .hasMessageContaining("unknown direction 'up'");
        assertThatThrownBy(() -> parse("steps:\n  - setWeight: 5\n")).hasMessageContaining("at least one judge step or analysis step");
        assertThatThrownBy(() -> parse("- a\n")).hasMessageContaining("a plan file holds a mapping");
        assertThatThrownBy(() -> reader.read(Path.of("/nonexistent/plan.yml"), null)).hasMessageContaining("plan file not found");
    }

    @Test
    void policyTemplatesAreNamedPlans(@TempDir Path dir) throws Exception {
        String indented = PLAN.replace("\n", "\n      ").replaceFirst("name: checkout", "- name: checkout");
        String policy = "apiVersion: ai-governance/v1\ncanary:\n  templates:\n    " + indented;
        Path file = dir.resolve(".ai-governance.yml");
        Files.writeString(file, policy);
        GovernancePolicy loaded = new PolicyLoader().load(file);
        assertThat(loaded.canary().templates()).extracting(CanaryPlan::name).containsExactly("checkout");
        assertThat(reader.read(file, "checkout").steps()).hasSize(7);
        assertThatThrownBy(() -> reader.read(file, "other")).hasMessageContaining("no canary template named 'other' (known: checkout)");
        assertThatThrownBy(() -> reader.read(file, null)).hasMessageContaining("name one of its canary templates with --template");
        Files.writeString(file, policy.replace("successCondition: result[0] < 0.02", "successCondition: result[0] < 0.02 &"));
        assertThatThrownBy(() -> new PolicyLoader().load(file)).isInstanceOfSatisfying(PolicyException.class, e -> {
            PolicyProblem p = e.problems().get(0);
            assertThat(p.field()).isEqualTo("canary.templates[0].metrics[0].successCondition");
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("column 18: unexpected '&'");
        });
    }

    @Test
    void defaultPolicyStillLoadsWithAnEmptyCanarySection() {
        assertThat(new PolicyLoader().defaults().canary().templates()).isEmpty();
    }
}
