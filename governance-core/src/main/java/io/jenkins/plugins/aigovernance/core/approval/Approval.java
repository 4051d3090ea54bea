package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.BindingError;
import io.jenkins.plugins.aigovernance.core.document.DocumentLocations;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One person's decision on one change, as given: never edited afterwards.
 *
 * @param kind        approve, deny or break-glass
 * @param approverId  the person's id in the identity system (compared ignoring case)
 * @param displayName for people to read; never used to decide anything
 * @param email       the person's email, or {@code null} (compared ignoring case)
 * @param groups      the groups or roles the person held when deciding, as the identity system reported them
 * @param fingerprint the change the person saw
 * @param tierSeen    the risk tier the person saw
 * @param at          when the decision was made
 * @param comment     optional for an approval; the mandatory reason of a denial or break-glass
 * @param environment the target environment the decision was given for (the request's), or {@code null} when the
 *                    request named none. Records written before decisions named their environment have none; they count
 *                    only for a request that names none either ({@link ApprovalEvaluator})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(
        ApprovalKind kind,
        String approverId,
        String displayName,
        String email,
        List<String> groups,
        ChangeFingerprint fingerprint,
        RiskTier tierSeen,
        Instant at,
        String comment,
        String environment) {

    public Approval {
        Objects.requireNonNull(kind, "kind");
        if (approverId == null || approverId.isBlank()) {
            throw new IllegalArgumentException("approverId is required");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(tierSeen, "tierSeen");
        Objects.requireNonNull(at, "at");
        groups = groups == null ? List.of() : List.copyOf(groups);
        if (kind != ApprovalKind.APPROVE && (comment == null || comment.isBlank())) {
            throw new IllegalArgumentException("a " + kind.json() + " needs a reason (comment)");
        }
        if (environment != null && environment.isBlank()) {
            throw new IllegalArgumentException("environment must name an environment (omit it for none)");
        }
    }

    /** An approval for no named environment ({@link #forEnvironment} names one). */
    public static Approval approve(String id, String email, List<String> groups, ChangeFingerprint fp, RiskTier tier, Instant at) {
        return new Approval(ApprovalKind.APPROVE, id, id, email, groups, fp, tier, at, null, null);
    }

    /** A denial with its reason, for no named environment. */
    public static Approval deny(String id, String email, ChangeFingerprint fp, RiskTier tier, Instant at, String reason) {
        return new Approval(ApprovalKind.DENY, id, id, email, List.of(), fp, tier, at, reason, null);
    }

    /** A break-glass approval with its reason, for no named environment. */
    public static Approval breakGlass(String id, String email, ChangeFingerprint fp, RiskTier tier, Instant at, String reason) {
        return new Approval(ApprovalKind.BREAK_GLASS, id, id, email, List.of(), fp, tier, at, reason, null);
    }

    /** The same decision given for {@code environment} ({@code null}: none named). */
    public Approval forEnvironment(String environment) {
        return new Approval(kind, approverId, displayName, email, groups, fingerprint, tierSeen, at, comment, environment);
    }

    /** The environment for people to read: its name, or {@code (none named)}. */
    public static String describe(String environment) {
        return environment == null ? "(none named)" : environment;
    }

    /**
     * Reads a JSON array of decisions (the approvals file of {@code aigov approval check --approvals}), strictly: duplicate
     * keys, unknown fields and trailing data are refused.
     *
     * @param name  the file, as the error names it
     * @param bytes the file's content (UTF-8)
     * @throws InvalidInputException naming the file, the line and the field ({@code approvals.json: line 3: [0].at: expected a
     *         time ...}), never a Java class
     */
    public static List<Approval> readList(String name, byte[] bytes) {
        com.fasterxml.jackson.databind.ObjectMapper json = JsonDocuments.newMapper();
        try {
            return List.of(json.readValue(bytes, Approval[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            BindingError error = BindingError.of(e);
            com.fasterxml.jackson.core.JsonLocation at = error.pointer().isEmpty() ? null
                    : DocumentLocations.of(json.getFactory(), bytes).nearest(error.pointer());
            int line = at != null ? at.getLineNr() : e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new InvalidInputException(name, (line > 0 ? "line " + line + ": " : "") + (error.field().isEmpty() ? "" : error.field() + ": ")
                    + error.message() + (error.pointer().isEmpty() && error.field().isEmpty() ? " (a JSON array of approvals is expected)" : ""));
        } catch (java.io.IOException e) {
            throw new InvalidInputException(name, "cannot read the approvals: " + e.getMessage(), e);
        }
    }
}
