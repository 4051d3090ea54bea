package io.jenkins.plugins.aigovernance.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.KnownHistory;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exposition goes through Prometheus' own checker, {@code promtool check metrics} (Debian's
 * prometheus package), for a set of histories and windows, including an empty trail, an empty
 * window, windows before and after every event, odd label values and many agents. Skipped with a
 * message when promtool is not installed.
 */
class PromtoolCheckTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final Instant T = KnownHistory.DAY1;

    static Stream<Arguments> histories() {
        List<AuditEvent> known = new KnownHistory().events();
        return Stream.of(
                Arguments.of("empty trail", List.of(), T, KnownHistory.NOW),
                Arguments.of("known history, 30 days", known, T, KnownHistory.NOW),
                Arguments.of("known history, from its first event", known, null, KnownHistory.NOW),
                Arguments.of("empty window", known, KnownHistory.NOW, KnownHistory.NOW),
                Arguments.of("window before every event", known, T.minus(Duration.ofDays(400)), T.minus(Duration.ofDays(399))),
                Arguments.of("window after every event", known, KnownHistory.NOW.plus(Duration.ofDays(10)),
                        KnownHistory.NOW.plus(Duration.ofDays(11))),
                Arguments.of("one second", known, T.plus(Duration.ofHours(11)), T.plus(Duration.ofHours(11)).plusSeconds(1)),
                Arguments.of("unknown sources, odd agents, clock skew", odd(), T, KnownHistory.NOW),
                Arguments.of("many agents", manyAgents(), T, KnownHistory.NOW));
    }

    /** Events without a source, agents with quotes, backslashes and newlines, a commit after its deployment, failed rollbacks. */
    private static List<AuditEvent> odd() {
        List<AuditEvent> out = new ArrayList<>();
        String fp = "sha256:" + "1".repeat(64);
        out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, T.plusSeconds(60)).fingerprint(fp).agent("a\"gent\\x\ny")
                .touches("iam", "made-up").build());
        out.add(AuditEvent.builder(AuditEventType.DEPLOYMENT_DONE, T.plusSeconds(120)).fingerprint(fp).commitTime(T.plusSeconds(600)).build());
        out.add(AuditEvent.builder(AuditEventType.ROLLBACK, T.plusSeconds(180)).fingerprint(fp).outcome("rollback-failed").build());
        out.add(AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, T.plusSeconds(200)).actor("x").build()); // no fingerprint
        return out;
    }

    private static List<AuditEvent> manyAgents() {
        List<AuditEvent> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String fp = "sha256:" + String.format("%064x", i);
            out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, T.plusSeconds(i)).fingerprint(fp).agent("agent-" + (i % 30))
                    .changeSource(ChangeSource.AI_AGENT).touches("network").build());
            out.add(AuditEvent.builder(AuditEventType.DEPLOYMENT_DONE, T.plusSeconds(1000 + i)).fingerprint(fp).build());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void promtoolAcceptsTheExposition(String name, List<AuditEvent> events, Instant from, Instant to) throws Exception {
        String missing = "promtool is not installed at " + PROMTOOL + " (Debian package prometheus)";
        // a skip where the environment says Prometheus is required (.ci/run) would hide a missing check
        assertThat(Files.isExecutable(PROMTOOL) || !"1".equals(System.getenv("AIGOV_REQUIRE_PROMETHEUS")))
                .as("%s; AIGOV_REQUIRE_PROMETHEUS=1 says it is required here", missing)
                .isTrue();
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), missing);
        MetricsReport report = new MetricsCalculator().compute(events, from, to);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("repository", "acme/\"platform\"\\\n");
        labels.put("team", "");
        String text = new PrometheusExposition(labels).format(report);
        String problems = promtool(text);
        assertThat(problems).as("promtool check metrics for %s:%n%s", name, text).isEmpty();
        assertThat(text).doesNotContain("quantile").doesNotContain(" summary\n");
        // every sample carries the constant labels
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line).contains("{repository=\"acme/\\\"platform\\\"\\\\\\n\",team=\"\"");
            }
        }
        // bounded agent labels
        long agents = text.lines().filter(l -> l.startsWith("aigov_agent_changes{") && l.contains("category=\"all\"")).count();
        assertThat(agents).isLessThanOrEqualTo(MetricsCalculator.MAX_AGENTS + 3);
    }

    @Test
    void countersNeverGoDownAsTheWindowSlides() {
        List<AuditEvent> known = new KnownHistory().events();
        Map<String, Double> previous = Map.of();
        for (int day = 0; day <= 45; day++) {
            Instant to = T.minus(Duration.ofDays(15)).plus(Duration.ofDays(day));
            Map<String, Double> counters = counters(new PrometheusExposition().format(new MetricsCalculator().compute(known,
                    to.minus(Duration.ofDays(7)), to)));
            for (Map.Entry<String, Double> c : previous.entrySet()) {
                assertThat(counters.get(c.getKey())).as("%s at %s", c.getKey(), to).isGreaterThanOrEqualTo(c.getValue());
            }
            previous = counters;
        }
        assertThat(previous).containsKeys("aigov_deployments_total", "aigov_restores_total").allSatisfy((k, v) -> assertThat(v).isNotNegative());
    }

    @Test
    void agentsBeyondTheTwentyWithTheMostChangesAreSummedAsOther() {
        // 30 agents with 2 changes each: ties go by name, so agent-0, -1, -10..-19, -2, -20..-26 keep their id
        MetricsReport r = new MetricsCalculator().compute(manyAgents(), T, KnownHistory.NOW);
        List<AgentReliability> all = r.reliability().stream().filter(a -> a.category().equals(MetricsCalculator.ALL)).toList();
        assertThat(all).hasSize(MetricsCalculator.MAX_AGENTS + 1);
        AgentReliability other = all.stream().filter(a -> a.agent().equals(MetricsCalculator.OTHER)).findFirst().orElseThrow();
        assertThat(other.changes()).isEqualTo(20);
        assertThat(all).extracting(AgentReliability::agent).contains("agent-26").doesNotContain("agent-27", "agent-3");
        // odd(): no source recorded -> AI under "unknown"; a touch outside the kinds -> "other"
        MetricsReport o = new MetricsCalculator().compute(odd(), T, KnownHistory.NOW);
        assertThat(o.reliability()).extracting(a -> a.agent() + "/" + a.category()).containsExactly("a\"gent\\x\ny/all",
                "a\"gent\\x\ny/iam", "a\"gent\\x\ny/other");
        assertThat(o.guardrails().aiChanges()).isEqualTo(1);
        assertThat(o.dora().leadTimeClockSkew()).isEqualTo(1);
        assertThat(o.dora().timeToRestore().count()).isZero();
        assertThat(o.dora().failedDeployments()).isEqualTo(1);
    }

    @Test
    void labelsTheExpositionSetsItselfAreRefused() {
        for (String name : List.of("quantile", "tier", "source", "agent", "category", "le")) {
            assertThatThrownBy(() -> new PrometheusExposition(Map.of(name, "x"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'");
        }
        assertThatThrownBy(() -> new PrometheusExposition(Map.of("__name__", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusExposition(Map.of("1x", "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowThatStartsAfterItEndsIsRefused() {
        assertThatThrownBy(() -> new MetricsCalculator().compute(List.of(), KnownHistory.NOW, T)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts");
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+_total)(?:\\{[^}]*})? (\\S+)$");

    private static Map<String, Double> counters(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    /** promtool's complaints (stdout and stderr); empty when it accepts the text. */
    private static String promtool(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out.strip() : "exit " + p.exitValue() + ": " + out;
    }
}
