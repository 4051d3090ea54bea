package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * The one policy file, {@code .ai-governance.yml} ({@code apiVersion: ai-governance/v1}). Load it
 * with {@link PolicyLoader}; sections a file leaves out come from the built-in defaults unless it
 * says {@code extends: none}.
 *
 * @param source where it was loaded from (not part of the file)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GovernancePolicy(
        String apiVersion,
        PolicyMetadata metadata,
        @JsonProperty("extends") String extendsPolicy,
        EnvironmentPolicy environments,
        ProvenancePolicy provenance,
        RiskPolicy risk,
        ScopePolicy scope,
        ApprovalPolicy approval,
        CanaryPolicy canary,
        NotificationPolicy notifications,
        AuditPolicy audit,
        @JsonIgnore PolicySource source) {

    /** The only apiVersion this engine reads. */
    public static final String API_VERSION = "ai-governance/v1";

    public GovernancePolicy {
        metadata = metadata == null ? new PolicyMetadata(null, null, null, null) : metadata;
        environments = environments == null ? new EnvironmentPolicy(null, null) : environments;
        provenance = provenance == null ? new ProvenancePolicy(null, null, null, null) : provenance;
        risk = risk == null ? new RiskPolicy(null, null, null, null, null, null, null) : risk;
        scope = scope == null ? new ScopePolicy() : scope;
        approval = approval == null ? new ApprovalPolicy() : approval;
        canary = canary == null ? new CanaryPolicy() : canary;
        notifications = notifications == null ? new NotificationPolicy() : notifications;
        audit = audit == null ? new AuditPolicy() : audit;
    }

    /** The same policy with its source recorded. */
    public GovernancePolicy withSource(PolicySource s) {
        return new GovernancePolicy(apiVersion, metadata, extendsPolicy, environments, provenance, risk, scope, approval, canary,
                notifications, audit, s);
    }

    /** The same policy with a note on where it was read (shown in {@link #versionLabel()}). */
    public GovernancePolicy withSourceNote(String note) {
        return withSource(new PolicySource(source == null ? null : source.name(), source == null ? null : source.origin(),
                source == null ? null : source.sha256(), note));
    }

    /**
     * {@code name@version (sha256:abcdef123456)}, followed by {@code [note]} when the source has one:
     * how decisions name the policy they were made under.
     */
    @JsonIgnore
    public String versionLabel() {
        String name = metadata.name() == null ? "policy" : metadata.name();
        String version = metadata.version() == null ? "unversioned" : metadata.version();
        String digest = source == null || source.sha256() == null ? "" : " (sha256:" + source.sha256().substring(0, 12) + ")";
        String note = source == null || source.note() == null ? "" : " [" + source.note() + "]";
        return name + "@" + version + digest + note;
    }

    /** Checks every section; problems are reported by JSON pointer. */
    public void validate(PolicyValidation v) {
        if (apiVersion == null) {
            v.error("/apiVersion", "apiVersion is required (apiVersion: " + API_VERSION + ")");
        } else if (!API_VERSION.equals(apiVersion)) {
            v.error("/apiVersion", "unsupported apiVersion '" + apiVersion + "' (this engine reads " + API_VERSION + ")");
        }
        if (extendsPolicy != null && !extendsPolicy.equals("builtin") && !extendsPolicy.equals("none")) {
            v.error("/extends", "extends must be 'builtin' or 'none', not '" + extendsPolicy + "'");
        }
        environments.validate(v, "/environments");
        provenance.validate(v, "/provenance");
        risk.validate(v, "/risk");
        scope.validate(v, "/scope");
        approval.validate(v, "/approval");
        canary.validate(v, "/canary");
        notifications.validate(v, "/notifications");
        audit.validate(v, "/audit");
    }
}
