package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How one webhook call went. A failed notification never approves or rejects anything; it is reported.
 *
 * @param endpoint  the endpoint's name in the policy
 * @param target    the URL with its path and query redacted ({@code https://hooks.slack.com/…})
 * @param delivered whether the endpoint answered 2xx
 * @param attempts  how many requests were sent
 * @param status    the last HTTP status, or {@code null} when none was received
 * @param error     what went wrong, free of secrets, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationResult(String endpoint, String target, boolean delivered, int attempts, Integer status, String error) {
}
