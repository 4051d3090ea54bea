package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import io.jenkins.plugins.aigovernance.core.change.EnvironmentDetector;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import java.util.List;

/**
 * Which environment names count as production: {@code environments.production} and {@code environments.nonProduction}
 * (name globs, {@link Glob#name}). The one classification every gate uses ({@link #isProduction}: the risk scorer, rule
 * conditions ({@link ConditionMatcher}), autonomy levels, the scope decision and OPA input's {@code production}, and
 * maturity's production deployments). Governance fails closed:
 * <ul>
 * <li>an absent or blank environment is production;</li>
 * <li>a name matched by a production glob is production;</li>
 * <li>a name one of whose words is a production word ({@link #namesProduction}) is production whatever the globs say:
 *     {@code production-eu}, {@code eu_prod}, {@code prod1};</li>
 * <li>a name matched by a non-production glob (the organisation's own names: {@code perf}, {@code "load-*"}) is not
 *     production, unless one of the two rules above makes it production (production wins: {@code perf-prod} stays
 *     production with {@code nonProduction: ["perf*"]});</li>
 * <li>names are compared in their folded forms as well ({@link Identity#clean}: NFKC case folding without format,
 *     control and separator characters; {@link Identity#fold}: also the UTS #39 confusable skeleton), so
 *     {@code ｐｒｏｄ} (full width), {@code pro\u200bd} (zero-width space) and {@code рrod} (Cyrillic р) are
 *     {@code prod}, and {@code ＰＥＲＦ} is {@code perf};</li>
 * <li>a name whose cleaned form is not plain ASCII ({@link #plainName}: small capitals, accents, other scripts' digits,
 *     bidirectional controls) is production: the production-word test cannot read it;</li>
 * <li>any other name is production unless it names a non-production environment of the environment vocabulary
 *     ({@link #namesNonProduction}: development, test and staging words, docs/inputs.md#environment): {@code eu-west},
 *     {@code prodeu} and {@code unknownenv} are production, {@code dev}, {@code staging-eu} and {@code qa1} are not.</li>
 * </ul>
 *
 * @param production    name globs of production environments (built-in: {@code prod}, {@code prod-*}, {@code *-prod},
 *                      {@code production}, {@code prd}, {@code live})
 * @param nonProduction name globs of the organisation's own non-production environments (built-in: none); validation
 *                      refuses a glob without a letter or digit ({@code *}, {@code **}, {@code *-*}), one that matches
 *                      a name that is always production ({@link #ALWAYS_PRODUCTION}) or a production place that names no
 *                      environment ({@link #UNCLASSIFIED_PROBES}: {@code [!pul]*}, {@code *a*}), and a plain name that is production
 *                      anyway (a production word, or matched by a production glob), which would never apply
 */
public record EnvironmentPolicy(List<String> production, List<String> nonProduction) {

    /**
     * Names that stay production whatever {@code nonProduction} says: {@code unknown} (how an absent environment is
     * matched, {@link ConditionMatcher#UNKNOWN}) and the production words.
     */
    static final List<String> ALWAYS_PRODUCTION = List.of(ConditionMatcher.UNKNOWN, "production", "prod", "prd", "live");

    /**
     * Names of production places that name no environment word (regions, branches, clusters, roles): a non-production
     * glob that matches one of them is too broad ({@code [!pul]*}, {@code *a*}, {@code *[0-9]*}) and is refused.
     */
    static final List<String> UNCLASSIFIED_PROBES = List.of("eu-west-1", "us-east-1", "ap-south-1", "main", "master", "primary",
            "default", "global", "canary", "blue", "green", "cluster", "prime", "release", "x", "a1");

    /** @throws IllegalArgumentException when an entry of either list is null (an empty YAML item, {@code ~}) */
    public EnvironmentPolicy {
        production = copyOf(production, "production");
        nonProduction = copyOf(nonProduction, "nonProduction");
    }

    private static List<String> copyOf(List<String> globs, String key) {
        if (globs == null) {
            return List.of();
        }
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i) == null) {
                throw new IllegalArgumentException(key + ": entry " + i + " is empty (null); give a name glob or remove it");
            }
        }
        return List.copyOf(globs);
    }

    /**
     * Whether {@code environment} is production: absent or blank, matched by a production glob (as given, cleaned or
     * folded), naming a production word, or else matched by no non-production glob (as given, cleaned or folded) and
     * naming no non-production word of the vocabulary (unclassified names fail closed).
     */
    public boolean isProduction(String environment) {
        if (environment == null || environment.isBlank()) {
            return true;
        }
        String trimmed = environment.trim();
        String clean = Identity.clean(trimmed);
        String folded = Identity.fold(trimmed);
        if (anyMatches(production, trimmed, clean, folded) || namesProduction(trimmed)) {
            return true;
        }
        if (!plainName(trimmed)) {
            return true; // a spelling the vocabulary cannot read for production words is never non-production
        }
        return !anyMatches(nonProduction, trimmed, clean, folded) && !namesNonProduction(trimmed);
    }

    /**
     * Whether a name can be read for production words at all, so that it may count as non-production: its cleaned form
     * ({@link Identity#clean}: full-width letters become ASCII, zero-width and soft-hyphen characters go) holds ASCII
     * letters, digits, {@code -}, {@code _} and {@code .} only, and the name holds no bidirectional control (which shows
     * {@code load-\u202edorp} as {@code load-prod}). Small capitals ({@code ᴘʀᴏᴅ}), accented letters ({@code pród}),
     * other scripts' digits ({@code pr٠d}) and blank-looking symbols are outside the look-alike tables the production-word
     * test reads names through, so a name with them is production (fail closed), whatever a glob or the vocabulary says.
     */
    static boolean plainName(String trimmed) {
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
                    || c == '\u061c') {
                return false;
            }
        }
        String clean = Identity.clean(trimmed);
        if (clean.isEmpty()) {
            return false;
        }
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(List<String> globs, String trimmed, String clean, String folded) {
        for (String p : globs) {
            Glob g = Glob.name(p);
            if (g.matches(trimmed) || g.matches(clean) || g.matches(folded)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word of {@code environment} (split at every character that is not an ASCII letter, case ignored), as
     * given, cleaned ({@link Identity#clean}) or folded ({@link Identity#fold}), is {@code prod}, {@code production},
     * {@code prd} or {@code live}: {@code production-eu}, {@code eu-prod-2}, {@code PROD_us}, {@code prod1},
     * {@code ｐｒｏｄ}, {@code рrod}; not {@code product} or {@code preprod}. {@code null} is not.
     *
     * <p>The vocabulary alone, without a policy's globs: one step of {@link #isProduction} and of validation, not visible
     * outside the package, so that gates classify a name only with {@link #isProduction} of the policy in force.
     */
    static boolean namesProduction(String environment) {
        if (environment == null) {
            return false;
        }
        // the one environment vocabulary, as changes are read (EnvironmentDetector, docs/inputs.md#environment)
        return EnvironmentDetector.hasProductionWord(environment.toLowerCase(java.util.Locale.ROOT))
                || EnvironmentDetector.hasProductionWord(Identity.clean(environment))
                || EnvironmentDetector.hasProductionWord(Identity.fold(environment))
                || EnvironmentDetector.hasProductionWord(Identity.fold(edgeDigitsSeparate(Identity.clean(environment))));
    }

    /**
     * {@code text} with every ASCII digit that is not between two ASCII letters made a {@code -}: the look-alike skeleton
     * reads a digit as a letter ({@code 0} as {@code o}, {@code 1} as {@code l}), which finds {@code pr0d} but makes
     * {@code pr0d1} the word {@code prodl}; with the edge digits apart it is {@code pr0d-}, whose skeleton names
     * {@code prod}.
     */
    private static String edgeDigitsSeparate(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c >= '0' && c <= '9' && !(i > 0 && i + 1 < b.length() && isAsciiLetter(text.charAt(i - 1)) && isAsciiLetter(text.charAt(i + 1)))) {
                b.setCharAt(i, '-');
            }
        }
        return b.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Whether {@code environment} is a non-production name of the vocabulary: it names no production word
     * ({@link #namesProduction}) and one of its words (cleaned by {@link Identity#clean}, split at every character
     * that is not an ASCII letter) is a development, test or staging word ({@code dev}, {@code development},
     * {@code sandbox}, {@code local}, {@code test}, {@code testing}, {@code qa}, {@code staging}, {@code stage},
     * {@code stg}, {@code uat}, {@code preprod}, {@code preproduction}). {@code null}, blank and every other name are not.
     *
     * <p>The vocabulary alone, without a policy's globs: a name this calls non-production may still be production under
     * a policy ({@code eu-dev} with {@code production: ["eu-*"]}), and one it does not may be non-production
     * ({@code perf} with {@code nonProduction: [perf]}). One step of {@link #isProduction}, not visible outside the
     * package: gates use {@link #isProduction} of the policy in force.
     */
    static boolean namesNonProduction(String environment) {
        if (environment == null || environment.isBlank() || namesProduction(environment)) {
            return false;
        }
        return EnvironmentDetector.hasNonProductionWord(Identity.clean(environment));
    }

    /**
     * The canonical form of an environment name: {@link Identity#clean} of the name (NFKC case folding, format, control
     * and separator characters removed, no look-alike skeleton), so {@code Prod}, {@code ＰＲＯＤ} (full width) and
     * {@code pro\u200bd} (zero-width space) are {@code prod}, while {@code рrod} (Cyrillic {@code р}) stays a name of its
     * own. The apply check compares names in this form ({@link #approvalCovers}) and apply tokens carry it as their
     * {@code environment} claim, so a cloud's trust condition compares one spelling.
     *
     * @return {@code null} for an absent or blank name (none named); {@code ""} for a name of invisible characters only
     *         (it names nothing); else the canonical name
     */
    public static String canonicalName(String environment) {
        if (environment == null || environment.isBlank()) {
            return null;
        }
        return Identity.clean(environment);
    }

    /**
     * Whether an approval given for {@code approvedFor} covers an apply to {@code appliedTo}: the rule that binds apply
     * credentials and apply tokens to the environment an approval was for (docs/steps.md, "Environment binding"). The
     * approval's bar (its tier, from the rules whose {@code when.environments} the name met, and whether it was judged
     * as production) was set for its name, so an apply is covered only where its bar cannot be higher:
     * <ul>
     * <li>neither names an environment (absent or blank): covered (both are judged as production, no environment's
     *     own rules);</li>
     * <li>only one names one: not covered. An approval for no environment met none of the rules the policy has for the
     *     apply's environment; an apply that names none says nowhere where it goes, and an unnamed environment is
     *     production, which a named approval may not have been for;</li>
     * <li>both: covered when the names are one name ({@link #canonicalName} equal, not empty) and spelled alike: the
     *     apply exactly as the approval was (trimmed), or both plainly, as that canonical name, in any ASCII case
     *     ({@link #plainSpelling}; name globs ignore ASCII case). Policy globs match a name as written as well as
     *     canonical, so another spelling ({@code ＰＲＯＤ}, {@code pro\u200bd}) could meet a rule or a
     *     {@code nonProduction} glob the other spelling does not, in either direction: an approval for {@code ｐｅｒｆ}
     *     under {@code nonProduction: [ｐｅｒｆ]} was judged non-production, an apply to {@code perf} is production.
     *     Look-alike letters ({@code рrod} for {@code prod}) make another name.</li>
     * </ul>
     */
    public static boolean approvalCovers(String approvedFor, String appliedTo) {
        boolean approvedNone = approvedFor == null || approvedFor.isBlank();
        boolean appliedNone = appliedTo == null || appliedTo.isBlank();
        if (approvedNone || appliedNone) {
            return approvedNone && appliedNone;
        }
        String canonical = canonicalName(approvedFor);
        if (canonical.isEmpty() || !canonical.equals(canonicalName(appliedTo))) {
            return false;
        }
        String applied = appliedTo.trim();
        String approved = approvedFor.trim();
        return applied.equals(approved) || (plainSpelling(applied) && plainSpelling(approved) && applied.equalsIgnoreCase(approved));
    }

    /**
     * Whether a name is spelled as its canonical form ({@link #canonicalName}) up to the case of ASCII letters:
     * {@code prod}, {@code Prod}, {@code PROD-eu}; not {@code ＰＲＯＤ}, {@code pro\u200bd} or {@code prod eu}.
     */
    public static boolean plainSpelling(String environment) {
        if (environment == null || environment.isBlank()) {
            return false;
        }
        String trimmed = environment.trim();
        StringBuilder lower = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString().equals(canonicalName(trimmed));
    }

    void validate(PolicyValidation v, String at) {
        List<Glob> productionGlobs = new java.util.ArrayList<>();
        for (int i = 0; i < production.size(); i++) {
            Glob g = v.compile(at + "/production/" + i, production.get(i), Glob::name);
            if (g != null) {
                productionGlobs.add(g);
            }
        }
        for (int i = 0; i < nonProduction.size(); i++) {
            String pointer = at + "/nonProduction/" + i;
            String p = nonProduction.get(i);
            Glob g = v.compile(pointer, p, Glob::name);
            if (g == null) {
                continue;
            }
            String why = refusal(p, g, productionGlobs);
            if (why != null) {
                v.error(pointer, why);
            }
        }
    }

    /** Why a non-production glob would make the classification meaningless or unsafe, or {@code null} when it would not. */
    private static String refusal(String pattern, Glob g, List<Glob> productionGlobs) {
        if (pattern.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return "non-production glob '" + pattern + "' is only wildcards and separators: it would make (nearly) every environment that"
                    + " names no production word non-production; name the environments (perf, \"load-*\")";
        }
        for (String name : ALWAYS_PRODUCTION) {
            if (g.matches(name)) {
                return "non-production glob '" + pattern + "' matches '" + name + "', which is always production ("
                        + (name.equals(ConditionMatcher.UNKNOWN) ? "the name an absent environment is matched as" : "a production word")
                        + "); name the non-production environments only";
            }
        }
        for (String name : UNCLASSIFIED_PROBES) {
            if (g.matches(name)) {
                return "non-production glob '" + pattern + "' matches '" + name + "', a name no vocabulary classifies (such names are"
                        + " production, as a region, branch or cluster name may be): name the non-production environments only"
                        + " (perf, \"load-*\")";
            }
        }
        if (isLiteral(pattern)) {
            String trimmed = pattern.trim();
            String clean = Identity.clean(trimmed);
            String folded = Identity.fold(trimmed);
            for (Glob pg : productionGlobs) {
                if (pg.matches(trimmed) || pg.matches(clean) || pg.matches(folded)) {
                    return "non-production name '" + pattern + "' is matched by the production glob '" + pg + "', and production wins:"
                            + " it would never apply; take it out of one of the two lists";
                }
            }
            if (namesProduction(trimmed)) {
                return "non-production name '" + pattern + "' names a production word (prod, production, prd, live), and production"
                        + " wins: it would never apply";
            }
        }
        return null;
    }

    /** Whether a name glob has no pattern character, so that it names one environment. */
    private static boolean isLiteral(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("*?[{\\".indexOf(pattern.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
