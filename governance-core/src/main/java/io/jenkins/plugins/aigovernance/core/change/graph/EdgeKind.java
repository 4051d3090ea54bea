package io.jenkins.plugins.aigovernance.core.change.graph;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an edge of the {@link ResourceGraph} says. Edges point from what is used to what uses it: an edge
 * {@code aws_iam_policy.boundary -> aws_iam_role.api} of kind {@link #PERMISSION_BOUNDARY_OF} reads
 * "{@code aws_iam_policy.boundary} is the permission boundary of {@code aws_iam_role.api}". The JSON form is the
 * lower-case name with dashes ({@code permission-boundary-of}).
 */
public enum EdgeKind {
    /** An IAM policy that is a role's or user's {@code permissions_boundary}. */
    PERMISSION_BOUNDARY_OF("is the permission boundary of"),
    /** A policy attached to a principal ({@code policy_arn}, {@code managed_policy_arns}, attachments). */
    ATTACHED_TO("is attached to"),
    /** A role or instance profile a resource acts as ({@code role_arn}, {@code execution_role_arn}, ...). */
    ROLE_OF("is the role of"),
    /** A principal named by a trust (assume-role) policy. */
    TRUSTED_BY("is trusted by"),
    /** A security group of an instance, load balancer, function, rule, ... */
    SECURITY_GROUP_OF("is the security group of"),
    /** A KMS key that encrypts a bucket, volume, database, log group, ... */
    ENCRYPTS("encrypts"),
    /** A subnet something is placed in. */
    IN_SUBNET("is the subnet of"),
    /** A VPC something is placed in. */
    IN_VPC("is the VPC of"),
    /** A load balancer target group. */
    TARGET_GROUP_OF("is the target group of"),
    /** A DNS zone holding records. */
    DNS_ZONE_OF("is the DNS zone of"),
    /** A log group, stream or destination receiving logs. */
    LOG_DESTINATION_OF("is the log destination of"),
    /** Any other reference (a configuration expression, an attribute naming another resource's ARN or id). */
    REFERENCES("is referenced by"),
    /** A Service, NetworkPolicy or PodDisruptionBudget selecting a workload's pods by labels. */
    SELECTS("selects the pods of"),
    /** A ConfigMap a workload reads (env, envFrom, volumes, projected volumes). */
    CONFIG_OF("is read by"),
    /** A Secret a workload reads (env, envFrom, volumes, projected volumes, image pull secrets). */
    SECRET_OF("is a secret of"),
    /** A ServiceAccount a workload runs as. */
    SERVICE_ACCOUNT_OF("is the service account of"),
    /** A Role or ClusterRole a (Cluster)RoleBinding binds. */
    BOUND_BY("is bound by"),
    /** A (Cluster)RoleBinding granting its role to a subject (ServiceAccount, User, Group). */
    GRANTS_TO("grants its role to"),
    /** A Service an Ingress routes to. */
    BACKEND_OF("is the backend of"),
    /** A Namespace holding objects. */
    CONTAINS("contains"),
    /** A CustomResourceDefinition defining custom resources. */
    DEFINES("defines"),
    /** An admission webhook matching objects (by API group and resource). */
    ADMITS("admits"),
    /**
     * A NetworkPolicy naming a workload's pods as a peer of its {@code ingress[].from} or {@code egress[].to} rules
     * ({@code podSelector}, {@code namespaceSelector}): the traffic those pods send or receive goes through it.
     */
    PEER_OF("lets through the traffic of"),
    /** Inside the graph only: joins a resource to a configuration address, module input or output. Never reported. */
    INTERNAL("");

    private final String phrase;

    EdgeKind(String phrase) {
        this.phrase = phrase;
    }

    /** The words between the two ends: "X {@code phrase} Y". */
    public String phrase() {
        return phrase;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
