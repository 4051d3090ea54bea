package io.jenkins.plugins.aigovernance.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A user-supplied regular expression, matched in linear time (RE2J: no backtracking), so a hostile
 * pattern such as {@code (a+)+$} cannot hang a pipeline. Back-references and look-around are not
 * supported and are refused when the policy is loaded.
 */
public final class SafeRegex {

    /** Longest pattern accepted. */
    public static final int MAX_LENGTH = 1_000;

    private final String source;
    private final Pattern pattern;

    private SafeRegex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException with a readable message when it is too long or not valid RE2 syntax
     */
    public static SafeRegex compile(String regex) {
        return compile(regex, false);
    }

    /** Compiles a pattern, optionally case-insensitive. */
    public static SafeRegex compile(String regex, boolean ignoreCase) {
        if (regex == null) {
            throw new IllegalArgumentException("pattern is missing");
        }
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern is " + regex.length() + " characters long, over the limit of " + MAX_LENGTH);
        }
        try {
            return new SafeRegex(regex, Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription()
                    + " (patterns use RE2 syntax: no back-references or look-around)");
        }
    }

    /** Whether the whole input matches. */
    public boolean matches(CharSequence input) {
        return pattern.matcher(input).matches();
    }

    /** Whether some part of the input matches. */
    public boolean find(CharSequence input) {
        return pattern.matcher(input).find();
    }

    /** The pattern as written. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
