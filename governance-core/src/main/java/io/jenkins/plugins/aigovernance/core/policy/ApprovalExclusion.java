package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * An identity that may never approve ({@code approval.exclusions}), in addition to the change's
 * authors, committers, build initiator, requesters and AI identities.
 *
 * @param identity a name glob over approver ids and emails ({@code release-bot}, {@code *@contractor.example})
 * @param reason   why, shown when an approval is refused
 */
public record ApprovalExclusion(String identity, String reason) {

    void validate(PolicyValidation v, String at) {
        if (v.require(at + "/identity", identity, "identity")) {
            v.compile(at + "/identity", identity, Glob::identity);
        }
        v.require(at + "/reason", reason, "reason");
    }
}
