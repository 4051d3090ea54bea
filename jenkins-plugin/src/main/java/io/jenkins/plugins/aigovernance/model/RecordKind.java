package io.jenkins.plugins.aigovernance.model;

import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** What a line of a build's governance trail is about. */
@Restricted(NoExternalUse.class)
public enum RecordKind {
    /** {@code aiRiskScore}: tier, blast radius, reasons. */
    RISK,
    /** {@code aiScopeCheck}: the scope decision and its violations. */
    SCOPE,
    /** A policy owner's answer to a soft-mandatory scope override request. */
    SCOPE_OVERRIDE,
    /** {@code aiApprovalGate} opened a request (or passed without asking). */
    APPROVAL_REQUEST,
    /** One answer to the approval input: accepted or refused, with who, when and groups. */
    APPROVAL_ANSWER,
    /** The gate's final evaluation: approved, denied or expired. */
    APPROVAL,
    /** {@code aiCanaryVerify}: steps, measurements, verdict, rollback. */
    CANARY,
    /** A person's decision on a paused canary: promote or roll back, with who, when, groups and reason (or refused). */
    CANARY_DECISION,
    /** {@code withAiCredentials}: which credentials were bound, for how long. */
    CREDENTIALS,
    /** An event appended to the audit log. */
    AUDIT;

    /** Lower-case, dash-separated form used in JSON and pages ({@code approval-answer}). */
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
