package io.jenkins.plugins.aigovernance.core.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trailers of a commit message, found the way {@code git interpret-trailers} finds them.
 *
 * <p>Rules: the trailers are the last paragraph of the message (paragraphs are separated by blank
 * lines; comment lines starting with {@code #} and trailing blank lines are ignored). The first
 * paragraph is the subject and never holds trailers. A line is a trailer when it reads
 * {@code Key: value} with a key of letters, digits and {@code -} (whitespace before the colon is
 * allowed); a line starting with whitespace continues the previous trailer's value. The paragraph
 * counts as a trailer block when all of its lines are trailers, or when at least a quarter of them
 * are and one is git-generated ({@code Signed-off-by:} or {@code (cherry picked from commit ...)});
 * other lines of such a block are ignored. Unlike {@code git interpret-trailers} on a patch, a
 * {@code ---} line is not treated as the start of a diff.
 *
 * @param all the trailers in message order
 */
public record Trailers(List<Trailer> all) {

    private static final Trailers NONE = new Trailers(List.of());

    public Trailers {
        all = all == null ? List.of() : List.copyOf(all);
    }

    /** No trailers. */
    public static Trailers none() {
        return NONE;
    }

    /** Parses the trailers of a commit message ({@code null} has none). */
    public static Trailers parse(String message) {
        if (message == null || message.isBlank()) {
            return NONE;
        }
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\r\n|\r|\n", -1)) {
            if (!line.startsWith("#")) {
                lines.add(line);
            }
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && !lines.get(start - 1).isBlank()) {
            start--;
        }
        int firstContent = 0;
        while (firstContent < end && lines.get(firstContent).isBlank()) {
            firstContent++;
        }
        if (start >= end || start <= firstContent) {
            return NONE; // no paragraph after the subject
        }
        List<Trailer> trailers = new ArrayList<>();
        int trailerLines = 0;
        int otherLines = 0;
        int pendingContinuations = 0;
        boolean gitGenerated = false;
        String key = null;
        StringBuilder value = null;
        for (int i = start; i < end; i++) {
            String line = lines.get(i);
            if (Character.isWhitespace(line.charAt(0))) {
                if (key != null) {
                    value.append(' ').append(line.strip());
                } else {
                    pendingContinuations++;
                }
                continue;
            }
            if (key != null) {
                trailers.add(new Trailer(key, value.toString()));
                key = null;
            }
            if (line.startsWith("(cherry picked from commit ")) {
                gitGenerated = true;
                trailerLines++;
                pendingContinuations = 0;
                continue;
            }
            int sep = separator(line);
            if (sep < 0) {
                otherLines += 1 + pendingContinuations;
                pendingContinuations = 0;
                continue;
            }
            trailerLines++;
            pendingContinuations = 0;
            key = line.substring(0, sep).strip();
            value = new StringBuilder(line.substring(sep + 1).strip());
            if (key.equalsIgnoreCase("Signed-off-by")) {
                gitGenerated = true;
            }
        }
        if (key != null) {
            trailers.add(new Trailer(key, value.toString()));
        }
        otherLines += pendingContinuations;
        boolean block = trailerLines > 0 && (otherLines == 0 || (gitGenerated && trailerLines * 3 >= otherLines));
        return block ? new Trailers(trailers) : NONE;
    }

    /** Line breaks for {@link #everywhere}: git's {@code \n} and every other Unicode line or paragraph break. */
    private static final com.google.re2j.Pattern ANY_LINE_BREAK = com.google.re2j.Pattern.compile("\\r\\n|[\\n\\r\\x{0B}\\x{0C}\\x{85}\\x{2028}\\x{2029}]");
    /** Longest key {@link #everywhere} reads. */
    private static final int MAX_KEY = 64;

    /**
     * Every trailer-shaped line of a message, wherever it stands: the reading the provenance detector
     * uses for AI evidence, so that no layout hides a trailer. Unlike {@link #parse} (git's trailer
     * block: the last paragraph only), every paragraph counts, including a trailer paragraph followed by
     * an {@code [AI-GOVERNANCE]} block, a {@code Signed-off-by} or {@code Reviewed-by} paragraph, or
     * prose.
     *
     * <p>Rules: lines are split at {@code \n}, {@code \r\n}, {@code \r} and every other Unicode
     * line or paragraph break; each line is NFKC-normalised (a full-width colon is a colon) and
     * stripped of leading whitespace. A line is a trailer when text of at most {@value #MAX_KEY}
     * characters without whitespace inside precedes its first {@code :} (whitespace before the colon
     * allowed), whatever characters the key has: callers compare keys {@link
     * io.jenkins.plugins.aigovernance.core.identity.Identity#fold folded}, so {@code Co‐Authored‐By}
     * with look-alike hyphens or a zero-width space is {@code Co-authored-by}. An indented line that is
     * not trailer-shaped continues the previous trailer of its paragraph; an indented line that is
     * trailer-shaped is a trailer of its own (a continuation cannot swallow a trailer). Comment lines
     * are not skipped: a stored commit message has none.
     *
     * @param message the commit message; {@code null} has none
     * @return the trailers in message order (a superset of {@link #parse}'s, for any message)
     */
    public static Trailers everywhere(String message) {
        if (message == null || message.isBlank()) {
            return NONE;
        }
        List<Trailer> out = new ArrayList<>();
        String key = null;
        StringBuilder value = null;
        for (String raw : ANY_LINE_BREAK.split(message, -1)) {
            String line = Nfkc.of(raw);
            boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                if (key != null) {
                    out.add(new Trailer(key, value.toString()));
                    key = null;
                }
                continue;
            }
            int colon = stripped.indexOf(':');
            String k = colon > 0 ? stripped.substring(0, colon).strip() : "";
            boolean shaped = !k.isEmpty() && k.length() <= MAX_KEY && k.codePoints().noneMatch(Character::isWhitespace);
            if (!shaped) {
                if (indented && key != null) {
                    value.append(' ').append(stripped);
                } else if (key != null) {
                    out.add(new Trailer(key, value.toString()));
                    key = null;
                }
                continue;
            }
            if (key != null) {
                out.add(new Trailer(key, value.toString()));
            }
            key = k;
            value = new StringBuilder(stripped.substring(colon + 1).strip());
        }
        if (key != null) {
            out.add(new Trailer(key, value.toString()));
        }
        return new Trailers(out);
    }

    /** Index of the {@code :} after a valid key, or -1 when the line is not a trailer. */
    private static int separator(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) && line.charAt(i) < 128 || line.charAt(i) == '-')) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i < line.length() && line.charAt(i) == ':' ? i : -1;
    }

    /** The trailers with this key (case-insensitive), in message order. */
    public List<Trailer> get(String key) {
        List<Trailer> out = new ArrayList<>();
        for (Trailer t : all) {
            if (t.is(key)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The value of the first trailer with this key (case-insensitive). */
    public Optional<String> first(String key) {
        for (Trailer t : all) {
            if (t.is(key)) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }
}
