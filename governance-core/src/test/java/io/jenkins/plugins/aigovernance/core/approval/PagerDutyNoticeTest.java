package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.NotificationEndpoint;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PagerDuty Events API v2 events, delivered to a loopback receiver that checks them as PagerDuty documents. */
class PagerDutyNoticeTest {

    private static final String KEY = "R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y00";

    private PagerDutyEventsReceiver pagerDuty;
    private final Map<String, String> env = new HashMap<>();
    private final List<java.time.Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pagerDuty = new PagerDutyEventsReceiver(KEY);
        env.put("PD_URL", pagerDuty.url());
        env.put("PD_KEY", KEY);
    }

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    private WebhookNotifier notifier() {
        return new WebhookNotifier(HttpClient.newHttpClient(), env::get, slept::add);
    }

    private static NotificationPolicy policy(NotificationEndpoint... endpoints) {
        return new NotificationPolicy(List.of(endpoints), 5, 3);
    }

    private static NotificationEndpoint pager(List<RiskTier> tiers) {
        return new NotificationEndpoint("pager", "pagerduty", "PD_URL", null, tiers, null, "PD_KEY");
    }

    private static RiskAssessment risk(RiskTier tier, String agent) {
        return new RiskAssessment(Fixtures.FP1, "a".repeat(40), "b".repeat(40), "prod", tier, 95, null, List.of(), null, null,
                Provenance.unknown("test"), ChangeSource.AI_AGENT, agent, "builtin@1", T0);
    }

    private static ApprovalRequest request(RiskTier tier) {
        ChangeContext ctx = Fixtures.context(Fixtures.LOADER.defaults());
        return ApprovalRequest.open(ApprovalRequirements.forChange(ctx, risk(tier, "claude-code"), null), T0);
    }

    private static ApprovalNotice notice(RiskTier tier, String agent, int resources) {
        ChangeContext base = Fixtures.context(Fixtures.LOADER.defaults());
        List<ResourceChange> rs = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            rs.add(new ResourceChange(ResourceSource.TERRAFORM, "aws_db_instance.db" + i, "aws_db_instance", null, "db" + i, null,
                    ResourceAction.DELETE, null, null, null));
        }
        ChangeSet change = base.change().plus(rs, List.of());
        ChangeContext ctx = new ChangeContext(change, base.fingerprint(), base.provenance(), base.policy(), "prod", null);
        ApprovalRequest r = ApprovalRequest.open(ApprovalRequirements.forChange(ctx, risk(tier, agent), null), T0);
        return ApprovalNotice.of(r, risk(tier, agent), ctx, "https://jenkins.example/job/app/42/input/");
    }

    @Test
    void criticalRequestTriggersOneAlertAsPagerDutyDocumentsIt() {
        List<NotificationResult> rs = notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), policy(pager(List.of())));
        assertThat(pagerDuty.refused).isEmpty();
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.attempts()).isEqualTo(1);
        });
        JsonNode e = pagerDuty.accepted.get(0);
        assertThat(e.get("event_action").asText()).isEqualTo("trigger");
        assertThat(e.get("dedup_key").asText()).isEqualTo("ai-governance/approval/" + Fixtures.FP1.value());
        JsonNode p = e.get("payload");
        assertThat(p.get("severity").asText()).isEqualTo("critical");
        assertThat(p.get("source").asText()).isEqualTo("jenkins.example");
        assertThat(p.get("summary").asText()).startsWith("CRITICAL AI change needs approval").contains("claude-code").contains("1 × cto");
        assertThat(p.get("custom_details").get("changedResources").get(0).asText()).isEqualTo("delete aws_db_instance.db0");
        assertThat(p.get("custom_details").get("fingerprint").asText()).isEqualTo(Fixtures.FP1.value());
        assertThat(e.get("links").get(0).get("href").asText()).isEqualTo("https://jenkins.example/job/app/42/input/");
        assertThat(pagerDuty.alerts()).singleElement().extracting(PagerDutyEventsReceiver.Alert::status).isEqualTo("triggered");
    }

    @Test
    void aPagerWithoutTiersIsOnlyForCriticalRequests() {
        NotificationPolicy p = policy(pager(List.of()));
        for (RiskTier t : List.of(RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH)) {
            assertThat(notifier().requestOpened(notice(t, "claude-code", 1), p)).isEmpty();
        }
        assertThat(pagerDuty.accepted).isEmpty();
        // named tiers are honoured, with PagerDuty's severity for each
        assertThat(notifier().requestOpened(notice(RiskTier.HIGH, "claude-code", 1), policy(pager(List.of(RiskTier.HIGH)))))
                .singleElement().extracting(NotificationResult::delivered).isEqualTo(true);
        assertThat(pagerDuty.accepted.get(0).get("payload").get("severity").asText()).isEqualTo("error");
    }

    @Test
    void repeatedRunsOnOneChangeLandOnOneAlertAndTheDecisionResolvesIt() {
        NotificationPolicy p = policy(pager(List.of()));
        notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), p);
        notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), p);
        assertThat(pagerDuty.alerts()).hasSize(1);

        ApprovalRequest request = request(RiskTier.CRITICAL);
        ApprovalEvaluator evaluator = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
        ApprovalEvaluation pending = evaluator.evaluate(request, List.of());
        assertThat(pending.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(notifier().requestDecided(pending, p)).isEmpty();

        ApprovalEvaluation denied = evaluator.evaluate(request,
                List.of(Approval.deny("dana", "dana@corp.example", Fixtures.FP1, RiskTier.CRITICAL, T0.plusSeconds(60), "no rollback plan")));
        assertThat(denied.status()).isEqualTo(ApprovalStatus.DENIED);
        assertThat(notifier().requestDecided(denied, p)).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.status()).isEqualTo(202);
        });
        assertThat(pagerDuty.refused).isEmpty();
        JsonNode resolve = pagerDuty.accepted.get(pagerDuty.accepted.size() - 1);
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(PagerDutyEvents.dedupKey(Fixtures.FP1));
        assertThat(pagerDuty.alerts()).singleElement().extracting(PagerDutyEventsReceiver.Alert::status).isEqualTo("resolved");
    }

    @Test
    void decisionsAreNotSentToChatOrGenericWebhooks() {
        env.put("HOOK", pagerDuty.url());
        ApprovalEvaluation denied = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).evaluate(request(RiskTier.CRITICAL),
                List.of(Approval.deny("dana", "dana@corp.example", Fixtures.FP1, RiskTier.CRITICAL, T0.plusSeconds(60), "no")));
        assertThat(notifier().requestDecided(denied, policy(new NotificationEndpoint("hook", "generic", "HOOK", null, List.of(), null))))
                .isEmpty();
        assertThat(pagerDuty.accepted).isEmpty();
    }

    @Test
    void hostileAgentIdsAndHugeChangesStayWithinTheSummaryLimitOnOneLine() {
        String agent = "evil\nSEV1: all clear, ignore this page\u202E" + "x".repeat(3000) + "\uD83D\uDE00";
        List<NotificationResult> rs = notifier().requestOpened(notice(RiskTier.CRITICAL, agent, 500), policy(pager(List.of())));
        assertThat(pagerDuty.refused).isEmpty();
        assertThat(rs).singleElement().extracting(NotificationResult::delivered).isEqualTo(true);
        String summary = pagerDuty.accepted.get(0).get("payload").get("summary").asText();
        assertThat(summary.length()).isLessThanOrEqualTo(PagerDutyEvents.MAX_SUMMARY);
        assertThat(summary).doesNotContain("\n").doesNotContain("\u202E").endsWith("…");
        assertThat(Character.isHighSurrogate(summary.charAt(summary.length() - 2))).isFalse();
    }

    @Test
    void theRoutingKeyIsNeverReportedAndAWrongOneIsNotRetried() {
        env.put("PD_KEY", "WR0NGK3YWR0NGK3YWR0NGK3YWR0NGK3Y");
        NotificationResult r = notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), policy(pager(List.of()))).get(0);
        assertThat(r.delivered()).isFalse();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(slept).isEmpty();
        assertThat(r.toString()).doesNotContain("WR0NGK3Y").doesNotContain(pagerDuty.url());
        assertThat(pagerDuty.refused).contains("'routing_key' is not an integration key of this account");
    }

    @Test
    void aMissingRoutingKeyOrUrlSendsNothing() {
        env.remove("PD_KEY");
        NotificationResult r = notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), policy(pager(List.of()))).get(0);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isZero();
        assertThat(r.error()).isEqualTo("environment variable PD_KEY is not set");
        env.put("PD_KEY", "key with spaces is not a key........");
        assertThat(notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), policy(pager(List.of()))).get(0).error())
                .contains("PD_KEY does not hold an Events API v2 integration key").doesNotContain("spaces");
        env.put("PD_KEY", KEY);
        env.remove("PD_URL");
        assertThat(notifier().requestOpened(notice(RiskTier.CRITICAL, "claude-code", 1), policy(pager(List.of()))).get(0).error())
                .isEqualTo("environment variable PD_URL is not set");
        assertThat(pagerDuty.accepted).isEmpty();
        assertThat(pagerDuty.refused).isEmpty();
    }

    @Test
    void withoutUrlEnvEventsGoToPagerDutysDocumentedEndpoint() {
        NotificationEndpoint ep = new NotificationEndpoint("pager", "pagerduty", null, null, List.of(), null, "PD_KEY");
        // the key is unset so that nothing leaves this machine: the result still names the target
        env.remove("PD_KEY");
        NotificationResult r = notifier().send(ep, notice(RiskTier.CRITICAL, "claude-code", 1), 1, java.time.Duration.ofSeconds(2));
        assertThat(r.target()).isEqualTo("https://events.pagerduty.com/…");
        assertThat(r.attempts()).isZero();
    }

    @Test
    void thePolicyNamesVariablesAndPagerDutyEndpointsNeedARoutingKey() {
        GovernancePolicy ok = Fixtures.policy("""
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: pager, format: pagerduty, routingKeyEnv: AIGOV_PAGERDUTY_ROUTING_KEY}
                """);
        NotificationEndpoint ep = ok.notifications().endpoints().get(0);
        assertThat(ep.pagerDuty()).isTrue();
        assertThat(ep.routingKeyEnv()).isEqualTo("AIGOV_PAGERDUTY_ROUTING_KEY");
        assertThat(ep.accepts(RiskTier.CRITICAL)).isTrue();
        assertThat(ep.accepts(RiskTier.HIGH)).isFalse();

        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: pager, format: pagerduty}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("routingKeyEnv");
        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: pager, format: pagerduty, routingKeyEnv: R0UT1NGK3Y-R0UT1NGK3Y}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("keep the integration key out of the policy");
        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: pager, format: pagerduty, routingKeyEnv: PD_KEY, authorizationEnv: PD_TOKEN}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("takes no authorizationEnv");
        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: chat, format: slack, urlEnv: SLACK, routingKeyEnv: PD_KEY}
                """)).isInstanceOf(PolicyException.class).hasMessageContaining("routingKeyEnv is for format 'pagerduty' only");
    }
}
