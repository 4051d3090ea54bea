package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@link Condition}, under the policy's environment classification. The environment is matched by an
 * {@link EnvironmentMatcher}: as given and in its folded forms ({@code ｐｒｏｄ}, {@code pro\u200bd} and {@code рrod}
 * match {@code prod}), an absent one as the name {@code unknown}, and an environment that is production under the policy
 * ({@link EnvironmentPolicy#isProduction}: a production glob or word, or a name neither a non-production glob nor the
 * vocabulary classifies, such as {@code eu-west}) and that no glob names also as {@code production} and {@code unknown},
 * so a condition listing production environments holds for it (fail closed). A change without an agent id is matched
 * as the agent {@code unknown}.
 */
public final class ConditionMatcher {

    /** The name an absent environment or agent id is matched as. */
    public static final String UNKNOWN = "unknown";

    private final EnvironmentMatcher environments;
    private final Set<ChangeSource> sources;
    private final List<Glob> agents;

    private ConditionMatcher(Condition c, EnvironmentPolicy classification) {
        environments = EnvironmentMatcher.of(c.environments(), classification);
        sources = c.changeSources().isEmpty() ? Set.of() : EnumSet.copyOf(c.changeSources());
        agents = c.agents().stream().map(Glob::name).toList();
    }

    /**
     * Compiles a validated condition; {@code null} means "always".
     *
     * @param classification the policy's {@code environments} ({@link GovernancePolicy#environments}), which decides which
     *                       environments are production
     */
    public static ConditionMatcher of(Condition c, EnvironmentPolicy classification) {
        return new ConditionMatcher(c == null ? new Condition(null, null, null) : c, classification);
    }

    /** Whether the change-level facts satisfy the condition. */
    public boolean matches(String environment, ChangeSource source, String agentId) {
        if (!environments.isEmpty() && !environments.matches(environment)) {
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
