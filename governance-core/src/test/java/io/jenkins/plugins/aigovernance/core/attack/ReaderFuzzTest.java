package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.FileApprovalLedger;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.canary.MetricQueryException;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProvider;
import io.jenkins.plugins.aigovernance.core.change.IamPolicyAnalyzer;
import io.jenkins.plugins.aigovernance.core.change.IamPolicyReader;
import io.jenkins.plugins.aigovernance.core.change.KubernetesManifestReader;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.policy.CanaryPlanReader;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.AgentTraceRecord;
import io.jenkins.plugins.aigovernance.core.provenance.GitAiAuthorshipLog;
import io.jenkins.plugins.aigovernance.core.provenance.Trailers;
import io.jenkins.plugins.aigovernance.core.scope.OpaClient;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutation fuzzing of every reader the engine interprets (runs in {@code mvn verify}): valid seed
 * documents with random edits (deleted, inserted, duplicated and swapped pieces, structural characters,
 * look-alike and control characters, truncation, trailing data). A reader either returns or refuses the
 * input with the error the engine names (exit 2 in the CLI); any other exception is a crash.
 */
class ReaderFuzzTest {

    private static final String STRUCTURE = "{}[]\":,\n \t\\<<*&!#-?|>'\u0000\u200b\u0430\u00a0\ud83d\ude00";

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** Readers are immutable once built: one of each serves every try. */
    private static final PolicyLoader POLICIES = new PolicyLoader();
    private static final CanaryPlanReader CANARY = new CanaryPlanReader();
    private static final TerraformPlanReader PLANS = new TerraformPlanReader();
    private static final KubernetesManifestReader MANIFESTS = new KubernetesManifestReader();
    private static final IamPolicyReader IAM = new IamPolicyReader();
    private static final IamPolicyAnalyzer ANALYZER = new IamPolicyAnalyzer();
    private static final AuditVerifier AUDIT = new AuditVerifier();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonDocuments.newMapper();
    private static HttpServer server;
    private static final AtomicReference<byte[]> ANSWER = new AtomicReference<>(new byte[0]);

    /** One random edit of a seed. */
    record Edit(int kind, int at, int length, char c) {
    }

    @BeforeContainer
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = ANSWER.get();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    @AfterContainer
    static void stopServer() {
        server.stop(0);
    }

    static String mutate(String seed, List<Edit> edits) {
        StringBuilder s = new StringBuilder(seed);
        for (Edit e : edits) {
            int at = s.length() == 0 ? 0 : e.at() % (s.length() + 1);
            int end = Math.min(s.length(), at + e.length());
            switch (e.kind()) {
                case 0 -> s.delete(at, end);
                case 1 -> s.insert(at, e.c());
                case 2 -> s.insert(at, s.substring(at, end)); // duplicate a piece: repeated keys, lines, values
                case 3 -> s.setLength(at); // truncation
                case 4 -> s.append(e.c()).append(seed, 0, Math.min(seed.length(), e.length())); // trailing data
                case 5 -> {
                    if (end > at) {
                        s.setCharAt(at, e.c());
                    }
                }
                default -> {
                    int nl = s.indexOf("\n", at);
                    if (nl >= 0) {
                        int prev = s.lastIndexOf("\n", Math.max(0, at - 1));
                        s.insert(nl + 1, s.substring(prev + 1, nl + 1)); // repeat a whole line (a YAML key twice)
                    }
                }
            }
        }
        return s.toString();
    }

    private static Arbitrary<String> mutations(String... seeds) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 40), Arbitraries.of(STRUCTURE.toCharArray()).map(c -> c)).as(Edit::new);
        return Combinators.combine(Arbitraries.of(seeds), edit.list().ofMinSize(1).ofMaxSize(6)).as(ReaderFuzzTest::mutate);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a reader; the only failure allowed is one of {@code allowed}. */
    @SafeVarargs
    private static void survives(Runnable reader, Class<? extends Throwable>... allowed) {
        try {
            reader.run();
        } catch (GovernanceException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException e) {
            for (Class<? extends Throwable> a : allowed) {
                if (a.isInstance(e)) {
                    return;
                }
            }
            throw new AssertionError("reader crashed with " + e, e);
        }
    }

    @Provide
    Arbitrary<String> plans() {
        String iam = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        return mutations(new TerraformPlanFixture().change("aws_iam_policy.p", "aws_iam_policy", "[\"create\"]",
                        TerraformPlanFixture.policyAttribute("policy", iam)).change("aws_db_instance.db", "aws_db_instance", "[\"delete\",\"create\"]",
                        "{\"engine\":\"postgres\"}").json(),
                "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"mode\":\"managed\",\"type\":\"a\",\"name\":\"b\","
                        + "\"change\":{\"actions\":[\"no-op\"]}}],\"planned_values\":{}}");
    }

    @Property(tries = 400)
    void terraformPlans(@ForAll("plans") String plan) {
        survives(() -> PLANS.read("plan.json", new ByteArrayInputStream(utf8(plan))));
    }

    @Provide
    Arbitrary<String> manifests() {
        return mutations("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: &m
                  name: ops
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects:
                  - <<: {kind: Group, apiGroup: rbac.authorization.k8s.io}
                    name: system:authenticated
                ---
                apiVersion: v1
                kind: List
                items:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
                """, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"prod\"}}");
    }

    @Property(tries = 400)
    void kubernetesManifests(@ForAll("manifests") String manifest) {
        survives(() -> MANIFESTS.readDocuments("k8s/m.yaml", utf8(manifest), ResourceAction.UPDATE));
        survives(() -> MANIFESTS.readDocuments("k8s/m.json", utf8(manifest), ResourceAction.UPDATE));
    }

    @Provide
    Arbitrary<String> iamDocuments() {
        return mutations("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\",\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\"],"
                + "\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"x\"}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}");
    }

    @Property(tries = 400)
    void iamDocuments(@ForAll("iamDocuments") String doc) {
        survives(() -> IAM.read("iam/p.json", utf8(doc), ResourceAction.UPDATE));
        survives(() -> ANALYZER.analyze(doc));
    }

    @Provide
    Arbitrary<String> policies() {
        return mutations(POLICIES.defaultsYaml().substring(0, 4000), """
                apiVersion: ai-governance/v1
                metadata: {name: p, version: "1"}
                risk:
                  defaultTier: MEDIUM
                  rules:
                    - id: iam
                      tier: CRITICAL
                      reason: IAM
                      match: {paths: ["infra/iam/**", "app/\\\\[id\\\\]/x"], resourceTypes: ["aws_iam_*"]}
                approval:
                  breakGlass: {enabled: true, allowed: [oncall-*]}
                """);
    }

    @Property(tries = 300)
    void policies(@ForAll("policies") String policy) {
        survives(() -> POLICIES.parse("policy.yml", utf8(policy), "file"));
    }

    @Provide
    Arbitrary<String> canaryPlans() {
        return mutations("""
                name: checkout
                steps:
                  - setWeight: 10
                  - pause: {duration: 1m}
                  - analysis:
                      metrics:
                        - name: errors
                          query: sum(rate(http_requests_total{code=~"5.."}[1m]))
                          successCondition: result[0] < 0.01
                """);
    }

    @Property(tries = 300)
    void canaryPlans(@ForAll("canaryPlans") String plan) {
        survives(() -> CANARY.parse("canary.yml", utf8(plan), null));
    }

    @Provide
    Arbitrary<String> ledgers() {
        String fp = "sha256:" + "1".repeat(64);
        String decision = "{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-1\",\"recordedAt\":\"2026-03-02T09:01:00Z\",\"decision\":"
                + "{\"kind\":\"deny\",\"approverId\":\"kim\",\"fingerprint\":\"" + fp + "\",\"tierSeen\":\"HIGH\",\"at\":\"2026-03-02T09:01:00Z\","
                + "\"comment\":\"stop\"}}\n";
        String torn = "{\"v\":1,\"type\":\"decis\n{\"v\":1,\"type\":\"torn-write-sealed\",\"recordedAt\":\"2026-03-02T09:02:00Z\","
                + "\"sealedOffset\":" + decision.length() + ",\"sealedLength\":21}\n";
        return mutations(decision + torn + decision);
    }

    @Property(tries = 250)
    void approvalLedgers(@ForAll("ledgers") String ledger) throws IOException {
        Path f = Files.createTempFile("ledger", ".jsonl");
        try {
            Files.write(f, utf8(ledger));
            survives(() -> new FileApprovalLedger(f, Clock.fixed(T0, ZoneOffset.UTC)).read());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<String> approvals() {
        return mutations("[{\"kind\":\"approve\",\"approverId\":\"sam\",\"email\":\"sam@corp.example\",\"groups\":[\"team-leads\"],"
                + "\"fingerprint\":\"sha256:" + "1".repeat(64) + "\",\"tierSeen\":\"HIGH\",\"at\":\"2026-03-02T09:00:00Z\"}]");
    }

    @Property(tries = 400)
    void approvalArrays(@ForAll("approvals") String json) {
        survives(() -> {
            try {
                JSON.readValue(json, Approval[].class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException refused) {
                // the CLI turns this into exit 2 naming the file
            }
        });
    }

    @Provide
    Arbitrary<String> auditLogs() {
        // a real record, as AuditLog writes it
        String rec = "{\"seq\":1,\"prevHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"event\":{\"actor\":\"alice\","
                + "\"outcome\":\"assessed\",\"time\":\"2026-03-01T09:00:00Z\",\"type\":\"risk-assessed\",\"v\":1},\"hash\":\"ab\"}\n";
        return mutations(rec + rec.replace("\"seq\":1", "\"seq\":2"));
    }

    @Property(tries = 300)
    void auditLogs(@ForAll("auditLogs") String log) throws IOException {
        Path f = Files.createTempFile("audit", ".jsonl");
        try {
            Files.write(f, utf8(log));
            survives(() -> AUDIT.verify(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<String> opaAnswers() {
        return mutations("{\"result\":{\"deny\":[\"no IAM\",{\"msg\":\"no VPC\"}]},\"decision_id\":\"x\"}", "{\"result\":{\"deny\":{\"a\":true}}}");
    }

    @Property(tries = 200)
    void opaAnswers(@ForAll("opaAnswers") String answer) {
        ANSWER.set(utf8(answer));
        OpaClient c = new OpaClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5), Duration.ofSeconds(20));
        survives(() -> c.evaluate("ai_devops.scope", Map.of("x", 1)));
    }

    @Provide
    Arbitrary<String> prometheusAnswers() {
        return mutations("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000.1,\"0.5\"]}]}}",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"b\"},\"values\":[[1,\"1\"],[2,\"NaN\"]]}]}}");
    }

    @Property(tries = 200)
    void prometheusAnswers(@ForAll("prometheusAnswers") String answer) {
        ANSWER.set(utf8(answer));
        PrometheusProvider p = new PrometheusProvider(PrometheusConnection.of("http://127.0.0.1:" + server.getAddress().getPort()));
        survives(() -> p.query("up"), MetricQueryException.class);
    }

    @Provide
    Arbitrary<String> provenanceRecords() {
        return mutations("{\"version\":\"0.1.0\",\"id\":\"t1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"tool\":{\"name\":\"claude-code\"},"
                + "\"files\":[{\"path\":\"a.py\",\"conversations\":[{\"contributor\":{\"type\":\"ai\",\"model_id\":\"x\"},\"ranges\":[{\"start_line\":1,"
                + "\"end_line\":2}]}]}]}", "src/a.py\n  abcd1234 1-4,7\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{\"abcd1234\":"
                + "{\"agent_id\":{\"tool\":\"claude\",\"model\":\"m\"}}}}", "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\nAI-Agent: x\n");
    }

    @Property(tries = 400)
    void provenanceRecords(@ForAll("provenanceRecords") String text) {
        survives(() -> AgentTraceRecord.parseAll(text), IllegalArgumentException.class);
        survives(() -> GitAiAuthorshipLog.parse(text), IllegalArgumentException.class);
        survives(() -> Trailers.parse(text));
    }
}
