package io.jenkins.plugins.aigovernance.core.risk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What kind of thing a change touches: the {@code touches} of its risk assessment and audit events,
 * and the "change type" of the agent reliability metrics. A closed set, so it can be a Prometheus
 * label. A change usually touches several kinds.
 *
 * <p>Where a kind comes from (see docs/risk-scoring.md): a resource's structural traits (IAM, RBAC,
 * network, stateful, secret, certificate), else {@link #INFRASTRUCTURE}; a file's matching built-in
 * rules by id ({@link #ofRule}), else {@link #APP_CODE} — including files only an environment rule
 * (production, staging paths) or a rule of the repository's own matched.
 */
public enum ChangeCategory {
    /** Identities, roles, policies, bindings, Kubernetes RBAC. */
    IAM,
    /** Shared networking, network policies, security groups. */
    NETWORK,
    /** Stateful resources (databases, buckets, volumes, keys) and schema migrations. */
    DATA,
    /** Secret material. */
    SECRET,
    /** Certificates and certificate authorities. */
    CERTIFICATE,
    /** Authentication and authorization code or identity-provider resources. */
    AUTH,
    /** Terraform or Kubernetes objects of no more specific kind. */
    INFRASTRUCTURE,
    /** Configuration files (shared, non-production, lint). */
    CONFIG,
    /** Dependency manifests and lock files. */
    DEPENDENCIES,
    /** CI/CD definitions (Jenkinsfile, workflows). */
    CI,
    /** The governance policy itself. */
    GOVERNANCE_POLICY,
    /** Documentation. */
    DOCS,
    /** Tests. */
    TESTS,
    /** Application code: files no kind-giving rule matched. */
    APP_CODE;

    private static final Map<String, ChangeCategory> RULES = Map.ofEntries(
            Map.entry("docs", DOCS),
            Map.entry("tests", TESTS),
            Map.entry("lint-config", CONFIG),
            Map.entry("non-prod-config", CONFIG),
            Map.entry("non-prod-environment-config", CONFIG),
            Map.entry("cluster-config", INFRASTRUCTURE),
            Map.entry("privileged-workload", INFRASTRUCTURE),
            Map.entry("terraform-state", INFRASTRUCTURE),
            Map.entry("shared-config", CONFIG),
            Map.entry("dependency-update", DEPENDENCIES),
            Map.entry("iam", IAM),
            Map.entry("iam-paths", IAM),
            Map.entry("iam-documents", IAM),
            Map.entry("rbac", IAM),
            Map.entry("account-level-iam", IAM),
            Map.entry("iam-public-principal", IAM),
            Map.entry("iam-permission-boundary", IAM),
            Map.entry("account-level-resources", IAM),
            Map.entry("network", NETWORK),
            Map.entry("network-policy", NETWORK),
            Map.entry("network-destroy", NETWORK),
            Map.entry("namespace", INFRASTRUCTURE),
            Map.entry("secrets", SECRET),
            Map.entry("secret-resources", SECRET),
            Map.entry("secret-paths", SECRET),
            Map.entry("stateful-destroy", DATA),
            Map.entry("schema-migration", DATA),
            Map.entry("certificates", CERTIFICATE),
            Map.entry("certificate-resources", CERTIFICATE),
            Map.entry("certificate-paths", CERTIFICATE),
            Map.entry("auth", AUTH),
            Map.entry("auth-resources", AUTH),
            Map.entry("governance-policy", GOVERNANCE_POLICY),
            Map.entry("repository-controls", CI),
            Map.entry("ci-definitions", CI));

    /** JSON and label form: {@code iam}, {@code app-code}, {@code governance-policy}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a built-in risk rule gives what it matches, or {@code null} (environment rules, unknown ids). */
    public static ChangeCategory ofRule(String ruleId) {
        return ruleId == null ? null : RULES.get(ruleId);
    }

    /** The kinds a resource's traits give it; {@link #INFRASTRUCTURE} when none do. */
    public static Set<ChangeCategory> ofResource(ResourceChange r) {
        Set<ChangeCategory> out = EnumSet.noneOf(ChangeCategory.class);
        for (ResourceTrait t : r.traits()) {
            switch (t) {
                case IAM, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_TRUST_POLICY, IAM_PUBLIC_PRINCIPAL, IAM_PERMISSION_BOUNDARY,
                        IAM_ACCOUNT_LEVEL, RBAC -> out.add(IAM);
                case NETWORK, NETWORK_POLICY -> out.add(NETWORK);
                case STATEFUL -> out.add(DATA);
                case SECRET -> out.add(SECRET);
                case CERTIFICATE -> out.add(CERTIFICATE);
                default -> {
                }
            }
        }
        if (out.isEmpty()) {
            out.add(INFRASTRUCTURE);
        }
        return out;
    }

    /** Parses {@code app-code} or {@code APP_CODE}; {@code null} when unknown. */
    public static ChangeCategory parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ChangeCategory c : values()) {
            if (c.name().equals(v)) {
                return c;
            }
        }
        return null;
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static ChangeCategory of(String value) {
        ChangeCategory c = parse(value);
        if (c == null) {
            StringBuilder known = new StringBuilder();
            for (ChangeCategory k : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.json());
            }
            throw new IllegalArgumentException("unknown change category '" + value + "' (expected one of " + known + ")");
        }
        return c;
    }
}
