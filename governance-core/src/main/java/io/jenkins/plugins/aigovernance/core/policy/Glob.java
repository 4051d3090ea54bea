package io.jenkins.plugins.aigovernance.core.policy;

import java.util.Locale;

/**
 * A glob over repository paths or names, matched in linear time.
 *
 * <p>Path globs: {@code *} matches within one path segment, {@code **} (as a whole segment) matches
 * any number of segments including none, {@code ?} one character, {@code [abc]} / {@code [a-z]} a
 * class, {@code {a,b}} alternatives. A pattern without {@code /} matches the file name in any folder
 * (as in {@code .gitignore}): {@code Jenkinsfile} matches {@code ci/Jenkinsfile}. Path matching is
 * case-sensitive, as git is; paths are normalized before matching (see
 * {@link io.jenkins.plugins.aigovernance.core.change.RepositoryPath}).
 *
 * <p>Name globs ({@link #name(String)}, for resource types, addresses, kinds, namespaces, agent
 * ids): {@code *} matches any characters including {@code /} and {@code .}; matching ignores case.
 */
public final class Glob {

    private enum Fast { NONE, EXACT, SUFFIX, PREFIX_TREE, ANY }

    private final String source;
    private final Fast fast;
    private final String literal;
    private final boolean basenameOnly;
    private final boolean ignoreCase;
    private final SafeRegex regex;

    private Glob(String source, Fast fast, String literal, boolean basenameOnly, boolean ignoreCase, SafeRegex regex) {
        this.source = source;
        this.fast = fast;
        this.literal = literal;
        this.basenameOnly = basenameOnly;
        this.ignoreCase = ignoreCase;
        this.regex = regex;
    }

    /**
     * Compiles a path glob.
     *
     * @throws IllegalArgumentException when the glob is empty, unbalanced or contains {@code ..}
     */
    public static Glob path(String glob) {
        check(glob);
        String g = glob.startsWith("./") ? glob.substring(2) : glob;
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        for (String seg : g.split("/", -1)) {
            if (seg.equals("..")) {
                throw new IllegalArgumentException("glob '" + glob + "' contains '..'");
            }
        }
        boolean basenameOnly = g.indexOf('/') < 0 && !g.equals("**");
        if (g.equals("**")) {
            return new Glob(glob, Fast.ANY, null, false, false, null);
        }
        if (!hasMeta(g)) {
            return new Glob(glob, Fast.EXACT, g, basenameOnly, false, null);
        }
        // "**/*.md" or "*.md": any file whose name ends with ".md"
        String name = g.startsWith("**/") ? g.substring(3) : (basenameOnly ? g : null);
        if (name != null && name.startsWith("*") && !hasMeta(name.substring(1)) && name.indexOf('/') < 0) {
            return new Glob(glob, Fast.SUFFIX, name.substring(1), false, false, null);
        }
        // "docs/**": everything below docs/
        if (g.endsWith("/**") && !hasMeta(g.substring(0, g.length() - 3))) {
            return new Glob(glob, Fast.PREFIX_TREE, g.substring(0, g.length() - 2), false, false, null);
        }
        return new Glob(glob, Fast.NONE, null, basenameOnly, false, SafeRegex.compile(toRegex(g, true), false));
    }

    /** Compiles a name glob (case-insensitive; {@code *} crosses every separator). */
    public static Glob name(String glob) {
        check(glob);
        if (glob.equals("*")) {
            return new Glob(glob, Fast.ANY, null, false, true, null);
        }
        if (!hasMeta(glob)) {
            return new Glob(glob, Fast.EXACT, glob.toLowerCase(Locale.ROOT), false, true, null);
        }
        return new Glob(glob, Fast.NONE, null, false, true, SafeRegex.compile(toRegex(glob, false), true));
    }

    private static void check(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("empty pattern");
        }
        if (glob.length() > SafeRegex.MAX_LENGTH) {
            throw new IllegalArgumentException("pattern is " + glob.length() + " characters long, over the limit of " + SafeRegex.MAX_LENGTH);
        }
    }

    private static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '*', '?', '[', '{' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    static String toRegex(String g, boolean pathMode) {
        StringBuilder re = new StringBuilder(g.length() * 2);
        int braces = 0;
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            if (c == '*') {
                boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
                if (pathMode && dbl) {
                    boolean segStart = i == 0 || g.charAt(i - 1) == '/';
                    boolean segEnd = i + 2 == g.length() || g.charAt(i + 2) == '/';
                    if (segStart && segEnd) {
                        if (i + 2 == g.length()) {
                            re.append(".*");
                            i += 2;
                        } else {
                            re.append("(?:.*/)?");
                            i += 3;
                        }
                        continue;
                    }
                    throw new IllegalArgumentException("'**' must be a whole path segment in '" + g + "'");
                }
                re.append(pathMode ? "[^/]*" : ".*");
                i += dbl ? 2 : 1;
                continue;
            }
            switch (c) {
                case '?' -> re.append(pathMode ? "[^/]" : ".");
                case '[' -> {
                    int end = g.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '[' in '" + g + "'");
                    }
                    String body = g.substring(i + 1, end);
                    re.append('[');
                    if (body.startsWith("!")) {
                        re.append('^');
                        body = body.substring(1);
                    }
                    for (char b : body.toCharArray()) {
                        if (b == '\\' || b == '[' || b == ']' || b == '^') {
                            re.append('\\');
                        }
                        re.append(b);
                    }
                    re.append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("unbalanced '}' in '" + g + "'");
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> {
                    if ("\\.^$|()+[]{}".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                }
            }
            i++;
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unclosed '{' in '" + g + "'");
        }
        return re.toString();
    }

    /** Whether a normalized repository path (or a name, for name globs) matches. */
    public boolean matches(String input) {
        if (input == null) {
            return false;
        }
        String s = basenameOnly ? input.substring(input.lastIndexOf('/') + 1) : input;
        return switch (fast) {
            case ANY -> true;
            case EXACT -> ignoreCase ? s.toLowerCase(Locale.ROOT).equals(literal) : s.equals(literal);
            case SUFFIX -> s.endsWith(literal) && s.lastIndexOf('/') < s.length() - literal.length();
            case PREFIX_TREE -> s.startsWith(literal);
            case NONE -> regex.matches(s);
        };
    }

    /** The glob as written. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
