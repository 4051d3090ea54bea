package io.jenkins.plugins.aigovernance.core.scope;

import static io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluatorTest.k8s;
import static io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluatorTest.tf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OPA adapter against a real HTTP server on 127.0.0.1 that speaks OPA's Data API. No OPA binary
 * can be installed here, so the server stands in for OPA: it evaluates the three seed policies of
 * {@code package ai_devops.scope} (written out in Java below, with the messages the Rego versions
 * produce) over the posted input document.
 */
class OpaScopeCheckTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final GovernancePolicy POLICY = new PolicyLoader().defaults();
    private static final ObjectMapper JSON = JsonDocuments.newMapper();

    private HttpServer server;
    private final AtomicReference<JsonNode> lastInput = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/data/ai_devops/scope", this::seedPolicies);
        server.createContext("/v1/data/slow", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "{\"result\": {\"deny\": []}}");
        });
        server.createContext("/v1/data/malformed", ex -> answer(ex, 200, "{\"result\": {\"deny\": [\"unterminated"));
        server.createContext("/v1/data/broken", ex -> answer(ex, 500, "{\"code\": \"internal_error\", \"message\": \"rego_recursion_error\"}"));
        server.createContext("/v1/data/undefined", ex -> answer(ex, 200, "{}"));
        server.createContext("/v1/data/no_deny", ex -> answer(ex, 200, "{\"result\": {\"allow\": true}}"));
        server.createContext("/v1/data/odd_deny", ex -> answer(ex, 200, "{\"result\": {\"deny\": [42]}}"));
        server.createContext("/v1/data/object_deny", ex -> answer(ex, 200, "{\"result\": {\"deny\": [{\"msg\": \"no\", \"severity\": \"high\"}]}}"));
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** The three seed policies, as OPA would evaluate them (see docs/opa-input.md for the Rego). */
    private void seedPolicies(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            answer(ex, 405, "{\"code\": \"method_not_allowed\"}");
            return;
        }
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        JsonNode input = body.get("input");
        lastInput.set(input);
        ArrayNode deny = JSON.createArrayNode();
        boolean ai = !input.path("change_source").asText().equals("human");
        for (JsonNode rc : input.path("resource_changes")) {
            String type = rc.path("type").asText();
            String address = rc.path("address").asText();
            List<String> actions = JSON.convertValue(rc.path("change").path("actions"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            if (!ai || actions.equals(List.of("no-op")) || actions.equals(List.of("read"))) {
                continue;
            }
            if (type.startsWith("aws_iam_")) {
                deny.add("AI agents may not modify IAM resources: " + address + " requires human review");
            }
            if (type.equals("aws_vpc") || type.startsWith("aws_subnet") || type.startsWith("aws_route") || type.equals("aws_internet_gateway")) {
                deny.add("AI agents may not modify shared networking: " + address + " requires human review");
            }
            if ((type.equals("kubernetes_namespace") || type.equals("Namespace")) && actions.contains("create")) {
                deny.add("AI agents may not create namespaces: " + address + " requires human review");
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("deny", deny);
        result.put("allow", deny.isEmpty());
        ObjectNode doc = JSON.createObjectNode();
        doc.set("result", result);
        answer(ex, 200, JSON.writeValueAsString(doc));
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private OpaClient client(Duration timeout) {
        return new OpaClient(url(), Duration.ofSeconds(2), timeout);
    }

    private static ChangeContext context(Provenance who) {
        ChangeSet change = new ChangeSet("a".repeat(40), "b".repeat(40), List.of(FileChange.modified("infra/main.tf", 12, 3)), List.of(
                tf("module.ci.aws_iam_role.deployer", "aws_iam_role", ResourceAction.UPDATE),
                tf("aws_vpc.shared", "aws_vpc", ResourceAction.REPLACE),
                tf("kubernetes_namespace.payments", "kubernetes_namespace", ResourceAction.CREATE),
                tf("aws_lambda_function.api", "aws_lambda_function", ResourceAction.DELETE),
                k8s("Deployment", "team-a", "api", ResourceAction.UPDATE, Set.of())), List.of(), List.of());
        return new ChangeContext(change, ChangeFingerprint.of(change), who, POLICY, "prod", null);
    }

    private static RiskAssessment risk(ChangeContext ctx) {
        return new RiskScorer(ctx.policy(), CLOCK).score(ctx.change(), ctx.provenance(), ctx.environment());
    }

    private static Provenance agent() {
        return new Provenance(ChangeSource.AI_AGENT, "claude-code", null, List.of(), List.of(), List.of());
    }

    @Test
    void theSeedPoliciesDenyAnAgentsIamNetworkAndNamespaceChanges() {
        ChangeContext ctx = context(agent());
        OpaScopeCheck opa = new OpaScopeCheck(client(Duration.ofSeconds(5)), "ai_devops.scope");

        List<ScopeViolation> v = opa.check(ctx, risk(ctx));

        assertThat(v).extracting(ScopeViolation::message).containsExactly(
                "AI agents may not modify IAM resources: module.ci.aws_iam_role.deployer requires human review",
                "AI agents may not modify shared networking: aws_vpc.shared requires human review",
                "AI agents may not create namespaces: kubernetes_namespace.payments requires human review");
        assertThat(v).allSatisfy(x -> {
            assertThat(x.rule()).isEqualTo("opa:ai_devops/scope");
            assertThat(x.enforcement()).isEqualTo(io.jenkins.plugins.aigovernance.core.policy.Enforcement.HARD_MANDATORY);
        });
    }

    @Test
    void theInputDocumentHasTheTerraformPlanShape() {
        ChangeContext ctx = context(agent());
        new OpaScopeCheck(client(Duration.ofSeconds(5)), "ai_devops/scope").check(ctx, risk(ctx));

        JsonNode in = lastInput.get();
        assertThat(in.get("change_source").asText()).isEqualTo("ai-agent");
        assertThat(in.get("agent").asText()).isEqualTo("claude-code");
        assertThat(in.get("environment").asText()).isEqualTo("prod");
        assertThat(in.get("production").asBoolean()).isTrue();
        assertThat(in.get("risk_tier").asText()).isEqualTo("CRITICAL");
        assertThat(in.get("fingerprint").asText()).isEqualTo(ctx.fingerprint().value());
        assertThat(in.get("files").get(0).get("path").asText()).isEqualTo("infra/main.tf");
        JsonNode vpc = in.get("resource_changes").get(1);
        assertThat(vpc.get("address").asText()).isEqualTo("aws_vpc.shared");
        assertThat(vpc.get("provider_name").asText()).isEqualTo("registry.terraform.io/hashicorp/aws");
        assertThat(vpc.get("mode").asText()).isEqualTo("managed");
        assertThat(vpc.get("change").get("actions")).extracting(JsonNode::asText).containsExactly("delete", "create");
        assertThat(vpc.get("traits")).extracting(JsonNode::asText).containsExactly("network");
        assertThat(in.get("resource_changes").get(4).get("namespace").asText()).isEqualTo("team-a");
        assertThat(in.get("planned_values").get("root_module").get("resources")).extracting(r -> r.get("address").asText())
                .as("deleted resources are not planned").doesNotContain("aws_lambda_function.api").contains("aws_vpc.shared");
    }

    /** A Rego rule comparing {@code input.environment == "prod"} holds for every spelling of prod (red team). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"prod", "PROD", " Prod ", "\uff50\uff52\uff4f\uff44", "pro\u200bd"})
    void theInputEnvironmentIsTheCanonicalName(String spelling) {
        ChangeContext base = context(agent());
        ChangeContext ctx = new ChangeContext(base.change(), base.fingerprint(), base.provenance(), base.policy(), spelling, null);
        new OpaScopeCheck(client(Duration.ofSeconds(5)), "ai_devops/scope").check(ctx, risk(ctx));
        assertThat(lastInput.get().get("environment").asText()).isEqualTo("prod");
    }

    @Test
    void aHumanChangePassesTheSeedPoliciesAndTheDecisionRecordsTheCheck() {
        ChangeContext ctx = context(new Provenance(ChangeSource.HUMAN, null, null, List.of(), List.of(), List.of()));
        RiskAssessment risk = risk(ctx);
        ScopeDecision local = new ScopeEvaluator(POLICY, CLOCK).evaluate(ctx, risk, List.of());
        OpaScopeCheck opa = new OpaScopeCheck(client(Duration.ofSeconds(5)), "ai_devops.scope");

        ScopeDecision d = opa.apply(local, ctx, risk);

        assertThat(d.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.externalChecks()).containsExactly("opa " + url() + "/v1/data/ai_devops/scope");
        assertThat(lastInput.get().get("agent").asText()).isEqualTo("unknown");
    }

    @Test
    void opaDenialsTurnAnAllowedDecisionIntoADeny() {
        ChangeContext ctx = context(agent());
        RiskAssessment risk = risk(ctx);
        ScopeDecision allowed = new ScopeEvaluator(POLICY, CLOCK).evaluate(
                new ChangeContext(new ChangeSet(null, null, List.of(), List.of(), List.of(), List.of()), ctx.fingerprint(), ctx.provenance(), POLICY,
                        "prod", null), risk, List.of());

        ScopeDecision d = new OpaScopeCheck(client(Duration.ofSeconds(5)), "ai_devops.scope").apply(allowed, ctx, risk);

        assertThat(allowed.outcome()).isEqualTo(ScopeOutcome.ALLOW);
        assertThat(d.outcome()).isEqualTo(ScopeOutcome.DENY);
        assertThat(d.violations()).hasSize(3);
    }

    @Test
    void denyEntriesMayBeObjectsWithAMessage() {
        ChangeContext ctx = context(agent());
        assertThat(new OpaScopeCheck(client(Duration.ofSeconds(5)), "object_deny").check(ctx, risk(ctx)))
                .extracting(ScopeViolation::message).containsExactly("no");
    }

    @Test
    void anUnreachableServerFailsClosedNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        OpaClient c = new OpaClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), Duration.ofSeconds(2));
        ChangeContext ctx = context(agent());

        assertThatThrownBy(() -> new OpaScopeCheck(c, "ai_devops.scope").check(ctx, risk(ctx)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("http://127.0.0.1:" + port + "/v1/data/ai_devops/scope: ")
                .hasMessageContaining("failing closed");
    }

    @Test
    void aSlowServerFailsClosedAfterTheTimeout() {
        ChangeContext ctx = context(agent());

        assertThatThrownBy(() -> new OpaScopeCheck(client(Duration.ofMillis(300)), "slow").check(ctx, risk(ctx)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(url() + "/v1/data/slow: OPA did not answer within 300ms (failing closed)");
    }

    @Test
    void malformedErrorAndUndefinedAnswersFailClosed() {
        ChangeContext ctx = context(agent());
        RiskAssessment risk = risk(ctx);
        OpaClient c = client(Duration.ofSeconds(5));

        assertThatThrownBy(() -> new OpaScopeCheck(c, "malformed").check(ctx, risk)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(url() + "/v1/data/malformed: OPA's answer is not JSON");
        assertThatThrownBy(() -> new OpaScopeCheck(c, "broken").check(ctx, risk)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/v1/data/broken: OPA answered HTTP 500").hasMessageContaining("rego_recursion_error");
        assertThatThrownBy(() -> new OpaScopeCheck(c, "undefined").check(ctx, risk)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/v1/data/undefined: the decision is undefined (no 'result')");
        assertThatThrownBy(() -> new OpaScopeCheck(c, "no_deny").check(ctx, risk)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no 'deny' set");
        assertThatThrownBy(() -> new OpaScopeCheck(c, "odd_deny").check(ctx, risk)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither a string nor an object");
    }

    @Test
    void packagePathsAndUrlsAreChecked() {
        OpaClient c = client(Duration.ofSeconds(1));
        assertThat(c.dataUrl("ai_devops.scope")).isEqualTo(URI.create(url() + "/v1/data/ai_devops/scope"));
        assertThatThrownBy(() -> c.dataUrl("../admin")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a Rego package path");
        assertThatThrownBy(() -> new OpaClient(URI.create("file:///etc/passwd"), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an http(s) URL");
    }
}
