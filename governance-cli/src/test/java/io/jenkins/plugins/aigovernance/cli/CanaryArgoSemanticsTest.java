package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argo Rollouts' analysis semantics through {@code aigov canary}, table-driven: each case is an Argo
 * {@code AnalysisTemplate} (or a plan), a sequence of Prometheus answers per query served by
 * {@link ScriptedPrometheus} on 127.0.0.1, and the final phase of the analysis, the outcome and the
 * exit code. The expected values are what Argo's analysis controller ({@code analysis/analysis.go},
 * {@code assessMetricStatus}, {@code runMeasurements}) decides, except in the cases that name a
 * deliberate difference ({@code differs}): each such name is a row of the table in docs/canary.md,
 * which this test checks.
 */
class CanaryArgoSemanticsTest {

    @TempDir
    Path dir;

    /** One row: the template, the answers, what Argo (or our stricter rule) decides. */
    record Case(String name, String differs, String template, Map<String, List<String>> answers, String phase, int exit,
            Map<String, Integer> asked, List<String> extra, String message) {
        @Override
        public String toString() {
            return name + (differs == null ? "" : " [differs from Argo: " + differs + "]");
        }
    }

    /** Builds a case; {@code answer("q", "0.01", "drop")} scripts query q. */
    private static final class B {
        final String name;
        String differs;
        final List<String> metrics = new ArrayList<>();
        final List<String> specExtra = new ArrayList<>();
        final Map<String, List<String>> answers = new LinkedHashMap<>();
        final Map<String, Integer> asked = new LinkedHashMap<>();
        final List<String> extra = new ArrayList<>();
        String message;

        B(String name) {
            this.name = name;
        }

        /** A Prometheus metric; {@code fields} are YAML lines of the metric (conditions given already quoted). */
        B metric(String name, String query, String... fields) {
            StringBuilder m = new StringBuilder("  - name: " + name + "\n");
            for (String f : fields) {
                m.append("    ").append(f).append('\n');
            }
            m.append("    provider:\n      prometheus:\n        address: http://prometheus.monitoring:9090\n        query: '")
                    .append(query.replace("'", "''")).append("'\n");
            metrics.add(m.toString());
            return this;
        }

        B spec(String yaml) {
            specExtra.add(yaml);
            return this;
        }

        B answer(String query, String... a) {
            answers.put(query, List.of(a));
            return this;
        }

        B asked(String query, int n) {
            asked.put(query, n);
            return this;
        }

        B args(String... a) {
            extra.addAll(List.of(a));
            return this;
        }

        B differs(String id) {
            differs = id;
            return this;
        }

        B says(String text) {
            message = text;
            return this;
        }

        Case expect(String phase, int exit) {
            String t = "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n" + String.join("", specExtra)
                    + "  metrics:\n" + String.join("", metrics);
            return new Case(name, differs, t, answers, phase, exit, asked, extra, message);
        }
    }

    private static B c(String name) {
        return new B(name);
    }

    private static String ok(String condition) {
        return "successCondition: '" + condition + "'";
    }

    private static String bad(String condition) {
        return "failureCondition: '" + condition + "'";
    }

    static final String LOW = ok("result[0] < 0.05");
    static final String FAST = "interval: 100ms";

    static Stream<Case> cases() {
        return Stream.of(
                // --- count, errors and consecutiveErrorLimit (issue 17 items 1 and 2)
                c("healthy canary, count 3").metric("err", "err", FAST, "count: 3", LOW).answer("err", "0.01").asked("err", 3)
                        .expect("SUCCESSFUL", 0),
                c("one success then every connection dropped: errors do not use up count, Error after 5 in a row")
                        .metric("err", "err", FAST, "count: 5", LOW).answer("err", "0.01", "drop").asked("err", 6).says("consecutiveErrorLimit of 4")
                        .expect("ERROR", 1),
                c("count 1, one transient dropped connection is retried").metric("err", "err", FAST, "count: 1", LOW)
                        .answer("err", "drop", "0.01").asked("err", 2).expect("SUCCESSFUL", 0),
                c("count 1, four HTTP 500 then a success: 4 errors are within the default limit")
                        .metric("err", "err", FAST, "count: 1", LOW).answer("err", "http500", "http500", "http500", "http500", "0.01")
                        .asked("err", 5).expect("SUCCESSFUL", 0),
                c("count 1, five HTTP 500 in a row exceed consecutiveErrorLimit 4").metric("err", "err", FAST, "count: 1", LOW)
                        .answer("err", "http500").asked("err", 5).expect("ERROR", 1),
                c("consecutiveErrorLimit 0: the first error ends the metric").metric("err", "err", FAST, "count: 3", LOW,
                        "consecutiveErrorLimit: 0").answer("err", "drop").asked("err", 1).expect("ERROR", 1),
                c("consecutiveErrorLimit 2: a success resets the run of errors").metric("err", "err", FAST, "count: 2", LOW,
                        "consecutiveErrorLimit: 2").answer("err", "drop", "drop", "0.01", "drop", "drop", "0.01").asked("err", 6)
                        .expect("SUCCESSFUL", 0),
                c("consecutiveErrorLimit 2: three errors in a row after a success").metric("err", "err", FAST, "count: 3", LOW,
                        "consecutiveErrorLimit: 2").answer("err", "drop", "0.01", "drop", "drop", "drop").asked("err", 5).expect("ERROR", 1),
                c("errors interleaved with successes never reach the limit; count counts only the successes")
                        .metric("err", "err", FAST, "count: 3", LOW)
                        .answer("err", "0.01", "drop", "drop", "drop", "drop", "0.01", "http500", "http500", "http500", "http500", "0.01")
                        .asked("err", 11).expect("SUCCESSFUL", 0),
                c("HTTP 400 status:error answers are errors").metric("err", "err", FAST, "count: 2", LOW).answer("err", "bad_data")
                        .says("bad_data").expect("ERROR", 1),
                c("a proxy's HTML 503 page is an error").metric("err", "err", FAST, "count: 2", LOW).answer("err", "http503html")
                        .says("not JSON").expect("ERROR", 1),
                c("a truncated JSON body is an error").metric("err", "err", FAST, "count: 2", LOW).answer("err", "garbage").expect("ERROR", 1),
                c("a range vector is an error here (Argo flattens a matrix)").differs("strict-range-vector")
                        .metric("err", "err", FAST, "count: 1", LOW, "consecutiveErrorLimit: 0").answer("err", "matrix:0.01")
                        .says("range vector").expect("ERROR", 1),
                // --- failures and failureLimit
                c("a failed measurement with failureLimit 0 fails at once").metric("err", "err", FAST, "count: 3", LOW).answer("err", "0.5")
                        .asked("err", 1).expect("FAILED", 1),
                c("failureLimit 1 tolerates one failure").metric("err", "err", FAST, "count: 3", LOW, "failureLimit: 1")
                        .answer("err", "0.5", "0.01").expect("SUCCESSFUL", 0),
                c("failureLimit 1, the second failure fails").metric("err", "err", FAST, "count: 3", LOW, "failureLimit: 1")
                        .answer("err", "0.5", "0.01", "0.5").asked("err", 3).expect("FAILED", 1),
                c("failureLimit 2, three failures").metric("err", "err", FAST, "count: 3", LOW, "failureLimit: 2").answer("err", "0.5")
                        .expect("FAILED", 1),
                c("count reached within failureLimit but without one success is inconclusive (Argo: Successful)")
                        .differs("strict-no-success").metric("err", "err", FAST, "count: 2", LOW, "failureLimit: 2").answer("err", "0.5")
                        .expect("INCONCLUSIVE", 4),
                c("failure beats success: both conditions true").metric("err", "err", FAST, "count: 1", ok("result[0] < 1"),
                        bad("result[0] > 0.1")).answer("err", "0.5").expect("FAILED", 1),
                // --- empty vectors, NaN, +Inf
                c("empty vector indexed is an error (Argo: metric result is nil or empty)").metric("err", "err", FAST, "count: 1", LOW)
                        .answer("err", "[]").asked("err", 5).says("the result is empty").expect("ERROR", 1),
                c("empty vector that makes len(result) == 0 || ... true is no evidence (Argo: Successful)").differs("strict-vacuous-success")
                        .metric("err", "err", FAST, "count: 1", ok("len(result) == 0 || result[0] < 0.05")).answer("err", "[]")
                        .says("no data").expect("INCONCLUSIVE", 4),
                c("empty vector with all(result, # < 1) is no evidence (Argo: Successful)").differs("strict-vacuous-success")
                        .metric("err", "err", FAST, "count: 1", ok("all(result, # < 1)")).answer("err", "[]").expect("INCONCLUSIVE", 4),
                c("NaN compared is false: failed").metric("err", "err", FAST, "count: 1", LOW).answer("err", "NaN").expect("FAILED", 1),
                c("NaN accepted by isNaN(result[0]) || ... is no evidence (Argo: Successful)").differs("strict-nan")
                        .metric("err", "err", FAST, "count: 1", ok("isNaN(result[0]) || result[0] < 0.05")).answer("err", "NaN")
                        .expect("INCONCLUSIVE", 4),
                c("NaN != 0 is false here (Go: true)").differs("strict-nan-not-equal").metric("err", "err", FAST, "count: 1",
                        ok("result[0] != 0")).answer("err", "NaN").expect("FAILED", 1),
                c("failureCondition only, NaN: not failing is not success (Argo: Successful)").differs("strict-nan")
                        .metric("err", "err", FAST, "count: 1", bad("result[0] > 0.1")).answer("err", "NaN").expect("INCONCLUSIVE", 4),
                c("+Inf fails a threshold").metric("lat", "lat", FAST, "count: 1", ok("result[0] < 1.5")).answer("lat", "+Inf")
                        .expect("FAILED", 1),
                c("isInf in a failure condition").metric("lat", "lat", FAST, "count: 2", ok("result[0] < 100"), bad("isInf(result[0])"))
                        .answer("lat", "0.2", "+Inf").expect("FAILED", 1),
                // --- several series
                c("several series all below").metric("err", "err", FAST, "count: 2", ok("all(result, # < 0.05)")).answer("err", "0.01,0.02")
                        .expect("SUCCESSFUL", 0),
                c("several series, one above").metric("err", "err", FAST, "count: 2", ok("all(result, {# < 0.05})"))
                        .answer("err", "0.01,0.5").expect("FAILED", 1),
                c("any series above the failure condition").metric("err", "err", FAST, "count: 1", ok("result[0] < 0.05"),
                        bad("any(result, # > 0.1)")).answer("err", "0.01,0.2").expect("FAILED", 1),
                c("result[1] of a single series is an error").metric("err", "err", FAST, "count: 1", ok("result[1] < 0.05"),
                        "consecutiveErrorLimit: 1").answer("err", "0.01").asked("err", 2).expect("ERROR", 1),
                c("bare result is Argo's scalar answer").metric("err", "err", FAST, "count: 2", ok("result < 0.05"))
                        .answer("err", "scalar:0.01").expect("SUCCESSFUL", 0),
                c("bare result of two series is an error, as Argo's type error").metric("err", "err", FAST, "count: 1",
                        ok("result < 0.05"), "consecutiveErrorLimit: 0").answer("err", "0.01,0.02").says("has 2 values").expect("ERROR", 1),
                c("none(...) and len(...) over several series").metric("err", "err", FAST, "count: 1",
                        ok("len(result) == 3 && none(result, # > 0.05)")).answer("err", "0.01,0.02,0.03").expect("SUCCESSFUL", 0),
                // --- inconclusive
                c("neither condition holds: inconclusive, and no more measurements").metric("err", "err", FAST, "count: 3",
                        ok("result[0] < 0.05"), bad("result[0] >= 0.1")).answer("err", "0.07").asked("err", 1).expect("INCONCLUSIVE", 4),
                c("inconclusiveLimit 1 tolerates one").metric("err", "err", FAST, "count: 3", ok("result[0] < 0.05"),
                        bad("result[0] >= 0.1"), "inconclusiveLimit: 1").answer("err", "0.07", "0.01").expect("SUCCESSFUL", 0),
                c("inconclusiveLimit 1, two inconclusive").metric("err", "err", FAST, "count: 3", ok("result[0] < 0.05"),
                        bad("result[0] >= 0.1"), "inconclusiveLimit: 1").answer("err", "0.07").asked("err", 2).expect("INCONCLUSIVE", 4),
                // --- consecutiveSuccessLimit (issue 17 item 3)
                c("consecutiveSuccessLimit reached ends early").metric("err", "err", FAST, "count: 5", LOW, "consecutiveSuccessLimit: 2")
                        .answer("err", "0.01").asked("err", 2).expect("SUCCESSFUL", 0),
                c("consecutiveSuccessLimit not reached by count: inconclusive, a person decides").metric("err", "err", FAST, "count: 4",
                        LOW, "consecutiveSuccessLimit: 3", "failureLimit: 1").answer("err", "0.01", "0.5", "0.01", "0.01").asked("err", 4)
                        .says("consecutiveSuccessLimit of 3 was not reached").expect("INCONCLUSIVE", 4),
                c("consecutiveSuccessLimit not reached with failureLimit -1: failed").metric("err", "err", FAST, "count: 3", LOW,
                        "consecutiveSuccessLimit: 3", "failureLimit: -1").answer("err", "0.01", "0.5", "0.01").expect("FAILED", 1),
                c("failureLimit -1: failures do not fail, consecutive successes pass").metric("err", "err", FAST, "count: 6", LOW,
                        "consecutiveSuccessLimit: 2", "failureLimit: -1").answer("err", "0.5", "0.5", "0.01", "0.01").asked("err", 4)
                        .expect("SUCCESSFUL", 0),
                c("errors break a run of successes").metric("err", "err", FAST, "count: 3", LOW, "consecutiveSuccessLimit: 2")
                        .answer("err", "0.01", "drop", "0.01", "0.01").asked("err", 4).expect("SUCCESSFUL", 0),
                // --- several metrics: rounds, worst phase wins, order-independent (issue 17 item 4)
                c("two healthy metrics").metric("err", "err", FAST, "count: 2", LOW).metric("lat", "lat", FAST, "count: 2",
                        ok("result[0] < 1.5")).answer("err", "0.01").answer("lat", "0.3").expect("SUCCESSFUL", 0),
                c("error first in the list, failure second, same round: FAILED").metric("err", "err", FAST, "count: 2", LOW,
                        "consecutiveErrorLimit: 0").metric("lat", "lat", FAST, "count: 2", ok("result[0] < 1.5")).answer("err", "drop")
                        .answer("lat", "9").asked("lat", 1).expect("FAILED", 1),
                c("failure first in the list, error second, same round: FAILED").metric("lat", "lat", FAST, "count: 2",
                        ok("result[0] < 1.5")).metric("err", "err", FAST, "count: 2", LOW, "consecutiveErrorLimit: 0").answer("err", "drop")
                        .answer("lat", "9").asked("err", 1).expect("FAILED", 1),
                c("inconclusive and error in one round: ERROR is worse").metric("a", "a", FAST, "count: 2", ok("result[0] < 0.05"),
                        bad("result[0] >= 0.1")).metric("b", "b", FAST, "count: 2", LOW, "consecutiveErrorLimit: 0").answer("a", "0.07")
                        .answer("b", "drop").expect("ERROR", 1),
                c("an inconclusive metric stops new measurements of the others").metric("a", "a", FAST, "count: 3", ok("result[0] < 0.05"),
                        bad("result[0] >= 0.1")).metric("b", "b", FAST, "count: 3", LOW).answer("a", "0.07").answer("b", "0.01")
                        .asked("a", 1).asked("b", 1).expect("INCONCLUSIVE", 4),
                c("a failed metric stops the others").metric("a", "a", FAST, "count: 3", LOW).metric("b", "b", FAST, "count: 3", LOW)
                        .answer("a", "0.01", "0.5").answer("b", "0.01").asked("a", 2).asked("b", 2).expect("FAILED", 1),
                c("metrics with different intervals meet in rounds").metric("a", "a", FAST, "count: 4", LOW)
                        .metric("b", "b", "interval: 200ms", "count: 2", LOW).answer("a", "0.01").answer("b", "0.01", "0.5")
                        .asked("b", 2).expect("FAILED", 1),
                // --- dryRun, initialDelay, args
                c("a failing dry-run metric never decides").spec("  dryRun:\n  - metricName: lat\n").metric("err", "err", FAST, "count: 2",
                        LOW).metric("lat", "lat", FAST, "count: 2", ok("result[0] < 1.5")).answer("err", "0.01").answer("lat", "9")
                        .expect("SUCCESSFUL", 0),
                c("dryRun by regular expression").spec("  dryRun:\n  - metricName: ^lat\n").metric("err", "err", FAST, "count: 1", LOW)
                        .metric("latency-p99", "lat", FAST, "count: 1", ok("result[0] < 1.5")).answer("err", "0.01").answer("lat", "drop")
                        .expect("SUCCESSFUL", 0),
                c("every metric dry-run: nothing would verify, refused (Argo: Successful)").differs("strict-all-dry-run")
                        .spec("  dryRun:\n  - metricName: '*'\n").metric("err", "err", FAST, "count: 1", LOW).answer("err", "0.5")
                        .says("not dryRun").expect("REFUSED", 2),
                c("a dryRun rule that matches nothing is refused, as Argo does").spec("  dryRun:\n  - metricName: nope\n")
                        .metric("err", "err", FAST, "count: 1", LOW).answer("err", "0.01").says("Rule didn't match").expect("REFUSED", 2),
                c("initialDelay waits, then measures").metric("err", "err", FAST, "initialDelay: 200ms", "count: 2", LOW)
                        .answer("err", "0.01").asked("err", 2).expect("SUCCESSFUL", 0),
                c("args are substituted into the query").spec("  args:\n  - name: app\n").metric("err", "err{app=\"{{ args.app }}\"}",
                        FAST, "count: 1", LOW).answer("err{app=\"checkout\"}", "0.01").args("--arg", "app=checkout").expect("SUCCESSFUL", 0),
                c("an arg default value is used and a count may come from an arg")
                        .spec("  args:\n  - name: threshold\n    value: \"0.05\"\n  - name: n\n    value: \"2\"\n")
                        .metric("err", "err", FAST, "count: '{{args.n}}'", ok("result[0] < {{args.threshold}}")).answer("err", "0.01")
                        .asked("err", 2).expect("SUCCESSFUL", 0),
                c("a missing arg is refused").spec("  args:\n  - name: app\n").metric("err", "err{app=\"{{args.app}}\"}", FAST, "count: 1",
                        LOW).says("argument \"app\" was not supplied").expect("REFUSED", 2),
                c("an arg that is not a number may not rewrite a condition").differs("strict-condition-args")
                        .spec("  args:\n  - name: threshold\n").metric("err", "err", FAST, "count: 1", ok("result[0] < {{args.threshold}}"))
                        .args("--arg", "threshold=1 || true").says("only a number may be substituted").expect("REFUSED", 2),
                c("a valueFrom secret arg without a value is refused by name")
                        .spec("  args:\n  - name: token\n    valueFrom:\n      secretKeyRef: {name: s, key: k}\n")
                        .metric("err", "err", FAST, "count: 1", LOW).says("secretKeyRef").expect("REFUSED", 2),
                // --- the condition language and the template shape
                c("and / or / not keywords").metric("err", "err", FAST, "count: 1", ok("result[0] >= 0.95 and result[0] <= 1 or false"),
                        bad("not (result[0] > 0)")).answer("err", "0.99").expect("SUCCESSFUL", 0),
                c("asFloat and asInt").metric("err", "err", FAST, "count: 1", ok("asInt(result[0]) == 2 && asFloat(result[0]) > 2.5"))
                        .answer("err", "2.7").expect("SUCCESSFUL", 0),
                c("failureCondition only: success is the failure condition not holding").metric("err", "err", FAST, "count: 2",
                        bad("result[0] > 0.1")).answer("err", "0.01").expect("SUCCESSFUL", 0),
                c("no condition at all is refused (Argo: always Successful)").differs("strict-no-conditions")
                        .metric("err", "err", FAST, "count: 1").says("needs a successCondition or a failureCondition").expect("REFUSED", 2),
                c("expr's conditional operator is refused by name").metric("err", "err", FAST, "count: 1",
                        ok("result[0] < 0.05 ? true : false")).says("'?:' is not supported").expect("REFUSED", 2),
                c("expr strings are refused by name").metric("err", "err", FAST, "count: 1", ok("result[0] matches \"x\""))
                        .says("not supported").expect("REFUSED", 2),
                c("a metric that would run indefinitely is refused, as Argo does in a step").metric("err", "err", FAST, LOW)
                        .says("runs indefinitely").expect("REFUSED", 2),
                c("count > 1 without interval is refused, as Argo does").metric("err", "err", "count: 3", LOW)
                        .says("interval must be specified").expect("REFUSED", 2),
                c("a Go duration such as 1m30s is read").metric("err", "err", "interval: 1m30s", "count: 1", LOW).answer("err", "0.01")
                        .expect("SUCCESSFUL", 0),
                c("weights: an analysis after each").metric("err", "err", FAST, "count: 2", LOW).answer("err", "0.01").asked("err", 4)
                        .args("--weight", "10", "--weight", "50").expect("SUCCESSFUL", 0));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void argoSemantics(Case k) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, k.template());
        try (ScriptedPrometheus prom = new ScriptedPrometheus()) {
            k.answers().forEach(prom::script);
            List<String> argv = new ArrayList<>(List.of("canary", "--prometheus", prom.url(), "--plan", file.toString(), "--json",
                    "--request-timeout", "2s"));
            argv.addAll(k.extra());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), argv.toArray(String[]::new));
            String all = out + "\n" + err + "\n" + k.template();
            assertThat(code).as(all).isEqualTo(k.exit());
            if (k.phase().equals("REFUSED")) {
                assertThat(err.toString()).as(all).contains(k.message());
                return;
            }
            JsonNode verdict = new ObjectMapper().readTree(out.toString());
            String outcome = switch (k.exit()) {
                case 0 -> "PROMOTE";
                case 1 -> "ROLLBACK";
                default -> "PAUSED";
            };
            assertThat(verdict.path("outcome").asText()).as(all).isEqualTo(outcome);
            JsonNode deciding = null;
            for (JsonNode s : verdict.path("steps")) {
                if (s.path("kind").asText().equals("analysis")) {
                    deciding = s;
                }
            }
            assertThat(deciding).as(all).isNotNull();
            assertThat(deciding.path("phase").asText()).as(all).isEqualTo(k.phase());
            k.asked().forEach((q, n) -> {
                int taken = 0;
                for (JsonNode m : verdict.path("measurements")) {
                    taken += m.path("metric").asText().equals(q) ? 1 : 0;
                }
                assertThat(taken).as("measurements of %s\n%s", q, all).isEqualTo(n);
                assertThat(prom.asked(q)).as("queries of %s", q).isGreaterThanOrEqualTo(n);
            });
            if (k.message() != null) {
                assertThat(verdict.path("reason").asText() + err).as(all).contains(k.message());
            }
        }
    }

    @Test
    void theTableHasAtLeastFiftyCasesAndEveryDifferenceIsInTheDocs() throws Exception {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(50);
        String docs = Files.readString(Path.of("..", "docs", "canary.md"));
        for (String id : all.stream().map(Case::differs).filter(d -> d != null).distinct().toList()) {
            assertThat(docs).as("docs/canary.md names the difference %s", id).contains("`" + id + "`");
        }
    }

    @Test
    void anUnreachablePrometheusForTheWholeRunRollsBackNeverPromotes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, c("x").metric("err", "err", FAST, "count: 5", LOW).expect("", 0).template());
        StringWriter out = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "canary", "--prometheus", "http://127.0.0.1:" + port,
                "--plan", file.toString(), "--connect-timeout", "1s");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("is unreachable").contains("ROLLBACK").doesNotContain("PROMOTE");
        assertThat(out.toString().lines().filter(l -> l.startsWith("step 0  ERROR "))).hasSize(5);
    }

    @Test
    void unsupportedProvidersInTheArgoExamplesAreRefusedByName() throws Exception {
        Path corpus = Stream.of(System.getProperty("AIGOV_CORPUS"), System.getenv("AIGOV_CORPUS"), "../shared/corpus", "../../shared/corpus",
                "../../../shared/corpus").filter(p -> p != null).map(Path::of).filter(Files::isDirectory).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(corpus != null, "the shared corpus is absent: skipped");
        Path examples = corpus.resolve("kubernetes/argo-examples");
        Map<String, String[]> refused = Map.of(
                "analysis-templates.yaml", new String[] {"pass", "provider job is not supported"},
                "cluster-analysis-templates.yaml", new String[] {"always-pass", "provider job is not supported"},
                "rollout-secret.yaml", new String[] {"analysis-secret", "secretKeyRef"},
                "traffic-management/job.yaml", new String[] {"load-test", "argument \"namespace\" was not supplied"});
        for (Map.Entry<String, String[]> e : refused.entrySet()) {
            StringWriter err = new StringWriter();
            int code = Aigov.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "canary", "--prometheus", "http://127.0.0.1:9",
                    "--plan", examples.resolve(e.getKey()).toString(), "--template", e.getValue()[0]);
            assertThat(code).as(e.getKey() + ": " + err).isEqualTo(2);
            assertThat(err.toString()).as(e.getKey()).contains(e.getValue()[1]).contains(e.getKey());
        }
        assertThat(Arrays.asList(examples.resolve("rollout-canary.yaml").toFile().exists())).containsExactly(true);
    }
}
