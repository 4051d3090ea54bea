package io.jenkins.plugins.aigovernance.core.canary.argo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.canary.CanaryMetric;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.expr.Dialect;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.policy.CanaryPlanReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ArgoAnalysisTemplatesTest {

    private final CanaryPlanReader reader = new CanaryPlanReader();

    private static final String TEMPLATE = """
            apiVersion: argoproj.io/v1alpha1
            kind: ClusterAnalysisTemplate
            metadata:
              name: success-rate
              labels: {team: checkout}
            spec:
              args:
              - name: service-name
              - name: threshold
                value: "0.95"
              dryRun:
              - metricName: latency.*
              measurementRetention:
              - metricName: success-rate
                limit: 20
              metrics:
              - name: success-rate
                interval: 1m30s
                initialDelay: 30s
                count: "{{args.count}}"
                successCondition: len(result) > 0 and result[0] >= {{ args.threshold }}
                failureLimit: 2
                consecutiveErrorLimit: 3
                provider:
                  prometheus:
                    address: http://prometheus.example.com:9090
                    timeout: 20
                    query: sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[5m])) / sum(rate(http_requests_total{service="{{args.service-name}}"}[5m]))
              - name: latency-p99
                successCondition: result < 0.5
                provider:
                  prometheus:
                    query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{{args.service-name}}"}[5m])))
            """;

    private CanaryPlan parse(String yaml, Map<String, String> args, List<Integer> weights) {
        return reader.parse("templates.yaml", yaml.getBytes(StandardCharsets.UTF_8), null, args, weights);
    }

    @Test
    void aClusterAnalysisTemplateBecomesTheAnalysisOfEachWeightStep() {
        String withCountArg = TEMPLATE.replace("  - name: threshold\n", "  - name: count\n  - name: threshold\n");
        CanaryPlan p = parse(withCountArg, Map.of("service-name", "checkout", "count", "4"), List.of(5, 50));
        assertThat(p.name()).isEqualTo("success-rate");
        assertThat(p.steps()).extracting(s -> s.kind()).containsExactly("setWeight", "analysis", "setWeight", "analysis");
        CanaryMetric sr = p.metric("success-rate");
        assertThat(sr.query()).contains("service=\"checkout\"").doesNotContain("{{");
        assertThat(sr.successCondition()).isEqualTo("len(result) > 0 and result[0] >= 0.95");
        assertThat(sr.conditionLanguage()).isEqualTo(Dialect.ARGO);
        assertThat(sr.interval().duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(sr.initialDelay().duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sr.count()).isEqualTo(4);
        assertThat(sr.failureLimit()).isEqualTo(2);
        assertThat(sr.consecutiveErrorLimit()).isEqualTo(3);
        assertThat(sr.dryRun()).isFalse();
        CanaryMetric lat = p.metric("latency-p99");
        assertThat(lat.dryRun()).isTrue();
        assertThat(lat.count()).isEqualTo(1);
        // Argo's scalar result: a bare result used as a number
        assertThat(lat.success().test(List.of(0.3))).isTrue();
    }

    @Test
    void refusalsNameTheTemplateMetricAndField() {
        Map<String, String> args = Map.of("service-name", "checkout", "count", "2");
        String t = TEMPLATE.replace("  - name: threshold\n", "  - name: count\n  - name: threshold\n");
        assertThatThrownBy(() -> parse(t.replace("prometheus:\n        address", "datadog:\n        address"), args, List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("templates.yaml: ClusterAnalysisTemplate success-rate")
                .hasMessageContaining("(success-rate)").hasMessageContaining("provider datadog is not supported (only prometheus)");
        assertThatThrownBy(() -> parse(t.replace("timeout: 20", "headers: [{key: X, value: y}]"), args, List.of()))
                .hasMessageContaining("provider.prometheus.headers is not supported");
        assertThatThrownBy(() -> parse(t, Map.of("count", "2"), List.of())).hasMessageContaining("argument \"service-name\" was not supplied");
        assertThatThrownBy(() -> parse(t, Map.of("service-name", "a", "count", "2", "extra", "x"), List.of()))
                .hasMessageContaining("argument \"extra\" is not declared");
        assertThatThrownBy(() -> parse(t.replace("{{ args.threshold }}", "{{args.thresold}}"), args, List.of()))
                .hasMessageContaining("failed to resolve {{args.thresold}}");
        assertThatThrownBy(() -> parse(t.replace("interval: 1m30s", "interval: 1 minute"), args, List.of()))
                .hasMessageContaining("interval: '1 minute' is not a Go duration");
        assertThatThrownBy(() -> parse(t.replace("successCondition: result < 0.5", "successCondition: result < 0.5 ?? true"), args, List.of()))
                .hasMessageContaining("latency-p99").hasMessageContaining("'??' is not supported");
        assertThatThrownBy(() -> parse(t.replace("successCondition: result < 0.5", "successCondition: filter(result, # > 1) == 0"), args,
                List.of())).hasMessageContaining("Argo's expr function 'filter' is not supported");
        assertThatThrownBy(() -> parse(t.replace("  measurementRetention:", "  templates: [{templateName: x}]\n  measurementRetention:"), args,
                List.of())).hasMessageContaining("spec.templates");
        assertThatThrownBy(() -> parse(t.replace("    failureLimit: 2\n", "    failureLimit: 2\n    failureLimits: 2\n"), args, List.of()))
                .hasMessageContaining("failureLimits is not a field of an Argo metric");
        assertThatThrownBy(() -> parse(t + "---\n" + t, args, List.of())).hasMessageContaining("holds 2 analysis templates");
        assertThatThrownBy(() -> reader.parse("plan.yml", "steps: [{setWeight: 1}]".getBytes(StandardCharsets.UTF_8), null, args, List.of()))
                .hasMessageContaining("for Argo analysis templates");
    }

    @Test
    void theJenkinsStepsArgumentAndWeightText() {
        assertThat(ArgoAnalysisTemplates.arguments("args", "service-name=checkout\n\n  threshold=0.9\nselector=a=b\n"))
                .containsExactly(Map.entry("service-name", "checkout"), Map.entry("threshold", "0.9"), Map.entry("selector", "a=b"));
        assertThat(ArgoAnalysisTemplates.arguments("args", null)).isEmpty();
        assertThatThrownBy(() -> ArgoAnalysisTemplates.arguments("args", "a=1\na=2")).hasMessageContaining("args: argument 'a' is given twice");
        assertThatThrownBy(() -> ArgoAnalysisTemplates.arguments("args", "novalue")).hasMessageContaining("NAME=VALUE");
        assertThat(ArgoAnalysisTemplates.weights("weights", "5, 20 100")).containsExactly(5, 20, 100);
        assertThat(ArgoAnalysisTemplates.weights("weights", " ")).isEmpty();
        assertThatThrownBy(() -> ArgoAnalysisTemplates.weights("weights", "5, 200")).hasMessageContaining("not '200'");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parse("1h30m").duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5s").duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("250ms").duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("2µs").duration()).isEqualTo(Duration.ofNanos(2000));
        for (String bad : List.of("", "5", "-5s", "5 s", "1..5s", "s", "0s", "5d", "1e3s")) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theRealArgoExamples() throws Exception {
        Path corpus = Stream.of(System.getProperty("AIGOV_CORPUS"), System.getenv("AIGOV_CORPUS"), "../shared/corpus", "../../shared/corpus",
                "../../../shared/corpus").filter(p -> p != null).map(Path::of).filter(Files::isDirectory).findFirst().orElse(null);
        Assumptions.assumeTrue(corpus != null, "the shared corpus is absent: skipped");
        Path ex = corpus.resolve("kubernetes/argo-examples");
        // the AppMesh example: an AnalysisTemplate beside its Rollout in one file; the Rollout is skipped
        Path appmesh = ex.resolve("appmesh/canary-rollout.yaml");
        assertThatThrownBy(() -> reader.read(appmesh, null, Map.of(), List.of()))
                .hasMessageContaining("argument \"envoy_cluster_name\" was not supplied");
        // interval 5m without count: Argo measures it forever, which Argo refuses in a step too
        assertThatThrownBy(() -> reader.read(appmesh, "success-rate", Map.of("envoy_cluster_name", "cds_egress_my-vn-canary"), List.of()))
                .hasMessageContaining("metric success-rate runs indefinitely");
        byte[] bytes = Files.readAllBytes(appmesh);
        String counted = new String(bytes, StandardCharsets.UTF_8).replace("    interval: 5m\n", "    interval: 5m\n    count: 3\n");
        CanaryPlan p = reader.parse(appmesh.toString(), counted.getBytes(StandardCharsets.UTF_8), "success-rate",
                Map.of("envoy_cluster_name", "cds_egress_my-vn-canary"), List.of(25, 50, 75));
        CanaryMetric m = p.metric("success-rate");
        assertThat(m.query()).contains("envoy_cluster_name=\"cds_egress_my-vn-canary\"").contains("irate(envoy_cluster_upstream_rq_xx");
        assertThat(m.successCondition()).isEqualTo("result[0] >= 0.99");
        assertThat(m.failureLimit()).isEqualTo(3);
        assertThat(m.interval().duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.steps()).hasSize(6);
        assertThat(m.success().test(List.of(0.995))).isTrue();
        assertThat(m.success().test(List.of(0.98))).isFalse();
        // job and web providers are refused by name
        assertThatThrownBy(() -> reader.read(ex.resolve("analysis-templates.yaml"), "random-fail", Map.of(), List.of()))
                .hasMessageContaining("AnalysisTemplate random-fail").hasMessageContaining("provider job is not supported");
        assertThatThrownBy(() -> reader.read(ex.resolve("analysis-templates.yaml"), null, Map.of(), List.of()))
                .hasMessageContaining("holds 2 analysis templates").hasMessageContaining("pass, random-fail");
        assertThatThrownBy(() -> reader.read(ex.resolve("rollout-secret.yaml"), null, Map.of("secret-url", "https://example.com"), List.of()))
                .hasMessageContaining("provider web is not supported");
        // a Rollout file without templates is not a plan
        assertThatThrownBy(() -> reader.read(ex.resolve("rollout-canary.yaml"), null, Map.of(), List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds Argo Rollouts Rollout but no AnalysisTemplate");
    }
}
