package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a change of one tier needs ({@code approval.tiers.HIGH}).
 *
 * @param slots           groups (or roles) and how many distinct people from each; empty means no people
 * @param timeoutMinutes  this tier's timeout, overriding {@code approval.timeoutMinutes}
 * @param automatedChecks whether the automated gates (risk, scope) must pass; informational for front ends
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TierApproval(List<ApproverSlot> slots, Integer timeoutMinutes, Boolean automatedChecks) {

    public TierApproval {
        slots = slots == null ? List.of() : List.copyOf(slots);
    }

    void validate(PolicyValidation v, String at) {
        ApprovalPolicy.checkTimeout(v, at + "/timeoutMinutes", timeoutMinutes);
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < slots.size(); i++) {
            ApproverSlot s = slots.get(i);
            if (s == null) {
                v.error(at + "/slots/" + i, "empty slot");
                continue;
            }
            s.validate(v, at + "/slots/" + i);
            if (s.group() != null && !groups.add(s.group().toLowerCase(Locale.ROOT))) {
                v.error(at + "/slots/" + i + "/group", "group '" + s.group() + "' is listed twice; raise its count instead");
            }
        }
    }
}
