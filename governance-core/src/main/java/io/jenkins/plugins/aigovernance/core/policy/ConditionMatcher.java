package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@link Condition}. An absent environment is matched as the name {@code unknown}, and
 * a change without an agent id as the agent {@code unknown}. An environment name is matched as given and in its
 * folded forms ({@link Identity#clean}, {@link Identity#fold}: {@code ｐｒｏｄ}, {@code pro\u200bd} and {@code рrod}
 * match {@code prod}). An environment that is not a classified non-production name
 * ({@link EnvironmentPolicy#namesNonProduction}) is also matched as {@code production} and {@code unknown}: one with a
 * production word ({@code production-eu}, {@code eu_prod}) and one the vocabulary does not classify ({@code eu-west},
 * {@code prodeu}), so a condition listing production environments holds for it (fail closed).
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
        if (!environments.isEmpty() && !environmentMatches(environment)) {
            return false;
        }
        if (!sources.isEmpty() && !sources.contains(source)) {
            return false;
        }
        return agents.isEmpty() || any(agents, blankToUnknown(agentId));
    }

    private boolean environmentMatches(String environment) {
        if (environment == null || environment.isBlank()) {
            return any(environments, UNKNOWN) || any(environments, "production");
        }
        String trimmed = environment.trim();
        if (any(environments, trimmed) || any(environments, Identity.clean(trimmed)) || any(environments, Identity.fold(trimmed))) {
            return true;
        }
        return !EnvironmentPolicy.namesNonProduction(trimmed) && (any(environments, "production") || any(environments, UNKNOWN));
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
