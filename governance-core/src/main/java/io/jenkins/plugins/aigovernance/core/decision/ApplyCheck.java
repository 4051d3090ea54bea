package io.jenkins.plugins.aigovernance.core.decision;

import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a change may be applied now: what binds apply credentials and mints apply tokens. A change
 * may be applied to an environment when
 * <ol>
 * <li>an approval evaluation says {@code approved} (satisfied),</li>
 * <li>the change read again now has the fingerprint that was approved (the change did not move),</li>
 * <li>the approval has not gone stale: it is used within the request's timeout ({@code expiresAt - openedAt})
 * after it was granted ({@link ApprovalEvaluation#grantedAt}: the latest decision that filled a slot, not the
 * evaluation, which a later evaluation would move), and</li>
 * <li>the apply is for the environment the approval was for ({@link EnvironmentPolicy#approvalCovers}): the same name
 * in canonical form ({@code Prod}, {@code ＰＲＯＤ} and {@code pro\u200bd} are {@code prod}; {@code рrod} with a Cyrillic
 * {@code р} is another name), spelled as the approval was or both plainly; neither names an environment; never only one of
 * them (docs/steps.md, "Environment binding").</li>
 * </ol>
 * Anything missing (no approval, no current fingerprint) refuses (fail closed). The checks run in that order, so the
 * first refusal is the one reported.
 *
 * @param allowed     whether the apply side may be bound
 * @param approval    the approval the answer is about, or {@code null}
 * @param current     the change's fingerprint now, or {@code null} when unknown
 * @param environment the environment the apply is for, as the apply names it, or {@code null} when it names none
 * @param refusal     why it may not, as a kind front ends can word in their own language, or {@code null} when allowed
 * @param whyNot      why it may not (for people, in English), or {@code null} when allowed
 */
public record ApplyCheck(
        boolean allowed, ApprovalEvaluation approval, ChangeFingerprint current, String environment, Refusal refusal, String whyNot) {

    /** Why a change may not be applied. */
    public enum Refusal {
        /** No approval gate approved the change. */
        NO_APPROVAL,
        /** The approval's status is not {@code approved}. */
        NOT_APPROVED,
        /** The change could not be read again (no workspace, no repository). */
        CHANGE_UNKNOWN,
        /** The change read now is not the approved one. */
        MOVED,
        /** The approval was granted longer than one request timeout ago. */
        STALE,
        /**
         * The apply is for another environment than the approval was, names one where the approval named none, or names
         * none where the approval named one.
         */
        ENVIRONMENT
    }

    /** A refusal. */
    public static ApplyCheck refused(
            ApprovalEvaluation approval, ChangeFingerprint current, String environment, Refusal refusal, String whyNot) {
        return new ApplyCheck(false, approval, current, environment, refusal, whyNot);
    }

    /**
     * Judges an apply.
     *
     * @param approval    the build's approving evaluation, or {@code null}
     * @param current     the change's fingerprint read now, or {@code null} when it could not be read
     * @param environment the environment the apply is for, as the apply names it ({@code withAiCredentials}'
     *                    {@code environment}), or {@code null} (or blank) when it names none
     * @param now         the moment of the apply
     */
    public static ApplyCheck of(ApprovalEvaluation approval, ChangeFingerprint current, String environment, Instant now) {
        if (approval == null) {
            return refused(null, current, environment, Refusal.NO_APPROVAL, "no approval gate of this build approved the change");
        }
        if (approval.status() != ApprovalStatus.APPROVED || !approval.satisfied()) {
            return refused(approval, current, environment, Refusal.NOT_APPROVED,
                    "the change is not approved (approval " + approval.status().json() + ")");
        }
        if (current == null) {
            return refused(approval, null, environment, Refusal.CHANGE_UNKNOWN,
                    "the change now is unknown, so it cannot be the approved one");
        }
        if (!approval.fingerprint().equals(current)) {
            return refused(approval, current, environment, Refusal.MOVED, "the change moved: approved " + approval.fingerprint().shortForm()
                    + ", now " + current.shortForm());
        }
        Instant staleAt = approval.staleAt();
        if (staleAt != null && now.isAfter(staleAt)) {
            Duration window = Duration.between(approval.openedAt(), approval.expiresAt());
            return refused(approval, current, environment, Refusal.STALE, "the approval of " + approval.grantedAt()
                    + " went stale at " + staleAt + " (one request timeout, " + window.toMinutes() + " minutes, after it was granted)");
        }
        if (!EnvironmentPolicy.approvalCovers(approval.environment(), environment)) {
            return refused(approval, current, environment, Refusal.ENVIRONMENT, environmentMismatch(approval.environment(), environment));
        }
        return new ApplyCheck(true, approval, current, environment, null, null);
    }

    /** Why an approval for {@code approved} does not cover an apply to {@code applied}, and what to do. */
    static String environmentMismatch(String approved, String applied) {
        boolean approvedNone = approved == null || approved.isBlank();
        boolean appliedNone = applied == null || applied.isBlank();
        String bound = " (an approval counts only for the environment it was given for)";
        if (appliedNone) {
            return "the approval was for environment " + shown(approved) + ", but this apply names no environment (an unnamed"
                    + " environment is production)" + bound + ": name the environment the apply is for, " + shown(approved)
                    + ", where the change is applied as well as where it is approved";
        }
        if (approvedNone) {
            return "this apply is for environment " + shown(applied) + ", but the approval named no environment, so it met none of the"
                    + " rules the policy has for " + shown(applied) + bound + ": name the environment, " + shown(applied)
                    + ", where the change is approved as well as where it is applied, and approve again";
        }
        String canonical = EnvironmentPolicy.canonicalName(approved);
        if (canonical.isEmpty() || EnvironmentPolicy.canonicalName(applied).isEmpty()) {
            return "the approval was for environment " + shown(approved) + " and this apply is for " + shown(applied)
                    + ": a name of invisible characters only names no environment; name the environment plainly in both";
        }
        if (canonical.equals(EnvironmentPolicy.canonicalName(applied))) {
            return "this apply is for environment " + shown(applied) + ", the approval was for " + shown(approved) + ": the same name ("
                    + canonical + "), but spelled with characters a policy rule can match apart from the other spelling;"
                    + " name the environment exactly as the approval did (" + shown(approved) + ")"
                    + (EnvironmentPolicy.plainSpelling(approved) ? "" : ", or name it plainly (" + canonical + ") in both and approve again");
        }
        String lookAlike = Identity.fold(approved).equals(Identity.fold(applied))
                ? "; the two names only look alike (letters of other scripts or look-alike characters), they are different names"
                : "";
        return "the approval was for environment " + shown(approved) + ", but this apply is for " + shown(applied) + bound + lookAlike
                + ": approve the change for " + shown(applied) + " before applying it there";
    }

    /** A name for people to read: printable ASCII as it is, every other character as {@code \\u{XXXX}} after the name as seen. */
    private static String shown(String name) {
        StringBuilder escaped = new StringBuilder(name.length() + 8);
        boolean plain = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp < 0x21 || cp > 0x7e) {
                plain = false;
                escaped.append(String.format("\\u{%04X}", cp));
            } else {
                escaped.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return plain ? name : name + " [" + escaped + "]";
    }
}
