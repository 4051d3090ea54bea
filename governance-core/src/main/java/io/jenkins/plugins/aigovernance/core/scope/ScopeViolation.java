package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.ScopeEffect;

/**
 * One finding of a scope rule or autonomy check. The decision files it as a violation, an approval
 * requirement, an advisory, an exemption or an overridden violation.
 *
 * @param rule        the rule id ({@code ai-no-iam}), {@code autonomy-*} for autonomy checks, {@code opa:<package>} for OPA
 * @param message     for people: names the path or address and what to do
 * @param subject     the file path or resource address; for change-level findings a short list, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScopeViolation(
        String rule,
        ScopeEffect effect,
        Enforcement enforcement,
        String message,
        SubjectKind subjectKind,
        String subject) {
}
