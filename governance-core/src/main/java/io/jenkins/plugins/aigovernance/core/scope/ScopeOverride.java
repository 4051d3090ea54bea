package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A policy owner's decision to let a soft-mandatory rule pass for one change. The front end that
 * accepts it is responsible for {@code by} being the authenticated person.
 *
 * @param rule   the id of the overridden rule
 * @param by     the owner's user id, as listed in the rule's or the policy's {@code owners}
 * @param reason why, for the audit trail (required)
 * @param at     when the override was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScopeOverride(String rule, String by, String reason, Instant at) {
}
