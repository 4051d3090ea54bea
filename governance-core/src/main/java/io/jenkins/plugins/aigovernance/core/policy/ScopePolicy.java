package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scope boundaries ({@code scope:}): what each actor may change at all.
 *
 * @param owners    policy owners who may override soft-mandatory rules that name no owners of their own
 * @param autonomy  autonomy levels of AI agents per environment
 * @param rules     deny / allow / require-approval rules over files and resources
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ScopePolicy(List<String> owners, AutonomyPolicy autonomy, List<ScopeRule> rules) {

    public ScopePolicy {
        owners = owners == null ? List.of() : List.copyOf(owners);
        autonomy = autonomy == null ? new AutonomyPolicy(null, null, null, null) : autonomy;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** An empty section: no rules, unknown actors and unlisted agents may only propose. */
    public ScopePolicy() {
        this(null, null, null);
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < owners.size(); i++) {
            v.require(at + "/owners/" + i, owners.get(i), "owner");
        }
        autonomy.validate(v, at + "/autonomy");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ScopeRule r = rules.get(i);
            r.validate(v, at + "/rules/" + i);
            if (r.id() != null && !ids.add(r.id())) {
                v.error(at + "/rules/" + i + "/id", "duplicate rule id '" + r.id() + "'");
            }
        }
    }
}
