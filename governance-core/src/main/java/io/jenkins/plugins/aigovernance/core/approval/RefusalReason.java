package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a decision did not count. */
public enum RefusalReason {
    /** The author, committer, build initiator or requester of the change. */
    SELF_APPROVAL,
    /** An AI agent or assistant identity. */
    AI_IDENTITY,
    /** Listed in {@code approval.exclusions}. */
    EXCLUDED,
    /** Given for another fingerprint (the change moved since). */
    WRONG_FINGERPRINT,
    /**
     * Given for another target environment than the request's (a staging approval replayed to production), or recorded
     * without an environment (before decisions named one) for a request that names one.
     */
    WRONG_ENVIRONMENT,
    /** The person saw a lower tier than the change has now. */
    STALE_TIER,
    /** The person held none of the slots' groups when approving. */
    NOT_IN_GROUP,
    /** The same person decided again; only their latest approval counts. */
    DUPLICATE_PERSON,
    /** Given after the request expired. */
    AFTER_EXPIRY,
    /** Dated after the time of evaluation. */
    IN_THE_FUTURE,
    /** An approval or break-glass dated before the request opened (it answered an earlier request). */
    BEFORE_REQUEST,
    /** Break-glass is not enabled by the policy. */
    BREAK_GLASS_DISABLED,
    /** The person is not allowed to use break-glass. */
    BREAK_GLASS_NOT_ALLOWED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
