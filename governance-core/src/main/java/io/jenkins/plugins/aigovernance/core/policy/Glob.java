package io.jenkins.plugins.aigovernance.core.policy;

import java.util.Locale;

/**
 * A glob over repository paths or names, matched in linear time.
 *
 * <p>Path globs: {@code *} matches within one path segment, {@code **} (as a whole segment) matches
 * any number of segments including none, {@code ?} one character, {@code [abc]} / {@code [a-z]} a
 * class, {@code {a,b}} alternatives. A pattern without {@code /} matches the file name in any folder
 * (as in {@code .gitignore}): {@code Jenkinsfile} matches {@code ci/Jenkinsfile}. A backslash makes
 * the next character literal: {@code claude\[bot\]} matches {@code claude[bot]}. Path matching is
 * case-sensitive, as git is; paths are normalized before matching (see
 * {@link io.jenkins.plugins.aigovernance.core.change.RepositoryPath}).
 *
 * <p>Name globs ({@link #name(String)}, for resource types, addresses, kinds, namespaces, agent
 * ids): {@code *} matches any characters including {@code /} and {@code .}; matching ignores case.
 */
public final class Glob {

    /** An unescaped class of three or more letters, e.g. {@code [bot]} (our own fixed pattern, linear). */
    private static final java.util.regex.Pattern WORD_CLASS = java.util.regex.Pattern.compile("(?<!\\\\)\\[([A-Za-z]{3,})\\]");

    private enum Fast { NONE, EXACT, SUFFIX, PREFIX_TREE, ANY, SEGMENTS_ANYWHERE, ANY_DEPTH_EXACT, NAME_PREFIX_SUFFIX }

    private final String source;
    private final Fast fast;
    private final String literal;
    private final String literal2;
    private final boolean basenameOnly;
    private final boolean ignoreCase;
    private final SafeRegex regex;
    private final String[] required;

    private Glob(String source, Fast fast, String literal, boolean basenameOnly, boolean ignoreCase, SafeRegex regex) {
        this(source, fast, literal, null, basenameOnly, ignoreCase, regex);
    }

    private Glob(String source, Fast fast, String literal, String literal2, boolean basenameOnly, boolean ignoreCase, SafeRegex regex) {
        this.source = source;
        this.fast = fast;
        this.literal = literal;
        this.literal2 = literal2;
        this.basenameOnly = basenameOnly;
        this.ignoreCase = ignoreCase;
        this.regex = regex;
        this.required = regex == null ? new String[0] : requiredLiterals(source.startsWith("./") ? source.substring(2) : source, ignoreCase);
    }

    /**
     * Literal runs (two characters or more, outside {@code {}} and {@code []}) that every match must
     * contain: checked with {@code contains} before the regular expression runs, so most inputs never
     * reach it.
     */
    private static String[] requiredLiterals(String g, boolean ignoreCase) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '\\' && i + 1 < g.length()) {
                // an escaped character is a literal (outside a class or alternatives), never a bracket or brace
                i++;
                if (depth > 0) {
                    continue;
                }
                c = g.charAt(i);
                if (c != '/') {
                    run.append(c);
                    continue;
                }
            }
            boolean boundary = switch (c) {
                case '*', '?', '/', '\\' -> true;
                case '{', '[' -> {
                    depth++;
                    yield true;
                }
                case '}', ']' -> {
                    depth--;
                    yield true;
                }
                default -> depth > 0;
            };
            if (boundary) {
                if (run.length() >= 2) {
                    out.add(ignoreCase ? run.toString().toLowerCase(Locale.ROOT) : run.toString());
                }
                run.setLength(0);
            } else {
                run.append(c);
            }
        }
        if (run.length() >= 2) {
            out.add(ignoreCase ? run.toString().toLowerCase(Locale.ROOT) : run.toString());
        }
        return out.toArray(new String[0]);
    }

    /**
     * Compiles a path glob.
     *
     * @throws IllegalArgumentException when the glob is empty, unbalanced or contains {@code ..}, or is spelled
     *                                  so that it could never match a normalized path ({@link #refuseUnmatchableSpelling})
     */
    public static Glob path(String glob) {
        check(glob);
        refuseUnmatchableSpelling(glob);
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
        // "**/migrations/**": a folder of that name (or path) at any depth
        if (g.startsWith("**/") && g.endsWith("/**") && g.length() > 6 && !hasMeta(g.substring(3, g.length() - 3))) {
            String segs = g.substring(3, g.length() - 2);
            return new Glob(glob, Fast.SEGMENTS_ANYWHERE, segs, "/" + segs, false, false, null);
        }
        // "**/schema.sql": that path at any depth
        if (g.startsWith("**/") && !hasMeta(g.substring(3))) {
            return new Glob(glob, Fast.ANY_DEPTH_EXACT, g.substring(3), false, false, null);
        }
        // "Jenkinsfile.*", "requirements*.txt": one star inside a file name
        if (basenameOnly && g.indexOf('*') == g.lastIndexOf('*') && !hasMeta(g.replace("*", ""))) {
            int star = g.indexOf('*');
            return new Glob(glob, Fast.NAME_PREFIX_SUFFIX, g.substring(0, star), g.substring(star + 1), true, false, null);
        }
        return new Glob(glob, Fast.NONE, null, basenameOnly, false, SafeRegex.compile(toRegex(g, true), false));
    }

    /**
     * Refuses path-glob spellings that can never match a normalized repository path
     * ({@link io.jenkins.plugins.aigovernance.core.change.RepositoryPath}: {@code /} separators, no empty
     * segments, no trailing {@code /}) and so would silently govern nothing: an empty segment
     * ({@code a//b}), a trailing {@code /} ({@code docs/}), and a backslash that is not escaping one of
     * {@code * ? [ ] { } ,} (a Windows separator such as {@code infra\iam}: normalized paths never
     * hold a backslash). The message names the spelling to use instead. Refused rather than rewritten,
     * so that the policy file says what it means.
     */
    private static void refuseUnmatchableSpelling(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '\\') {
                char next = i + 1 < glob.length() ? glob.charAt(i + 1) : 0;
                if ("*?[]{},".indexOf(next) < 0 || next == 0) {
                    throw new IllegalArgumentException("'" + glob + "' has a backslash; path globs separate folders with '/' (write '"
                            + glob.replace('\\', '/') + "'); a backslash may only escape one of * ? [ ] { } , for a literal character");
                }
                i++;
            }
        }
        String g = glob.startsWith("./") ? glob.substring(2) : glob;
        if (g.contains("//")) {
            throw new IllegalArgumentException("'" + glob + "' has an empty path segment ('//'), which no path has: write '"
                    + g.replaceAll("/{2,}", "/") + "'");
        }
        if (g.length() > 1 && g.endsWith("/")) {
            throw new IllegalArgumentException("'" + glob + "' ends with '/', which no file path does: write '" + g + "**' for everything"
                    + " below the folder");
        }
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
        // "aws_iam_*", "*-prod", "google_*_iam": one star, no other pattern characters
        if (glob.indexOf('*') == glob.lastIndexOf('*') && !hasMeta(glob.replace("*", ""))) {
            String g = glob.toLowerCase(Locale.ROOT);
            int star = g.indexOf('*');
            return new Glob(glob, Fast.NAME_PREFIX_SUFFIX, g.substring(0, star), g.substring(star + 1), false, true, null);
        }
        return new Glob(glob, Fast.NONE, null, false, true, SafeRegex.compile(toRegex(glob, false), true));
    }

    /**
     * Compiles a name glob over resource types or Kubernetes kinds ({@code resourceTypes}, {@code kinds},
     * {@code statefulTypes}, {@code networkTypes}). Types are ASCII (Terraform provider schema names,
     * Kubernetes kinds), and the readers refuse any other spelling, so a pattern with a space or a
     * character outside printable ASCII (a look-alike letter) could never match: it is refused.
     */
    public static Glob type(String glob) {
        Glob g = name(glob);
        for (int i = 0; i < glob.length(); ) {
            int cp = glob.codePointAt(i);
            if (cp < 0x21 || cp > 0x7e) {
                throw new IllegalArgumentException("type pattern '" + glob + "' has " + (cp == ' ' ? "a space" : String.format("the character"
                        + " U+%04X", cp)) + " at position " + (i + 1) + "; resource types and kinds are ASCII letters, digits, '_' and '-'");
            }
            i += Character.charCount(cp);
        }
        return g;
    }

    /**
     * Compiles a name glob that names people or accounts (AI identities, exclusions, break-glass users,
     * human identities). Account names such as {@code claude[bot]} contain brackets, where an
     * unescaped {@code [bot]} would be a class matching one letter — an exclusion that silently
     * misses the account. A class of three or more plain letters is therefore refused with the
     * escaped spelling to use.
     */
    public static Glob identity(String glob) {
        Glob g = name(glob);
        var m = WORD_CLASS.matcher(glob);
        if (m.find()) {
            throw new IllegalArgumentException("'[" + m.group(1) + "]' in '" + glob + "' is a character class matching one letter;"
                    + " for the literal text write '\\[" + m.group(1) + "\\]' (single-quoted in YAML)");
        }
        return g;
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
                case '*', '?', '[', '{', '\\' -> {
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
                case '\\' -> {
                    if (i + 1 == g.length()) {
                        throw new IllegalArgumentException("'\\' at the end of '" + g + "' escapes nothing");
                    }
                    i++;
                    char q = g.charAt(i);
                    if ("\\.^$|()+*?[]{}".indexOf(q) >= 0) {
                        re.append('\\');
                    }
                    re.append(q);
                }
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
        int start = basenameOnly ? input.lastIndexOf('/') + 1 : 0;
        int len = input.length() - start;
        return switch (fast) {
            case ANY -> true;
            case EXACT -> ignoreCase ? input.equalsIgnoreCase(literal)
                    : len == literal.length() && input.startsWith(literal, start);
            case SUFFIX -> input.endsWith(literal);
            case PREFIX_TREE -> input.startsWith(literal);
            case SEGMENTS_ANYWHERE -> input.startsWith(literal) || input.contains(literal2);
            case ANY_DEPTH_EXACT -> input.equals(literal)
                    || (input.length() > literal.length() && input.endsWith(literal) && input.charAt(input.length() - literal.length() - 1) == '/');
            case NAME_PREFIX_SUFFIX -> len >= literal.length() + literal2.length()
                    && (ignoreCase ? regionMatchesIgnoreCase(input, start) : input.startsWith(literal, start) && input.endsWith(literal2));
            case NONE -> prefilter(input, start) && regex.matches(start == 0 ? input : input.substring(start));
        };
    }

    private boolean regionMatchesIgnoreCase(String input, int start) {
        return input.regionMatches(true, start, literal, 0, literal.length())
                && input.regionMatches(true, input.length() - literal2.length(), literal2, 0, literal2.length());
    }

    private boolean prefilter(String input, int start) {
        if (required.length == 0) {
            return true;
        }
        String s = ignoreCase ? input.toLowerCase(Locale.ROOT) : input;
        for (String lit : required) {
            if (s.indexOf(lit, start) < 0) {
                return false;
            }
        }
        return true;
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
