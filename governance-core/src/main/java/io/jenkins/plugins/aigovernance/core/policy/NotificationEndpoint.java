package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.risk.RiskTier;
import java.util.List;

/**
 * One webhook ({@code notifications.endpoints[]}).
 *
 * @param name             stable name, reported in results and used to merge with the built-in list
 * @param format           {@code slack} (Slack-compatible {@code text} + {@code blocks}) or {@code generic}
 * @param urlEnv           name of the environment variable holding the webhook URL (https, or http to loopback)
 * @param authorizationEnv name of the environment variable holding an {@code Authorization} header value, or {@code null}
 * @param tiers            tiers whose requests go here; empty means every request (e.g. {@code [CRITICAL]} for a pager)
 * @param enabled          {@code false} switches an endpoint off
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NotificationEndpoint(String name, String format, String urlEnv, String authorizationEnv, List<RiskTier> tiers,
        Boolean enabled) {

    public NotificationEndpoint {
        format = format == null ? "generic" : format;
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }

    /** Whether a request of this tier goes to this endpoint. */
    public boolean accepts(RiskTier tier) {
        return (enabled == null || enabled) && (tiers.isEmpty() || tiers.contains(tier));
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/name", name, "name");
        if (!format.equals("slack") && !format.equals("generic")) {
            v.error(at + "/format", "format must be 'slack' or 'generic', not '" + format + "'");
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
