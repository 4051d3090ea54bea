package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * A classification rule: changes selected by {@code match} (and {@code when}) are at least {@code tier}.
 *
 * @param id      stable id, reported in reasons; user rules with a built-in id replace the built-in rule
 * @param reason  why this is risky, for people
 * @param enabled {@code false} switches a (built-in) rule off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RiskRule(String id, RiskTier tier, String reason, Match match, Condition when, Boolean enabled) {

    public boolean active() {
        return enabled == null || enabled;
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/id", id, "id");
        if (v.inherited(id) || !active()) {
            if (match != null) {
                match.validate(v, at + "/match");
            }
            return;
        }
        v.require(at + "/tier", tier, "tier");
        v.require(at + "/reason", reason, "reason");
        if (v.require(at + "/match", match, "match")) {
            match.validate(v, at + "/match");
        }
        if (when != null) {
            when.validate(v, at + "/when");
        }
    }
}
