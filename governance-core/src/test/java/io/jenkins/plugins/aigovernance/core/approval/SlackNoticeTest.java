package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.NotificationEndpoint;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Slack notices sent to a loopback receiver that enforces Slack's documented limits and markup
 * rules ({@link SlackWebhookReceiver}): a 10,000-file change with hostile names and a 2,100-character
 * agent id is delivered, and what a client shows has no line and no formatting the notice did not write.
 */
class SlackNoticeTest {

    /** Names an attacker controls, each trying to forge a line or formatting in the approver's message. */
    static final List<String> HOSTILE = List.of(
            "docs.md\n*Needs*\nnobody, pre-approved by CTO",
            "a\r\n*Approved* by <!channel> & <https://evil.example|Jenkins>",
            "*bold*_italic_~strike~`code`.tf",
            "x\u2028> quoted line\u2029:white_check_mark: approved",
            "rtl\u202Egnp.exe\u000Bvertical\u000Cfeed\u0085nel",
            "&amp;lt;script&gt;" + "/very-long".repeat(40) + ".yaml",
            "tab\there `` ``` triple ``` ",
            "emoji :rotating_light: <@U123> <#C123> <!here>");

    private static final String LINK = "https://jenkins.example/job/app/42/input?a=1&b=2";

    private static ApprovalNotice notice(int files, String agent) {
        ChangeContext base = Fixtures.context(Fixtures.LOADER.defaults());
        List<FileChange> changed = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            changed.add(FileChange.modified(i < HOSTILE.size() ? HOSTILE.get(i) : "modules/service-" + i + "/" + "x".repeat(150) + ".tf", 1, 1));
        }
        ChangeSet change = new ChangeSet(base.change().base(), base.change().head(), changed, List.of(), base.change().commits(), List.of());
        ChangeContext ctx = new ChangeContext(change, base.fingerprint(), base.provenance(), base.policy(), "prod", null);
        RiskAssessment risk = new RiskAssessment(Fixtures.FP1, "a".repeat(40), "b".repeat(40), "prod", RiskTier.HIGH, 60, null, List.of(), null,
                null, Provenance.unknown("test"), ChangeSource.AI_AGENT, agent, "builtin@1", T0);
        ApprovalRequest r = ApprovalRequest.open(ApprovalRequirements.forChange(ctx, risk, null), T0);
        return ApprovalNotice.of(r, risk, ctx, LINK);
    }

    private static JsonNode deliver(SlackWebhookReceiver slack, ApprovalNotice notice) {
        List<NotificationResult> results = new WebhookNotifier(HttpClient.newHttpClient(), Map.of("SLACK", slack.url())::get, d -> { })
                .requestOpened(notice, new NotificationPolicy(List.of(new NotificationEndpoint("slack", "slack", "SLACK", null, List.of(), null)),
                        5, 3));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.delivered()).as(r.error() + " " + slack.refused).isTrue());
        assertThat(slack.refused).isEmpty();
        return slack.accepted.get(slack.accepted.size() - 1);
    }

    @Test
    void aTenThousandFileChangeWithHostileNamesIsDeliveredWithNoForgedLine() throws Exception {
        String agent = "claude\n*Needs*\nnobody " + "A".repeat(2100);
        try (SlackWebhookReceiver slack = new SlackWebhookReceiver()) {
            JsonNode message = deliver(slack, notice(10_000, agent));
            SlackWebhookReceiver.Rendered shown = SlackWebhookReceiver.render(message);

            // every line is one the notice wrote: a label line, a bullet, or the "and N more" line
            assertThat(shown.lines()).allSatisfy(line -> assertThat(line).matches(
                    "HIGH change needs approval \\(blast radius 60/100\\)|(Tier|Environment|Blast radius|Agent|Needs|Change|Expires): .*"
                            + "|Changed \\(10000\\):|• .*|… and \\d+ more — see the build|Review and decide"));
            assertThat(shown.lines()).filteredOn(l -> l.startsWith("Needs: ")).singleElement().asString().doesNotContain("nobody");
            assertThat(shown.lines()).noneMatch(l -> l.strip().equals("nobody, pre-approved by CTO") || l.strip().equals("*Needs*"));
            // no formatting, mention or link but the one to the build
            assertThat(shown.formatted()).isEmpty();
            assertThat(message.toString()).doesNotContain("<!channel>").doesNotContain("<@U123>").doesNotContain("<https://evil");
            // the list says how much was left out and links the build
            String more = shown.lines().stream().filter(l -> l.startsWith("… and ")).findFirst().orElseThrow();
            long bullets = shown.lines().stream().filter(l -> l.startsWith("• ")).count();
            assertThat(bullets).isPositive();
            assertThat(Long.parseLong(more.replaceAll("\\D", ""))).isEqualTo(10_000 - bullets);
            assertThat(message.toString()).contains("<" + LINK.replace("&", "&amp;") + "|see the build>");
            // the hostile names that are shown are shown whole on their bullet, line breaks visible as ⏎
            assertThat(shown.lines()).contains("• modify docs.md⏎*Needs*⏎nobody, pre-approved by CTO");
            // the fallback text carries nothing from the change
            assertThat(message.get("text").asText()).doesNotContain("claude").doesNotContain("docs.md");
        }
    }

    @Test
    void twentyLongPathsStayWithinTheSectionLimit() throws Exception {
        try (SlackWebhookReceiver slack = new SlackWebhookReceiver()) {
            JsonNode message = deliver(slack, notice(40, "claude-code"));
            for (JsonNode b : message.get("blocks")) {
                if (b.has("text") && b.get("text").get("text").asText().startsWith("Changed")) {
                    assertThat(b.get("text").get("text").asText().length()).isLessThanOrEqualTo(SlackBlocks.MAX_SECTION_TEXT);
                }
            }
        }
    }

    @Property(tries = 60)
    void anyNamesAndAgentGiveAMessageSlackTakes(@ForAll("names") List<String> names, @ForAll("names") List<String> agent) {
        ApprovalNotice n = new ApprovalNotice("req-1", Fixtures.FP1, RiskTier.CRITICAL, 100, names, 123_456, String.join("", agent),
                List.of(new ApprovalSlot("team-leads\n*x*", 2)), T0, LINK, names.isEmpty() ? null : names.get(0));
        JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(n.slackPayload());
        assertThat(SlackWebhookReceiver.check(payload)).isNull();
        SlackWebhookReceiver.Rendered shown = SlackWebhookReceiver.render(payload);
        assertThat(shown.formatted()).isEmpty();
        assertThat(shown.lines()).allSatisfy(line -> assertThat(line).matches(
                "CRITICAL change needs approval \\(blast radius 100/100\\)|(Tier|Environment|Blast radius|Agent|Needs|Change|Expires): .*"
                        + "|Changed \\(\\d+\\):|• .*|… and \\d+ more — see the build|Review and decide"));
    }

    @Test
    void theReceiverRefusesAndRendersAsSlackDoes() {
        com.fasterxml.jackson.databind.node.ObjectNode m = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        m.put("text", "x");
        m.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", "a".repeat(3001));
        assertThat(SlackWebhookReceiver.check(m)).contains("longer than 3000");
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("blocks").get(0).get("text")).put("text", "docs.md\n*Needs*\nnobody <!channel>");
        assertThat(SlackWebhookReceiver.check(m)).contains("unescaped");
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("blocks").get(0).get("text")).put("text", "docs.md\n*Needs*\nnobody");
        assertThat(SlackWebhookReceiver.check(m)).isNull();
        SlackWebhookReceiver.Rendered shown = SlackWebhookReceiver.render(m);
        assertThat(shown.lines()).containsExactly("docs.md", "*Needs*", "nobody");
        assertThat(shown.formatted()).containsExactly("*Needs*");
    }

    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> hostile = Arbitraries.of(HOSTILE);
        Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\r', '\u2028', '\u202E', '漢', '😀')
                .ofMinLength(1).ofMaxLength(400);
        return Arbitraries.oneOf(hostile, random).list().ofMinSize(0).ofMaxSize(25);
    }
}
