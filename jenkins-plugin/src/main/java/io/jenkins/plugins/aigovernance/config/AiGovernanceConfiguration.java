package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenSigningKey;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.policy.PolicyProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The controller-wide settings of AI Governance ({@code unclassified: aiGovernance:} in
 * Configuration as Code): the default policy for repositories without {@code .ai-governance.yml},
 * how the policy's approver groups map to the security realm's groups, Jenkins accounts that are AI
 * agents, notification endpoints, the Prometheus server canary analysis asks by default, and the
 * signing key and default audience of the apply side's OIDC token, and the OPA server every scope
 * check also asks.
 */
@Extension
@Symbol("aiGovernance")
public class AiGovernanceConfiguration extends GlobalConfiguration {

    static final String DEFAULT_POLICY_NAME = "Jenkins global default policy";

    private String defaultPolicy;
    private List<ApproverGroupMapping> approverGroups = new ArrayList<>();
    private List<AiAgentAccount> aiAgentAccounts = new ArrayList<>();
    private List<NotificationEndpoint> notificationEndpoints = new ArrayList<>();
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String auditLogPath;
    // the audit store (issue 18): empty URL = the file log at auditLogPath
    private String auditStoreUrl;
    private String auditStoreCredentialsId;
    private String auditStoreStream;
    private String oidcSigningKeyCredentialsId;
    private String oidcAudience;
    private String opaUrl;
    private String opaPackage;
    private Integer opaTimeoutSeconds;

    public AiGovernanceConfiguration() {
        load();
    }

    /** The configuration, or an exception when Jenkins is not running. */
    @NonNull
    public static AiGovernanceConfiguration get() {
        return ExtensionList.lookupSingleton(AiGovernanceConfiguration.class);
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // repeatable lists left empty in the form are missing from the JSON: clear them first
        approverGroups = new ArrayList<>();
        aiAgentAccounts = new ArrayList<>();
        notificationEndpoints = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }

    /** The default policy YAML, or {@code null} to use the built-in policy. */
    @CheckForNull
    public String getDefaultPolicy() {
        return defaultPolicy;
    }

    @DataBoundSetter
    public void setDefaultPolicy(String defaultPolicy) {
        this.defaultPolicy = Util.fixEmptyAndTrim(defaultPolicy) == null ? null : defaultPolicy;
        save();
    }

    /** The parsed default policy, or {@code null} when none is set. */
    @CheckForNull
    public GovernancePolicy parsedDefaultPolicy() {
        return defaultPolicy == null
                ? null
                : new PolicyLoader()
                        .parse(DEFAULT_POLICY_NAME, defaultPolicy.getBytes(StandardCharsets.UTF_8), "jenkins-global");
    }

    @NonNull
    public List<ApproverGroupMapping> getApproverGroups() {
        return List.copyOf(approverGroups);
    }

    @DataBoundSetter
    public void setApproverGroups(List<ApproverGroupMapping> approverGroups) {
        this.approverGroups = approverGroups == null ? new ArrayList<>() : new ArrayList<>(approverGroups);
        save();
    }

    /**
     * The groups an approver holds as the policy names them: the security realm's groups, plus every
     * policy group mapped to one of them. Group names compare ignoring case.
     */
    @NonNull
    public List<String> policyGroupsOf(@NonNull List<String> realmGroups) {
        List<String> out = new ArrayList<>(realmGroups);
        for (ApproverGroupMapping m : approverGroups) {
            for (String g : m.jenkinsGroupList()) {
                if (realmGroups.stream().anyMatch(r -> r.equalsIgnoreCase(g))
                        && out.stream().noneMatch(o -> o.equalsIgnoreCase(m.getPolicyGroup()))) {
                    out.add(m.getPolicyGroup());
                }
            }
        }
        return out;
    }

    /**
     * The security realm's names for a policy group, for the {@code input} step's submitter list: the
     * group itself and every Jenkins group mapped to it.
     */
    @NonNull
    public List<String> realmGroupsFor(@NonNull String policyGroup) {
        List<String> out = new ArrayList<>();
        out.add(policyGroup);
        for (ApproverGroupMapping m : approverGroups) {
            if (m.getPolicyGroup().equalsIgnoreCase(policyGroup)) {
                out.addAll(m.jenkinsGroupList());
            }
        }
        return out;
    }

    @NonNull
    public List<AiAgentAccount> getAiAgentAccounts() {
        return List.copyOf(aiAgentAccounts);
    }

    @DataBoundSetter
    public void setAiAgentAccounts(List<AiAgentAccount> aiAgentAccounts) {
        this.aiAgentAccounts = aiAgentAccounts == null ? new ArrayList<>() : new ArrayList<>(aiAgentAccounts);
        save();
    }

    /** Whether a Jenkins user id is one of the configured AI agent accounts (ignoring case). */
    public boolean isAiAgentAccount(@CheckForNull String userId) {
        if (userId == null) {
            return false;
        }
        String id = userId.trim().toLowerCase(Locale.ROOT);
        return aiAgentAccounts.stream()
                .anyMatch(a -> a.getUserId().trim().toLowerCase(Locale.ROOT).equals(id));
    }

    /** The configured AI agent account ids. */
    @NonNull
    public List<String> aiAgentAccountIds() {
        return aiAgentAccounts.stream()
                .map(AiAgentAccount::getUserId)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @NonNull
    public List<NotificationEndpoint> getNotificationEndpoints() {
        return List.copyOf(notificationEndpoints);
    }

    @DataBoundSetter
    public void setNotificationEndpoints(List<NotificationEndpoint> notificationEndpoints) {
        this.notificationEndpoints =
                notificationEndpoints == null ? new ArrayList<>() : new ArrayList<>(notificationEndpoints);
        save();
    }

    @CheckForNull
    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
        save();
    }

    @CheckForNull
    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
        save();
    }

    /** Where audit events are appended; {@code null} means {@code $JENKINS_HOME/ai-governance/audit.jsonl}. */
    @CheckForNull
    public String getAuditLogPath() {
        return auditLogPath;
    }

    @DataBoundSetter
    public void setAuditLogPath(String auditLogPath) {
        this.auditLogPath = Util.fixEmptyAndTrim(auditLogPath);
        save();
    }

    // ---- audit store (file log or PostgreSQL): docs/audit.md#stores-the-file-log-or-postgresql

    /**
     * The PostgreSQL audit store, {@code postgresql://HOST[:PORT]/DATABASE} or {@code jdbc:postgresql://...}
     * (no credentials in it), or {@code null} for the file log ({@link #getAuditLogPath()}).
     */
    @CheckForNull
    public String getAuditStoreUrl() {
        return auditStoreUrl;
    }

    @DataBoundSetter
    public void setAuditStoreUrl(String auditStoreUrl) {
        this.auditStoreUrl = Util.fixEmptyAndTrim(auditStoreUrl);
        save();
    }

    /** The username with password credential the controller connects to the PostgreSQL store with. */
    @CheckForNull
    public String getAuditStoreCredentialsId() {
        return auditStoreCredentialsId;
    }

    @DataBoundSetter
    public void setAuditStoreCredentialsId(String auditStoreCredentialsId) {
        this.auditStoreCredentialsId = Util.fixEmptyAndTrim(auditStoreCredentialsId);
        save();
    }

    /**
     * The controller's stream (its own hash chain) in the PostgreSQL store; {@code null} means
     * {@code jenkins-<instance id>}.
     */
    @CheckForNull
    public String getAuditStoreStream() {
        return auditStoreStream;
    }

    @DataBoundSetter
    public void setAuditStoreStream(String auditStoreStream) {
        this.auditStoreStream = Util.fixEmptyAndTrim(auditStoreStream);
        save();
    }

    /** Checks the store URL's shape as the engine reads it (credentials in it are refused). */
    @POST
    public FormValidation doCheckAuditStoreUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        String url = Util.fixEmptyAndTrim(value);
        if (url == null) {
            return FormValidation.ok();
        }
        try {
            io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresLocation.parse("auditStoreUrl", url);
            return FormValidation.ok();
        } catch (RuntimeException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** The controller's username/password credentials (System-scoped included: only the controller uses them). */
    @POST
    public ListBoxModel doFillAuditStoreCredentialsIdItems(@QueryParameter String auditStoreCredentialsId) {
        return CredentialsChoices.forController(auditStoreCredentialsId, CredentialsChoices.USERNAME_PASSWORD);
    }

    /**
     * The System-scoped secret file or secret text credential holding the key apply tokens are signed
     * with (PEM or JWK), or {@code null} when {@code withAiCredentials} mints no tokens.
     */
    @CheckForNull
    public String getOidcSigningKeyCredentialsId() {
        return oidcSigningKeyCredentialsId;
    }

    @DataBoundSetter
    public void setOidcSigningKeyCredentialsId(String oidcSigningKeyCredentialsId) {
        this.oidcSigningKeyCredentialsId = Util.fixEmptyAndTrim(oidcSigningKeyCredentialsId);
        save();
    }

    /** The {@code aud} of apply tokens when the step names none, or {@code null}. */
    @CheckForNull
    public String getOidcAudience() {
        return oidcAudience;
    }

    @DataBoundSetter
    public void setOidcAudience(String oidcAudience) {
        this.oidcAudience = Util.fixEmptyAndTrim(oidcAudience);
        save();
    }

    /**
     * The OPA server every {@code aiScopeCheck} also asks (its {@code deny} messages become
     * hard-mandatory violations), or {@code null}. A step cannot turn it off or replace it.
     */
    @CheckForNull
    public String getOpaUrl() {
        return opaUrl;
    }

    @DataBoundSetter
    public void setOpaUrl(String opaUrl) {
        this.opaUrl = Util.fixEmptyAndTrim(opaUrl);
        save();
    }

    /** The Rego package asked, or {@code null} for {@code ai_devops.scope}. */
    @CheckForNull
    public String getOpaPackage() {
        return opaPackage;
    }

    @DataBoundSetter
    public void setOpaPackage(String opaPackage) {
        this.opaPackage = Util.fixEmptyAndTrim(opaPackage);
        save();
    }

    /** How long to wait for OPA's answer, or {@code null} for 10 seconds. */
    @CheckForNull
    public Integer getOpaTimeoutSeconds() {
        return opaTimeoutSeconds;
    }

    @DataBoundSetter
    public void setOpaTimeoutSeconds(Integer opaTimeoutSeconds) {
        this.opaTimeoutSeconds = opaTimeoutSeconds == null || opaTimeoutSeconds <= 0 ? null : opaTimeoutSeconds;
        save();
    }

    /** Validates the default policy with the engine's loader; every problem is shown with its line. */
    @POST
    public FormValidation doCheckDefaultPolicy(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok(Messages.AiGovernanceConfiguration_BuiltInPolicy());
        }
        try {
            GovernancePolicy p = new PolicyLoader()
                    .parse(DEFAULT_POLICY_NAME, value.getBytes(StandardCharsets.UTF_8), "jenkins-global");
            return FormValidation.ok(Messages.AiGovernanceConfiguration_PolicyValid(p.versionLabel()));
        } catch (PolicyException e) {
            List<FormValidation> problems = new ArrayList<>();
            for (PolicyProblem p : e.problems()) {
                String where = p.line() > 0 ? Messages.AiGovernanceConfiguration_Line(p.line(), p.column()) : "";
                String field = p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ";
                problems.add(FormValidation.error(where + field + p.message()));
            }
            return FormValidation.aggregate(problems);
        } catch (RuntimeException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** The credentials builds may send to the global Prometheus (secret text or username with password). */
    @POST
    public ListBoxModel doFillPrometheusCredentialsIdItems(@QueryParameter String prometheusCredentialsId) {
        return CredentialsChoices.forBuildsOfController(prometheusCredentialsId, CredentialsChoices.PROMETHEUS);
    }

    /** The apply-token signing key: the controller's secret files and texts, System-scoped ones included. */
    @POST
    public ListBoxModel doFillOidcSigningKeyCredentialsIdItems(@QueryParameter String oidcSigningKeyCredentialsId) {
        return CredentialsChoices.forController(oidcSigningKeyCredentialsId, CredentialsChoices.SIGNING_KEY);
    }

    /** Reads the apply-token signing key as the step will, and shows its algorithm and key id (never the key). */
    @POST
    public FormValidation doCheckOidcSigningKeyCredentialsId(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok();
        }
        try {
            ApplyTokenSigningKey key = OidcSigningKey.read(id);
            String issuer = OidcSigningKey.issuerUrl();
            ApplyTokenIssuer.IssuerCheck check = issuer == null ? null : ApplyTokenIssuer.checkIssuer(issuer);
            if (check != null && check.problem() != null) {
                String text =
                        Messages.OidcSigningKey_Valid(key.algorithm(), key.keyId(), issuer) + " " + check.problem();
                return check.usable() ? FormValidation.warning(text) : FormValidation.error(text);
            }
            return FormValidation.ok(
                    Messages.OidcSigningKey_Valid(key.algorithm(), key.keyId(), issuer == null ? "-" : issuer));
        } catch (IOException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Checks that the OPA URL is http(s). */
    @POST
    public FormValidation doCheckOpaUrl(@QueryParameter String value) {
        return doCheckPrometheusUrl(value);
    }

    /** Checks that the OPA timeout is a positive number of seconds. */
    @POST
    public FormValidation doCheckOpaTimeoutSeconds(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        return Util.fixEmptyAndTrim(value) == null
                ? FormValidation.ok()
                : FormValidation.validatePositiveInteger(value);
    }

    /** Checks that the Prometheus URL is http(s). */
    @POST
    public FormValidation doCheckPrometheusUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        String v = Util.fixEmptyAndTrim(value);
        if (v == null || v.startsWith("https://") || v.startsWith("http://")) {
            return FormValidation.ok();
        }
        return FormValidation.error(Messages.AiGovernanceConfiguration_HttpUrl());
    }
}
