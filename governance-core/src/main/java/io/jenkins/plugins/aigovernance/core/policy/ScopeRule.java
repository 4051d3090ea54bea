package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * A scope rule: what it selects ({@code match}, any of the entries), when it applies ({@code when}),
 * what it does ({@code effect}) and how strictly ({@code enforcement}).
 *
 * <p>{@code message} may use {@code {subject}}, {@code {address}}, {@code {path}}, {@code {type}},
 * {@code {action}}, {@code {namespace}}, {@code {agent}}, {@code {environment}}, {@code {source}},
 * {@code {count}}.
 *
 * @param id                     stable id, reported with every violation and named by overrides
 * @param effect                 deny (default), allow or require-approval
 * @param enforcement            advisory, soft-mandatory (default) or hard-mandatory
 * @param match                  selects files and resources; a subject is selected when any entry selects it
 * @param minMatches             the rule fires only when at least this many subjects are selected; makes it a count rule
 * @param maxMatches             the rule fires only when more than this many subjects are selected; makes it a count rule
 * @param crossNamespace         fires once when the selected Kubernetes resources span more than one namespace
 * @param outsideAgentNamespaces fires for selected Kubernetes resources outside the agent's {@code namespaces}
 * @param owners                 who may override the rule when soft-mandatory (default: {@code scope.owners})
 * @param enabled                {@code false} switches a (built-in) rule off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScopeRule(
        String id,
        String description,
        ScopeEffect effect,
        Enforcement enforcement,
        String message,
        List<Match> match,
        ScopeCondition when,
        Integer minMatches,
        Integer maxMatches,
        Boolean crossNamespace,
        Boolean outsideAgentNamespaces,
        List<String> owners,
        Boolean enabled) {

    public ScopeRule {
        match = match == null ? null : List.copyOf(match);
        owners = owners == null ? null : List.copyOf(owners);
    }

    public boolean active() {
        return enabled == null || enabled;
    }

    /** The effect, {@code deny} when not given. */
    public ScopeEffect effectiveEffect() {
        return effect == null ? ScopeEffect.DENY : effect;
    }

    /** The enforcement level, {@code soft-mandatory} when not given. */
    public Enforcement effectiveEnforcement() {
        return enforcement == null ? Enforcement.SOFT_MANDATORY : enforcement;
    }

    /** Whether the rule judges the number of selected subjects rather than each one. */
    public boolean countRule() {
        return minMatches != null || maxMatches != null;
    }

    public boolean crossNamespaceRule() {
        return Boolean.TRUE.equals(crossNamespace);
    }

    public boolean outsideAgentNamespacesRule() {
        return Boolean.TRUE.equals(outsideAgentNamespaces);
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/id", id, "id");
        boolean partial = v.inherited(id) || !active();
        if (match != null) {
            if (match.isEmpty() && !partial) {
                v.error(at + "/match", "match needs at least one entry");
            }
            for (int i = 0; i < match.size(); i++) {
                match.get(i).validate(v, at + "/match/" + i);
            }
        } else if (!partial) {
            v.error(at + "/match", "match is required");
        }
        if (!partial) {
            v.require(at + "/message", message, "message");
        }
        if (when != null) {
            when.validate(v, at + "/when");
        }
        if (minMatches != null && minMatches < 1) {
            v.error(at + "/minMatches", "must be at least 1, not " + minMatches);
        }
        if (maxMatches != null && maxMatches < 0) {
            v.error(at + "/maxMatches", "must be 0 or more, not " + maxMatches);
        }
        if (owners != null) {
            for (int i = 0; i < owners.size(); i++) {
                v.require(at + "/owners/" + i, owners.get(i), "owner");
            }
        }
        int kinds = (countRule() ? 1 : 0) + (crossNamespaceRule() ? 1 : 0) + (outsideAgentNamespacesRule() ? 1 : 0);
        if (kinds > 1) {
            v.error(at, "a rule is at most one of: a count rule (minMatches/maxMatches), crossNamespace, outsideAgentNamespaces");
        }
        if (effect == ScopeEffect.ALLOW && kinds > 0) {
            v.error(at + "/effect", "allow rules exempt single files and resources; they cannot be count or namespace rules");
        }
    }
}
