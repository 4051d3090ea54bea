package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@link Condition}. An unknown environment is matched as the name {@code unknown}, and
 * a change without an agent id as the agent {@code unknown}. An environment whose name has a production
 * word ({@link EnvironmentPolicy#namesProduction}: {@code production-eu}, {@code eu_prod}) is also matched
 * as {@code production}, so a condition listing production environments holds for it (fail closed).
 */
public final class ConditionMatcher {

    /** The name an absent environment or agent id is matched as. */
    public static final String UNKNOWN = "unknown";

    private final List<Glob> environments;
    private final Set<ChangeSource> sources;
    private final List<Glob> agents;

    private ConditionMatcher(Condition c) {
        environments = c.environments().stream().map(Glob::name).toList();
        sources = c.changeSources().isEmpty() ? Set.of() : EnumSet.copyOf(c.changeSources());
        agents = c.agents().stream().map(Glob::name).toList();
    }

    /** Compiles a validated condition; {@code null} means "always". */
    public static ConditionMatcher of(Condition c) {
        return new ConditionMatcher(c == null ? new Condition(null, null, null) : c);
    }

    /** Whether the change-level facts satisfy the condition. */
    public boolean matches(String environment, ChangeSource source, String agentId) {
        if (!environments.isEmpty() && !any(environments, blankToUnknown(environment))
                && !(EnvironmentPolicy.namesProduction(environment) && any(environments, "production"))) {
            return false;
        }
        if (!sources.isEmpty() && !sources.contains(source)) {
            return false;
        }
        return agents.isEmpty() || any(agents, blankToUnknown(agentId));
    }

    private static String blankToUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    private static boolean any(List<Glob> globs, String v) {
        for (Glob g : globs) {
            if (g.matches(v)) {
                return true;
            }
        }
        return false;
    }
}
