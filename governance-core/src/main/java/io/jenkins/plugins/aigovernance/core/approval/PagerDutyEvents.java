package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Approval requests as PagerDuty Events API v2 events (PagerDuty Developer Documentation, "Events API
 * v2 Overview" and "Send an Alert Event", {@code POST https://events.pagerduty.com/v2/enqueue}).
 *
 * <p>An opened request is a {@code trigger}: {@code routing_key}, {@code event_action},
 * {@code dedup_key}, {@code payload} ({@code summary} of at most {@value #MAX_SUMMARY} characters,
 * {@code source}, {@code severity} one of {@code critical}/{@code error}/{@code warning}/{@code info},
 * {@code class}, {@code custom_details}: the notice as in the generic format), and {@code links}
 * ({@code href} + {@code text}) to where people decide. A decided request is a {@code resolve} with
 * the same {@code dedup_key}. The key is derived from the change fingerprint alone,
 * {@code ai-governance/approval/sha256:<64 hex>} (at most {@value #MAX_DEDUP_KEY} characters as
 * PagerDuty requires), so every run that asks about the same change, and every retry, lands on the
 * one alert, and the decision resolves exactly that alert. Strings from the change are put on one
 * line (line breaks shown as ⏎, controls and bidirectional overrides as �) before they enter the
 * summary.
 */
public final class PagerDutyEvents {

    /** PagerDuty truncates longer summaries; we cut first so the end of the text is ours. */
    public static final int MAX_SUMMARY = 1024;
    /** The longest {@code dedup_key} PagerDuty accepts. */
    public static final int MAX_DEDUP_KEY = 255;
    static final String SOURCE = "ai-governance";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PagerDutyEvents() {}

    /** The alert's {@code dedup_key} for a change: {@code ai-governance/approval/<fingerprint>}. */
    public static String dedupKey(ChangeFingerprint fingerprint) {
        return "ai-governance/approval/" + fingerprint.value();
    }

    /** PagerDuty's severity for a tier: CRITICAL {@code critical}, HIGH {@code error}, MEDIUM {@code warning}, LOW {@code info}. */
    public static String severity(RiskTier tier) {
        return switch (tier) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    /** The {@code trigger} event for an opened request. */
    public static ObjectNode trigger(ApprovalNotice n, String routingKey) {
        ObjectNode o = F.objectNode();
        o.put("routing_key", routingKey);
        o.put("event_action", "trigger");
        o.put("dedup_key", dedupKey(n.fingerprint()));
        String link = link(n.link());
        ObjectNode p = o.putObject("payload");
        String who = String.join(", ", n.slots().stream().map(s -> s.count() + " × " + s.group()).toList());
        p.put("summary", cut(SlackBlocks.inline(n.tier() + " AI change needs approval (blast radius " + n.blastRadius() + "/100): change "
                + n.fingerprint().shortForm() + ", agent " + (n.agentId() == null ? "none / unknown" : n.agentId()) + ", needs " + who
                + ", expires " + n.expiresAt())));
        p.put("source", source(link));
        p.put("severity", severity(n.tier()));
        p.put("class", "ai-change-approval");
        ObjectNode details = n.genericPayload();
        details.remove("event");
        details.remove("idempotencyKey");
        details.remove("link");
        p.set("custom_details", details);
        if (link != null) {
            o.putArray("links").addObject().put("href", link).put("text", "Review and decide");
            o.put("client", "AI Governance");
            o.put("client_url", link);
        }
        return o;
    }

    /** The {@code resolve} event for a decided request (approved, denied or expired). */
    public static ObjectNode resolve(ChangeFingerprint fingerprint, String routingKey) {
        ObjectNode o = F.objectNode();
        o.put("routing_key", routingKey);
        o.put("event_action", "resolve");
        o.put("dedup_key", dedupKey(fingerprint));
        return o;
    }

    /** The link when it is an absolute http(s) URL, else {@code null} (nothing else is clickable in PagerDuty). */
    static String link(String link) {
        if (link == null || link.length() > SlackBlocks.MAX_URL) {
            return null;
        }
        try {
            URI u = new URI(link);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null ? link : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host decisions are made on (the CI controller), else {@value #SOURCE}. */
    private static String source(String link) {
        return link == null ? SOURCE : URI.create(link).getHost();
    }

    /** At most {@value #MAX_SUMMARY} characters, cut at a code point boundary with "…". */
    static String cut(String s) {
        if (s.length() <= MAX_SUMMARY) {
            return s;
        }
        int end = MAX_SUMMARY - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
