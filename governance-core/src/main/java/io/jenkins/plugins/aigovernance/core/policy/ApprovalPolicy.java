package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code approval:} section: who must sign off on a change of each risk tier.
 *
 * @param timeoutMinutes minutes a request stays open before it expires, unless its tier says otherwise (default 60)
 * @param tiers          requirement per tier, keyed {@code LOW}, {@code MEDIUM}, {@code HIGH}, {@code CRITICAL}
 * @param exclusions     identities (name globs over ids and emails) that may never approve, with the reason
 * @param breakGlass     the emergency override (disabled unless enabled here)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApprovalPolicy(
        Integer timeoutMinutes,
        Map<String, TierApproval> tiers,
        List<ApprovalExclusion> exclusions,
        BreakGlassPolicy breakGlass) {

    /** Timeout when the policy names none. */
    public static final int DEFAULT_TIMEOUT_MINUTES = 60;
    /** Longest timeout accepted (one week). */
    static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

    public ApprovalPolicy() {
        this(null, null, null, null);
    }

    public ApprovalPolicy {
        timeoutMinutes = timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : timeoutMinutes;
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        breakGlass = breakGlass == null ? new BreakGlassPolicy(null, null) : breakGlass;
    }

    /**
     * The requirement for a tier. A tier the policy does not list takes the requirement of the next
     * higher listed tier (stricter), else of the nearest lower one; {@code null} when no tier is listed.
     */
    public TierApproval forTier(RiskTier tier) {
        RiskTier[] all = RiskTier.values();
        for (int i = tier.ordinal(); i < all.length; i++) {
            TierApproval t = tiers.get(all[i].name());
            if (t != null) {
                return t;
            }
        }
        for (int i = tier.ordinal() - 1; i >= 0; i--) {
            TierApproval t = tiers.get(all[i].name());
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** How long a request for a change of this tier stays open. */
    public Duration timeout(RiskTier tier) {
        TierApproval t = tiers.get(tier.name());
        return Duration.ofMinutes(t != null && t.timeoutMinutes() != null ? t.timeoutMinutes() : timeoutMinutes);
    }

    void validate(PolicyValidation v, String at) {
        checkTimeout(v, at + "/timeoutMinutes", timeoutMinutes);
        for (Map.Entry<String, TierApproval> e : tiers.entrySet()) {
            String p = at + "/tiers/" + e.getKey();
            RiskTier t = RiskTier.parse(e.getKey());
            if (t == null || !t.name().equals(e.getKey())) {
                v.error(p, "tier keys are LOW, MEDIUM, HIGH or CRITICAL (upper case), not '" + e.getKey() + "'");
            }
            if (e.getValue() == null) {
                v.error(p, "tier requirement is empty (write {} or list slots)");
                continue;
            }
            e.getValue().validate(v, p);
        }
        for (int i = 0; i < exclusions.size(); i++) {
            exclusions.get(i).validate(v, at + "/exclusions/" + i);
        }
        breakGlass.validate(v, at + "/breakGlass");
    }

    static void checkTimeout(PolicyValidation v, String pointer, Integer minutes) {
        if (minutes != null && (minutes < 1 || minutes > MAX_TIMEOUT_MINUTES)) {
            v.error(pointer, "timeoutMinutes must be between 1 and " + MAX_TIMEOUT_MINUTES + ", not " + minutes);
        }
    }
}
