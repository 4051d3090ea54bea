package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Facts about a resource that rules can match with {@code traits: [...]}. Readers set the structural
 * ones (IAM analysis, Kubernetes kinds); the policy's {@code risk.statefulTypes} and
 * {@code risk.networkTypes} lists add {@link #STATEFUL} and {@link #NETWORK}.
 */
public enum ResourceTrait {
    /** Holds data that a delete or replace destroys (databases, buckets, volumes, keys). */
    STATEFUL,
    /** Shared networking (VPCs, subnets, routes, gateways, security groups). */
    NETWORK,
    /** An identity and access management object (role, policy, binding, user). */
    IAM,
    /** An IAM statement allows {@code *} or {@code service:*} actions, or uses NotAction. */
    IAM_WILDCARD_ACTION,
    /** An IAM statement allows actions on resource {@code *}. */
    IAM_WILDCARD_RESOURCE,
    /** A trust (assume-role) policy. */
    IAM_TRUST_POLICY,
    /** A trust policy or resource policy that lets any principal ({@code *}) in. */
    IAM_PUBLIC_PRINCIPAL,
    /** Sets, changes or removes a permissions boundary. */
    IAM_PERMISSION_BOUNDARY,
    /** Account- or organization-wide power: {@code *:*} on {@code *}, organizations, account settings. */
    IAM_ACCOUNT_LEVEL,
    /** Kubernetes RBAC (Role, ClusterRole, RoleBinding, ClusterRoleBinding). */
    RBAC,
    /** A Kubernetes NetworkPolicy or a cloud network ACL / security group rule. */
    NETWORK_POLICY,
    /** A Kubernetes Namespace. */
    NAMESPACE,
    /** A cluster-scoped Kubernetes object (no namespace). */
    CLUSTER_SCOPED,
    /** Secret material (Kubernetes Secret, secret manager entries). */
    SECRET,
    /** Certificates and certificate authorities. */
    CERTIFICATE,
    /**
     * A Kubernetes workload whose pods reach the node: a privileged container, the host's PID, IPC or
     * network namespace, a {@code hostPath} volume, or a capability such as {@code SYS_ADMIN} (the
     * Pod Security Standards' "baseline" level forbids each of these).
     */
    PRIVILEGED_WORKLOAD;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code iam-wildcard-action} or {@code IAM_WILDCARD_ACTION}; {@code null} when unknown. */
    public static ResourceTrait parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ResourceTrait t : values()) {
            if (t.name().equals(v)) {
                return t;
            }
        }
        return null;
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static ResourceTrait of(String value) {
        ResourceTrait v = parse(value);
        if (v == null) {
            StringBuilder known = new StringBuilder();
            for (ResourceTrait k : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.json());
            }
            throw new IllegalArgumentException("unknown value '" + value + "' (expected one of " + known + ")");
        }
        return v;
    }
}
