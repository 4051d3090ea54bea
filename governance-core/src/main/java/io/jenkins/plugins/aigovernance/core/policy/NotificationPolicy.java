package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code notifications:} section: webhooks called when an approval request opens. Webhook URLs
 * carry secrets, so the policy names the environment variables that hold them, never the URLs.
 *
 * @param endpoints      where to send (merged with the built-in list by {@code name})
 * @param timeoutSeconds per-attempt HTTP timeout (default 10)
 * @param maxAttempts    attempts per endpoint, first one included (default 3)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NotificationPolicy(List<NotificationEndpoint> endpoints, Integer timeoutSeconds, Integer maxAttempts) {

    public NotificationPolicy() {
        this(null, null, null);
    }

    public NotificationPolicy {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    }

    void validate(PolicyValidation v, String at) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            NotificationEndpoint e = endpoints.get(i);
            e.validate(v, at + "/endpoints/" + i);
            if (e.name() != null && !names.add(e.name())) {
                v.error(at + "/endpoints/" + i + "/name", "duplicate endpoint '" + e.name() + "'");
            }
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 120) {
            v.error(at + "/timeoutSeconds", "timeoutSeconds must be between 1 and 120, not " + timeoutSeconds);
        }
        if (maxAttempts < 1 || maxAttempts > 5) {
            v.error(at + "/maxAttempts", "maxAttempts must be between 1 and 5, not " + maxAttempts);
        }
    }
}
