package io.jenkins.plugins.aigovernance.core.change;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the target environment from a change when none is given: repository path segments
 * ({@code env/staging/main.tf}, {@code overlays/prod/}), Terraform variable file names ({@code dev.tfvars},
 * {@code prod.auto.tfvars}, {@code terraform-staging.tfvars.json}), Helm values file names ({@code values-prod.yaml},
 * {@code values.staging.yaml}) and Kubernetes namespaces ({@code payments-staging}). Names and their parts
 * (split at {@code -}, {@code _} and {@code .}) are matched against one vocabulary, as one concept:
 * <ul>
 * <li>{@value #PRODUCTION}: prod, production, prd, live;</li>
 * <li>{@value #STAGING}: staging, stage, stg, uat, preprod, pre-prod, preproduction;</li>
 * <li>{@value #TEST}: test, testing, qa (for path segments, {@code test} counts only below an environment folder such
 *     as {@code env/}, {@code environments/}, {@code overlays/}, {@code deploy/}, so that {@code src/test/} is not one);</li>
 * <li>{@value #DEVELOPMENT}: dev, development, sandbox, local.</li>
 * </ul>
 * A folder one of whose words (split at every character that is not a letter) is a production word is production
 * ({@code env/dev/eu-prod/}, {@code env/prod-eu/dev/}, {@code env/sandbox/production-eu/}).
 * Mixed evidence takes the strictest (production, then staging, test, development). Infrastructure that names no
 * environment of its own (a plan's resources, a manifest without such a namespace or path) is evidence of production,
 * so a file added elsewhere cannot make it look like development. No evidence at all means no environment, which gates
 * treat as production. Stateless and thread-safe.
 */
public final class EnvironmentDetector {

    public static final String PRODUCTION = "production";
    public static final String STAGING = "staging";
    public static final String TEST = "test";
    public static final String DEVELOPMENT = "development";

    private static final List<String> STRICTNESS = List.of(DEVELOPMENT, TEST, STAGING, PRODUCTION);
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("prod", PRODUCTION), Map.entry("production", PRODUCTION), Map.entry("prd", PRODUCTION), Map.entry("live", PRODUCTION),
            Map.entry("staging", STAGING), Map.entry("stage", STAGING), Map.entry("stg", STAGING), Map.entry("uat", STAGING),
            Map.entry("preprod", STAGING), Map.entry("preproduction", STAGING),
            Map.entry("test", TEST), Map.entry("testing", TEST), Map.entry("qa", TEST),
            Map.entry("dev", DEVELOPMENT), Map.entry("development", DEVELOPMENT), Map.entry("sandbox", DEVELOPMENT),
            Map.entry("local", DEVELOPMENT));
    /** Folders whose children name environments. */
    private static final Set<String> ENVIRONMENT_FOLDERS = Set.of("env", "envs", "environment", "environments", "overlays", "deploy",
            "deployments", "clusters", "stages", "config", "configs", "values", "tfvars", "workspaces", "accounts");

    /**
     * What was detected.
     *
     * @param environment one of {@link #PRODUCTION}, {@link #STAGING}, {@link #TEST}, {@link #DEVELOPMENT}
     * @param evidence    the strongest piece of evidence, for people ({@code path env/staging/main.tf (staging)})
     */
    public record Detected(String environment, String evidence) {
    }

    /** The strictest environment the change's paths and namespaces name, or empty when none does. */
    public Optional<Detected> detect(ChangeSet change) {
        Best best = new Best();
        for (FileChange f : change.files()) {
            path(f.path(), best);
            if (f.oldPath() != null) {
                path(f.oldPath(), best);
            }
        }
        for (ResourceChange r : change.resources()) {
            // infrastructure that names no environment of its own (by namespace or file path) may be production
            Best own = new Best();
            if (r.namespace() != null) {
                own.offer(name(r.namespace()), "namespace " + r.namespace() + " of " + r.address());
            }
            if (r.file() != null) {
                path(r.file(), own);
            }
            if (own.environment == null) {
                best.offer(PRODUCTION, r.address() + " names no environment (no namespace or path that names one)");
            } else {
                best.offer(own.environment, own.evidence);
            }
        }
        return best.environment == null ? Optional.empty() : Optional.of(new Detected(best.environment, best.evidence));
    }

    private static void path(String path, Best best) {
        String[] segments = path.toLowerCase(Locale.ROOT).split("/");
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            String env;
            if (last) {
                env = fileName(s);
            } else {
                env = WORDS.get(s);
                if (TEST.equals(env) && (i == 0 || !ENVIRONMENT_FOLDERS.contains(segments[i - 1]))) {
                    env = null;
                }
                if (hasProductionWord(s)) { // eu-prod, prod-eu, production-eu, prod1: a production word in the folder's name
                    env = PRODUCTION;
                }
            }
            if (env != null) {
                best.offer(env, "path " + path + " (" + s + ")");
            }
        }
    }

    /**
     * Whether a word of {@code lower} (lower-case text split at every character that is not an ASCII letter) is one of the
     * vocabulary's production words ({@code prod}, {@code production}, {@code prd}, {@code live}). The vocabulary alone, for
     * reading a change's paths and names, where no policy applies yet; a name given as the target environment is
     * classified by the policy ({@code EnvironmentPolicy.isProduction}), which uses this as one of its steps.
     */
    public static boolean hasProductionWord(String lower) {
        return hasWord(lower, true);
    }

    /**
     * Whether a word of {@code lower} (split as {@link #hasProductionWord}) is a development, test or staging word. The
     * vocabulary alone, as {@link #hasProductionWord}: the policy's {@code environments.nonProduction} names are not in it.
     */
    public static boolean hasNonProductionWord(String lower) {
        return hasWord(lower, false);
    }

    private static boolean hasWord(String lower, boolean production) {
        // the runs of a-z, as lower.split("[^a-z]+") gives them, without compiling that pattern for every folder of every
        // changed path (it was a quarter of the main thread's unattributed time for a 20,000-file change)
        int n = lower.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isAsciiLower(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isAsciiLower(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                String env = WORDS.get(lower.substring(start, i));
                if (env != null && PRODUCTION.equals(env) == production) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAsciiLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** Terraform variable files and Helm values files named after an environment. */
    private static String fileName(String name) {
        String stem;
        if (name.endsWith(".tfvars") || name.endsWith(".tfvars.json")) {
            stem = name.substring(0, name.indexOf(".tfvars"));
            if (stem.endsWith(".auto")) {
                stem = stem.substring(0, stem.length() - ".auto".length());
            }
        } else if (name.startsWith("values") && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
            stem = name.substring("values".length(), name.lastIndexOf('.'));
        } else {
            return null;
        }
        return name(stem);
    }

    /** The strictest environment any part of a name (split at -, _ and .) names; {@code null} when none. */
    static String name(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String found = WORDS.get(v.replace("-", "").replace("_", ""));
        for (String part : v.split("[-_.]")) {
            found = stricter(found, WORDS.get(part));
        }
        return found;
    }

    private static String stricter(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return STRICTNESS.indexOf(b) > STRICTNESS.indexOf(a) ? b : a;
    }

    private static final class Best {
        String environment;
        String evidence;

        void offer(String env, String why) {
            if (env != null && (environment == null || STRICTNESS.indexOf(env) > STRICTNESS.indexOf(environment))) {
                environment = env;
                evidence = why;
            }
        }
    }
}
