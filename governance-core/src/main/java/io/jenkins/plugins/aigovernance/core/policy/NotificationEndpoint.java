package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * One webhook ({@code notifications.endpoints[]}).
 *
 * @param name             stable name, reported in results and used to merge with the built-in list
 * @param format           {@code slack} (Slack-compatible {@code text} + {@code blocks}), {@code generic}, or
 *                         {@code pagerduty} (PagerDuty Events API v2: trigger when a request opens, resolve when it is decided)
 * @param urlEnv           name of the environment variable holding the webhook URL (https, or http to loopback); for
 *                         {@code pagerduty} optional (default {@value #PAGERDUTY_EVENTS_URL}; set it for another service region)
 * @param authorizationEnv name of the environment variable holding an {@code Authorization} header value, or {@code null}
 *                         (not for {@code pagerduty}: the routing key authenticates the event)
 * @param tiers            tiers whose requests go here; empty means every request, except for {@code pagerduty}, where
 *                         empty means {@code [CRITICAL]} (a pager is for what cannot wait)
 * @param enabled          {@code false} switches an endpoint off
 * @param routingKeyEnv    {@code pagerduty} only, required there: name of the environment variable holding the Events API v2
 *                         integration key ({@code routing_key})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NotificationEndpoint(String name, String format, String urlEnv, String authorizationEnv, List<RiskTier> tiers,
        Boolean enabled, String routingKeyEnv) {

    /** Where PagerDuty's Events API v2 takes events (PagerDuty Developer Documentation, "Send an Alert Event"). */
    public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    public NotificationEndpoint {
        format = format == null ? "generic" : format;
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }

    /** A webhook ({@code slack} or {@code generic}) without a routing key. */
    public NotificationEndpoint(String name, String format, String urlEnv, String authorizationEnv, List<RiskTier> tiers, Boolean enabled) {
        this(name, format, urlEnv, authorizationEnv, tiers, enabled, null);
    }

    /** Whether this endpoint speaks PagerDuty's Events API v2. */
    public boolean pagerDuty() {
        return "pagerduty".equals(format);
    }

    /** Whether a request of this tier goes to this endpoint. */
    public boolean accepts(RiskTier tier) {
        if (enabled != null && !enabled) {
            return false;
        }
        if (tiers.isEmpty()) {
            return !pagerDuty() || tier == RiskTier.CRITICAL;
        }
        return tiers.contains(tier);
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/name", name, "name");
        if (!format.equals("slack") && !format.equals("generic") && !format.equals("pagerduty")) {
            v.error(at + "/format", "format must be 'slack', 'generic' or 'pagerduty', not '" + format + "'");
        }
        if (pagerDuty()) {
            if (authorizationEnv != null) {
                v.error(at + "/authorizationEnv", "a pagerduty endpoint takes no authorizationEnv: the routing key (routingKeyEnv) authenticates events");
            }
            if (urlEnv != null && !envName(urlEnv)) {
                v.error(at + "/urlEnv", "urlEnv names an environment variable (letters, digits, _), not a URL");
            }
            if (v.inherited(name) && routingKeyEnv == null) {
                return;
            }
            if (v.require(at + "/routingKeyEnv", routingKeyEnv, "routingKeyEnv") && !envName(routingKeyEnv)) {
                v.error(at + "/routingKeyEnv",
                        "routingKeyEnv names an environment variable (letters, digits, _), not the key; keep the integration key out of the policy");
            }
            return;
        }
        if (routingKeyEnv != null) {
            v.error(at + "/routingKeyEnv", "routingKeyEnv is for format 'pagerduty' only");
        }
        if (v.inherited(name) && urlEnv == null) {
            return;
        }
        if (v.require(at + "/urlEnv", urlEnv, "urlEnv") && !envName(urlEnv)) {
            v.error(at + "/urlEnv", "urlEnv names an environment variable (letters, digits, _), not a URL; keep the secret URL out of the policy");
        }
        if (authorizationEnv != null && !envName(authorizationEnv)) {
            v.error(at + "/authorizationEnv", "authorizationEnv names an environment variable (letters, digits, _)");
        }
    }

    static boolean envName(String s) {
        if (s == null || s.isEmpty() || s.length() > 128 || Character.isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
