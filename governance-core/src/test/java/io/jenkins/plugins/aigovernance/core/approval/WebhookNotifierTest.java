package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.NotificationEndpoint;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private static final String SECRET = "T0001/B0002/XyZsEcReTtOkEn";

    private HttpServer server;
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger hits = new AtomicInteger();
    private final List<String> idempotencyKeys = Collections.synchronizedList(new ArrayList<>());
    /** Released when the test ends: a queued status 0 means "hold the request and never answer in time". */
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final List<Duration> slept = new ArrayList<>();
    private String retryAfter;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            bodies.add(json.readTree(ex.getRequestBody().readAllBytes()));
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            idempotencyKeys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            Integer s = statuses.poll();
            if (s != null && s == 0) {
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(s == null ? 200 : s, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + SECRET + "?token=" + SECRET;
    }

    private WebhookNotifier notifier(Map<String, String> env) {
        return new WebhookNotifier(HttpClient.newHttpClient(), env::get, slept::add);
    }

    private static NotificationPolicy policy(NotificationEndpoint... endpoints) {
        return new NotificationPolicy(List.of(endpoints), 5, 3);
    }

    private static ApprovalNotice notice(RiskTier tier) {
        ChangeContext base = Fixtures.context(Fixtures.LOADER.defaults());
        ResourceChange db = new ResourceChange(ResourceSource.TERRAFORM, "aws_db_instance.main", "aws_db_instance", null, "main", null,
                ResourceAction.DELETE, null, null, null);
        ChangeSet change = base.change().plus(List.of(db), List.of());
        ChangeContext ctx = new ChangeContext(change, base.fingerprint(), base.provenance(), base.policy(), "prod", null);
        ApprovalRequest r = ApprovalRequest.open(ApprovalRequirements.forChange(ctx, Fixtures.risk(tier, Fixtures.FP1), null), T0);
        return ApprovalNotice.of(r, Fixtures.risk(tier, Fixtures.FP1), ctx, "https://jenkins.example/job/app/42/input");
    }

    @Test
    void slackPayloadHasTextAndBlocks() {
        List<NotificationResult> rs = notifier(Map.of("SLACK_URL", url()))
                .requestOpened(notice(RiskTier.HIGH), policy(new NotificationEndpoint("slack", "slack", "SLACK_URL", null, List.of(), null)));
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.status()).isEqualTo(200);
        });
        JsonNode body = bodies.get(0);
        assertThat(body.get("text").asText()).contains("HIGH change needs approval").contains("1 × senior-engineers");
        assertThat(body.get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(body.get("blocks").toString()).contains("delete aws_db_instance.main").contains("claude-code").contains("Environment: prod");
        JsonNode actions = body.get("blocks").get(body.get("blocks").size() - 1);
        assertThat(actions.get("type").asText()).isEqualTo("actions");
        assertThat(actions.get("elements").get(0).get("url").asText()).isEqualTo("https://jenkins.example/job/app/42/input");
    }

    @Test
    void genericPayloadAndCriticalPagingEndpoint() {
        Map<String, String> env = Map.of("HOOK", url(), "PAGER", url(), "PAGER_TOKEN", "Bearer " + SECRET);
        NotificationPolicy p = policy(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null),
                new NotificationEndpoint("pager", "generic", "PAGER", "PAGER_TOKEN", List.of(RiskTier.CRITICAL), null));

        assertThat(notifier(env).requestOpened(notice(RiskTier.HIGH), p)).extracting(NotificationResult::endpoint).containsExactly("hook");
        assertThat(hits.get()).isEqualTo(1);
        JsonNode generic = bodies.get(0);
        assertThat(generic.get("event").asText()).isEqualTo("approval-requested");
        assertThat(generic.get("tier").asText()).isEqualTo("HIGH");
        // the environment the approval is asked for (an approval counts only there)
        assertThat(generic.get("environment").asText()).isEqualTo("prod");
        assertThat(generic.get("blastRadius").asInt()).isEqualTo(60);
        assertThat(generic.get("changedResources").get(0).asText()).isEqualTo("delete aws_db_instance.main");
        assertThat(generic.get("agentId").asText()).isEqualTo("claude-code");
        assertThat(generic.get("fingerprint").asText()).isEqualTo(Fixtures.FP1.value());
        assertThat(generic.get("link").asText()).isEqualTo("https://jenkins.example/job/app/42/input");
        assertThat(generic.get("slots").get(1).get("group").asText()).isEqualTo("team-leads");

        List<NotificationResult> critical = notifier(env).requestOpened(notice(RiskTier.CRITICAL), p);
        assertThat(critical).extracting(NotificationResult::endpoint).containsExactly("hook", "pager");
        assertThat(critical).allMatch(NotificationResult::delivered);
        assertThat(authorizations.get(2)).isEqualTo("Bearer " + SECRET);
        assertThat(authorizations.get(1)).isNull();
    }

    @Test
    void retriesAfterA500ThenSucceeds() {
        statuses.add(500);
        NotificationResult r = notifier(Map.of("HOOK", url())).send(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null),
                notice(RiskTier.HIGH), 3, Duration.ofSeconds(5));
        assertThat(r.delivered()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void doesNotRetryA400() {
        statuses.add(400);
        NotificationResult r = notifier(Map.of("HOOK", url())).send(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null),
                notice(RiskTier.HIGH), 3, Duration.ofSeconds(5));
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(400);
        assertThat(hits.get()).isEqualTo(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void persistent500sStopAfterTheLastAttemptWithBackoffAndNoSecretsInTheReport() {
        for (int i = 0; i < 10; i++) {
            statuses.add(503);
        }
        NotificationResult r = notifier(Map.of("HOOK", url())).send(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null),
                notice(RiskTier.HIGH), 3, Duration.ofSeconds(5));
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(hits.get()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(r.error()).isEqualTo("HTTP 503 after 3 attempts");
        assertThat(r.toString()).doesNotContain(SECRET).doesNotContain("services");
        assertThat(r.target()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort() + "/…");
    }

    @Test
    void honoursRetryAfterInSecondsAndGivesUpWhenItIsLongerThanTheCap() {
        statuses.add(429);
        retryAfter = "3";
        NotificationEndpoint hook = new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null);
        NotificationResult r = notifier(Map.of("HOOK", url())).send(hook, notice(RiskTier.HIGH), 3, Duration.ofSeconds(5));
        assertThat(r.delivered()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(3));

        statuses.add(429);
        retryAfter = "3600";
        NotificationResult late = notifier(Map.of("HOOK", url())).send(hook, notice(RiskTier.HIGH), 3, Duration.ofSeconds(5));
        assertThat(late.delivered()).isFalse();
        assertThat(late.attempts()).isEqualTo(1);
        assertThat(late.error()).contains("HTTP 429").contains("retry after 3600 s");
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() {
        java.time.Instant now = java.time.Instant.parse("2026-03-01T10:00:00Z");
        WebhookNotifier n = new WebhookNotifier(HttpClient.newHttpClient(), Map.of("HOOK", url())::get, slept::add,
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        NotificationEndpoint hook = new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null);
        statuses.add(503);
        retryAfter = "Sun, 01 Mar 2026 10:00:04 GMT";
        assertThat(n.send(hook, notice(RiskTier.HIGH), 3, Duration.ofSeconds(5)).delivered()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(4));
        assertThat(WebhookNotifier.retryAfter("Sunday, 01-Mar-26 10:00:02 GMT", now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WebhookNotifier.retryAfter("Sun Mar  1 10:00:03 2026", now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(WebhookNotifier.retryAfter("Sat, 28 Feb 2026 10:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(WebhookNotifier.retryAfter("soon", now)).isNull();
        assertThat(WebhookNotifier.retryAfter("-5", now)).isNull();
    }

    @Test
    void genericWebhooksCarryOneIdempotencyKeyAcrossAttemptsSoATimeoutMayBeRetried() {
        statuses.add(0); // the first request is held past the timeout: the receiver may have it
        NotificationResult r = notifier(Map.of("HOOK", url())).send(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null),
                notice(RiskTier.HIGH), 3, Duration.ofMillis(300));
        assertThat(r.delivered()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(idempotencyKeys).hasSize(2).allSatisfy(k -> assertThat(k).matches("\"approval-requested:[^\"]+\""));
        assertThat(idempotencyKeys.get(0)).isEqualTo(idempotencyKeys.get(1));
        assertThat(bodies).allSatisfy(b -> assertThat("\"" + b.get("idempotencyKey").asText() + "\"").isEqualTo(idempotencyKeys.get(0)));
    }

    @Test
    void aSlackNoticeThatTimedOutIsNotPostedAgain() {
        statuses.add(0);
        NotificationResult r = notifier(Map.of("SLACK", url())).send(new NotificationEndpoint("slack", "slack", "SLACK", null, List.of(), null),
                notice(RiskTier.HIGH), 3, Duration.ofMillis(300));
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.error()).contains("not retried");
        assertThat(hits.get()).isEqualTo(1);
        assertThat(idempotencyKeys).containsOnlyNulls();
    }

    @Test
    void connectionFailuresAreRetriedAndReportedWithoutTheUrl() {
        int port = server.getAddress().getPort();
        server.stop(0);
        String dead = "http://127.0.0.1:" + port + "/services/" + SECRET;
        NotificationResult r = notifier(Map.of("HOOK", dead, "TOKEN", SECRET))
                .send(new NotificationEndpoint("hook", "generic", "HOOK", "TOKEN", List.of(), null), notice(RiskTier.HIGH), 3, Duration.ofSeconds(2));
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.status()).isNull();
        assertThat(r.error()).contains("after 3 attempts").doesNotContain(SECRET);
        assertThat(r.toString()).doesNotContain(SECRET);
    }

    @Test
    void missingOrUnsafeUrlsAreReportedNotSent() {
        NotificationEndpoint ep = new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null);
        NotificationResult missing = notifier(Map.of()).send(ep, notice(RiskTier.HIGH), 3, Duration.ofSeconds(1));
        assertThat(missing.delivered()).isFalse();
        assertThat(missing.attempts()).isZero();
        assertThat(missing.error()).isEqualTo("environment variable HOOK is not set");
        NotificationResult plain = notifier(Map.of("HOOK", "http://hooks.example.com/services/" + SECRET)).send(ep, notice(RiskTier.HIGH), 3,
                Duration.ofSeconds(1));
        assertThat(plain.error()).contains("must be https");
        assertThat(plain.toString()).doesNotContain(SECRET);
        assertThat(hits.get()).isZero();
    }
}
