package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Risk classification ({@code risk:}).
 *
 * @param defaultTier        tier of a file or resource no rule matches (application code)
 * @param rules              classification rules
 * @param statefulTypes      name globs of resource types that hold data
 * @param networkTypes       name globs of resource types that are shared networking
 * @param services           services, their paths and dependencies
 * @param highDependents     dependents from which a change is at least HIGH
 * @param criticalDependents dependents from which a change is CRITICAL
 * @param sharedUsers        direct users (resources or subjects, of one edge kind) from which a changed policy, security
 *                           group, KMS key, ConfigMap, Secret, ServiceAccount or (Cluster)Role counts as shared (reason
 *                           {@code shared-resource}, at least HIGH); default 2, at least 1. A permission boundary is
 *                           shared with one user whatever this says.
 */
public record RiskPolicy(
        RiskTier defaultTier,
        List<RiskRule> rules,
        List<String> statefulTypes,
        List<String> networkTypes,
        List<ServiceSpec> services,
        Integer highDependents,
        Integer criticalDependents,
        Integer sharedUsers) {

    /** {@link #sharedUsers()} when the policy does not say. */
    public static final int DEFAULT_SHARED_USERS = 2;

    public RiskPolicy {
        defaultTier = defaultTier == null ? RiskTier.MEDIUM : defaultTier;
        rules = rules == null ? List.of() : List.copyOf(rules);
        statefulTypes = statefulTypes == null ? List.of() : List.copyOf(statefulTypes);
        networkTypes = networkTypes == null ? List.of() : List.copyOf(networkTypes);
        services = services == null ? List.of() : List.copyOf(services);
        highDependents = highDependents == null ? 3 : highDependents;
        criticalDependents = criticalDependents == null ? 10 : criticalDependents;
        sharedUsers = sharedUsers == null ? DEFAULT_SHARED_USERS : sharedUsers;
    }

    /** The first seven settings; {@link #sharedUsers()} takes its default. */
    public RiskPolicy(RiskTier defaultTier, List<RiskRule> rules, List<String> statefulTypes, List<String> networkTypes,
            List<ServiceSpec> services, Integer highDependents, Integer criticalDependents) {
        this(defaultTier, rules, statefulTypes, networkTypes, services, highDependents, criticalDependents, null);
    }

    void validate(PolicyValidation v, String at) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RiskRule r = rules.get(i);
            r.validate(v, at + "/rules/" + i);
            if (r.id() != null && !ids.add(r.id())) {
                v.error(at + "/rules/" + i + "/id", "duplicate rule id '" + r.id() + "'");
            }
        }
        for (int i = 0; i < statefulTypes.size(); i++) {
            v.compile(at + "/statefulTypes/" + i, statefulTypes.get(i), Glob::type);
        }
        for (int i = 0; i < networkTypes.size(); i++) {
            v.compile(at + "/networkTypes/" + i, networkTypes.get(i), Glob::type);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceSpec s = services.get(i);
            s.validate(v, at + "/services/" + i);
            if (s.name() != null && !names.add(s.name())) {
                v.error(at + "/services/" + i + "/name", "duplicate service '" + s.name() + "'");
            }
        }
        for (int i = 0; i < services.size(); i++) {
            List<String> deps = services.get(i).dependsOn();
            for (int j = 0; j < deps.size(); j++) {
                if (!names.contains(deps.get(j))) {
                    v.error(at + "/services/" + i + "/dependsOn/" + j, "unknown service '" + deps.get(j) + "'");
                }
            }
        }
        if (highDependents < 1) {
            v.error(at + "/highDependents", "must be at least 1");
        }
        if (criticalDependents < highDependents) {
            v.error(at + "/criticalDependents", "must be at least highDependents (" + highDependents + ")");
        }
        if (sharedUsers < 1) {
            v.error(at + "/sharedUsers", "must be at least 1 (direct users from which a changed resource counts as shared)");
        }
    }
}
