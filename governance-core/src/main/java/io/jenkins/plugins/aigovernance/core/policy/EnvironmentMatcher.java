package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.identity.Identity;
import java.util.ArrayList;
import java.util.List;

/**
 * Name globs over the target environment (a rule's {@code when.environments}, an autonomy entry's
 * {@code environments[].environments}), compiled under the policy's classification ({@link EnvironmentPolicy#isProduction}).
 * An environment is matched in its {@linkplain #forms forms}: as given, cleaned ({@link Identity#clean}) and folded
 * ({@link Identity#fold}), so {@code PROD}, {@code ｐｒｏｄ}, {@code pro\u200bd} and {@code рrod} match {@code prod};
 * an absent or blank one as the name {@code unknown}. A production environment that no glob names (in any form) matches
 * globs that match {@code production} or {@code unknown}: with {@code production: ["eu-*"]}, {@code eu-dev} and
 * {@code eu-west} match {@code [production]} (fail closed). Immutable and thread-safe.
 */
public final class EnvironmentMatcher {

    /** The name a production environment no glob names is matched as, besides {@link ConditionMatcher#UNKNOWN}. */
    public static final String PRODUCTION = "production";

    private final List<Glob> globs;
    private final EnvironmentPolicy environments;

    private EnvironmentMatcher(List<Glob> globs, EnvironmentPolicy environments) {
        this.globs = globs;
        this.environments = environments;
    }

    /**
     * Compiles validated name globs ({@link Glob#name}) under {@code environments}.
     *
     * @throws IllegalArgumentException when a glob does not compile (policies are validated before they are compiled)
     */
    public static EnvironmentMatcher of(List<String> globs, EnvironmentPolicy environments) {
        return new EnvironmentMatcher(globs.stream().map(Glob::name).toList(), environments);
    }

    /** Whether there are no globs (a condition without {@code environments} holds everywhere). */
    public boolean isEmpty() {
        return globs.isEmpty();
    }

    /**
     * The forms an environment is matched in, distinct, in this order: as given (trimmed), cleaned, folded. An absent or
     * blank environment has the one form {@code unknown}.
     */
    public static List<String> forms(String environment) {
        if (environment == null || environment.isBlank()) {
            return List.of(ConditionMatcher.UNKNOWN);
        }
        String trimmed = environment.trim();
        List<String> out = new ArrayList<>(3);
        out.add(trimmed);
        for (String f : List.of(Identity.clean(trimmed), Identity.fold(trimmed))) {
            if (!f.isEmpty() && !out.contains(f)) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** The names a production environment that no entry names is matched as: {@code production}, then {@code unknown}. */
    public static List<String> productionForms() {
        return List.of(PRODUCTION, ConditionMatcher.UNKNOWN);
    }

    /** Whether a glob matches {@code form}, one of {@link #forms} or {@link #productionForms}, as it is. */
    public boolean matchesForm(String form) {
        for (Glob g : globs) {
            if (g.matches(form)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a glob names {@code environment} in one of its {@linkplain #forms forms}. */
    public boolean names(String environment) {
        for (String f : forms(environment)) {
            if (matchesForm(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code environment} matches: a glob names it, or it is production under the policy and a glob matches
     * {@code production} or {@code unknown}.
     */
    public boolean matches(String environment) {
        if (names(environment)) {
            return true;
        }
        if (!environments.isProduction(environment)) {
            return false;
        }
        for (String f : productionForms()) {
            if (matchesForm(f)) {
                return true;
            }
        }
        return false;
    }
}
