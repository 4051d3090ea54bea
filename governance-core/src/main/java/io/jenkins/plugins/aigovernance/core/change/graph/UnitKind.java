package io.jenkins.plugins.aigovernance.core.change.graph;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of ownership unit dependents are grouped into. */
public enum UnitKind {
    /** A Terraform module instance below the root ({@code module.api}, {@code module.svc["a"]}); nested modules belong to the outermost. */
    MODULE("modules"),
    /** The root module of a plan or state file (one Terraform workspace). */
    WORKSPACE("workspaces"),
    /** A Kubernetes namespace + app label ({@code app.kubernetes.io/name}, else {@code app}). */
    APP("apps"),
    /** A Kubernetes namespace, for objects without an app label. */
    NAMESPACE("namespaces"),
    /** Cluster-scoped Kubernetes objects. */
    CLUSTER("clusters"),
    /** A user or group named by a (Cluster)RoleBinding. */
    SUBJECT("subjects"),
    /** A service declared in the policy's {@code risk.services}. */
    SERVICE("services");

    private final String plural;

    UnitKind(String plural) {
        this.plural = plural;
    }

    /** The plural for people ("in 47 modules"). */
    public String plural() {
        return plural;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
