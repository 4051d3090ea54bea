package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [AI-GOVERNANCE]} ... {@code [/AI-GOVERNANCE]} block of a commit message or git note.
 * Fields are kept as written (surrounding whitespace removed, blank means absent); {@code null}
 * when absent. A value is one line; {@code changeSource}, when present, is a {@link ChangeSource}
 * name ({@code human}, {@code unknown}, {@code ai-assisted}, {@code ai-agent}) or an AI agent id
 * ({@code kiro-ai-agent-v2.1}, the form of the governance standard the seed follows: letters,
 * digits, {@code .}, {@code _} and {@code -}, at most 100), which means an AI agent with that id.
 *
 * <p>Every field is a claim of whoever wrote the block. The provenance detector reads
 * {@code change_source} as evidence that can only add AI involvement ({@code human} never hides
 * other evidence); {@code risk_tier}, {@code blast_radius}, {@code approved_by}, {@code approved_at},
 * {@code rollback_commit}, {@code scope_policy_version} and {@code opa_evaluation} are kept with the
 * commit's provenance and never replace what the engine computes (no tier, approval or OPA
 * result is taken from a block).
 *
 * <p>Text form, as {@link #format()} writes it and {@link #parse(String)} reads it:
 * <pre>
 * [AI-GOVERNANCE]
 * change_source: ai-agent
 * risk_tier: HIGH
 * blast_radius: 42
 * approved_by: alice
 * approved_at: 2025-01-31T10:15:30Z
 * rollback_commit: 3f2a1c0...
 * scope_policy_version: builtin@1
 * opa_evaluation: allow
 * [/AI-GOVERNANCE]
 * </pre>
 *
 * <p>The provenance detector reads it from commit messages and from notes under
 * {@code refs/notes/ai-governance}; the audit trail's {@code GitNotesAuditStore} writes those
 * notes with {@link #mergeInto(String)}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GovernanceBlock(
        String changeSource,
        String riskTier,
        String blastRadius,
        String approvedBy,
        String approvedAt,
        String rollbackCommit,
        String scopePolicyVersion,
        String opaEvaluation) {

    /** The line that opens a block. */
    public static final String START = "[AI-GOVERNANCE]";
    /** The line that closes a block. */
    public static final String END = "[/AI-GOVERNANCE]";
    /** The keys of a block, in the order {@link #format()} writes them. */
    public static final List<String> KEYS = List.of("change_source", "risk_tier", "blast_radius", "approved_by",
            "approved_at", "rollback_commit", "scope_policy_version", "opa_evaluation");

    public GovernanceBlock {
        changeSource = clean("change_source", changeSource);
        riskTier = clean("risk_tier", riskTier);
        blastRadius = clean("blast_radius", blastRadius);
        approvedBy = clean("approved_by", approvedBy);
        approvedAt = clean("approved_at", approvedAt);
        rollbackCommit = clean("rollback_commit", rollbackCommit);
        scopePolicyVersion = clean("scope_policy_version", scopePolicyVersion);
        opaEvaluation = clean("opa_evaluation", opaEvaluation);
        if (changeSource != null && ChangeSource.parse(changeSource) == null && !AGENT_ID.matcher(changeSource).matches()) {
            throw new IllegalArgumentException("invalid change_source '" + changeSource + "' (expected " + expectedSources() + ")");
        }
    }

    /** An agent id in {@code change_source}: what the seed's governance standard writes ({@code kiro-ai-agent-v2.1}). */
    private static final com.google.re2j.Pattern AGENT_ID = com.google.re2j.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static String clean(String key, String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + " must be a single line");
        }
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    private static String expectedSources() {
        StringBuilder sb = new StringBuilder();
        for (ChangeSource s : ChangeSource.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.json());
        }
        return sb.append(" or an AI agent id such as kiro-ai-agent-v2.1").toString();
    }

    /** A block with no fields. */
    public static GovernanceBlock empty() {
        return new GovernanceBlock(null, null, null, null, null, null, null, null);
    }

    /** A block stating only the change source. */
    public static GovernanceBlock of(ChangeSource source) {
        return empty().withChangeSource(source);
    }

    /**
     * The change source this block claims, or {@code null} when it names none: an agent id in
     * {@code change_source} claims {@link ChangeSource#AI_AGENT}.
     */
    public ChangeSource source() {
        if (changeSource == null) {
            return null;
        }
        ChangeSource s = ChangeSource.parse(changeSource);
        return s != null ? s : ChangeSource.AI_AGENT;
    }

    /** The AI agent id {@code change_source} names ({@code kiro-ai-agent-v2.1}), or {@code null} when it names a source or nothing. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String agentId() {
        return changeSource == null || ChangeSource.parse(changeSource) != null ? null : changeSource;
    }

    public GovernanceBlock withChangeSource(ChangeSource source) {
        return new GovernanceBlock(source == null ? null : source.json(), riskTier, blastRadius, approvedBy, approvedAt,
                rollbackCommit, scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withRiskTier(String tier) {
        return new GovernanceBlock(changeSource, tier, blastRadius, approvedBy, approvedAt, rollbackCommit, scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withBlastRadius(int radius) {
        return new GovernanceBlock(changeSource, riskTier, Integer.toString(radius), approvedBy, approvedAt, rollbackCommit,
                scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withApprovedBy(String approvers) {
        return new GovernanceBlock(changeSource, riskTier, blastRadius, approvers, approvedAt, rollbackCommit, scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withApprovedAt(Instant at) {
        return new GovernanceBlock(changeSource, riskTier, blastRadius, approvedBy, at == null ? null : at.toString(), rollbackCommit,
                scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withRollbackCommit(String commit) {
        return new GovernanceBlock(changeSource, riskTier, blastRadius, approvedBy, approvedAt, commit, scopePolicyVersion, opaEvaluation);
    }

    public GovernanceBlock withScopePolicyVersion(String version) {
        return new GovernanceBlock(changeSource, riskTier, blastRadius, approvedBy, approvedAt, rollbackCommit, version, opaEvaluation);
    }

    public GovernanceBlock withOpaEvaluation(String evaluation) {
        return new GovernanceBlock(changeSource, riskTier, blastRadius, approvedBy, approvedAt, rollbackCommit, scopePolicyVersion, evaluation);
    }

    /** The fields present, by key, in {@link #KEYS} order. */
    public Map<String, String> fields() {
        String[] values = {changeSource, riskTier, blastRadius, approvedBy, approvedAt, rollbackCommit, scopePolicyVersion, opaEvaluation};
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.put(KEYS.get(i), values[i]);
            }
        }
        return out;
    }

    private static GovernanceBlock fromFields(Map<String, String> f) {
        return new GovernanceBlock(f.get("change_source"), f.get("risk_tier"), f.get("blast_radius"), f.get("approved_by"),
                f.get("approved_at"), f.get("rollback_commit"), f.get("scope_policy_version"), f.get("opa_evaluation"));
    }

    /**
     * The block as text: the start line, one {@code key: value} line per present field in
     * {@link #KEYS} order, the end line; lines end with {@code \n}, the last one too.
     */
    public String format() {
        StringBuilder sb = new StringBuilder(START).append('\n');
        fields().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.append(END).append('\n').toString();
    }

    /** This block laid over {@code older}: fields present here win, fields absent here keep their old value. */
    public GovernanceBlock over(GovernanceBlock older) {
        Map<String, String> merged = new LinkedHashMap<>(older.fields());
        merged.putAll(fields());
        return fromFields(merged);
    }

    /**
     * Two writers' blocks for one commit combined field by field, never losing a field or a value
     * (the merge {@code aigov notes merge} and {@code GitNotesAuditStore.merge} use). A field only
     * one block has is kept; equal values are kept once; for different values:
     * <ul>
     *   <li>{@code change_source}: the one with more AI involvement ({@link ChangeSource#max});</li>
     *   <li>{@code risk_tier}: the higher tier; {@code blast_radius}: the larger number;
     *       {@code approved_at}: the later instant (values that do not parse are listed instead);</li>
     *   <li>{@code approved_by}: every name of both lists, once each, this block's first;</li>
     *   <li>every other field ({@code rollback_commit}, {@code scope_policy_version},
     *       {@code opa_evaluation}): both values, this block's first, joined by {@code ", "}.</li>
     * </ul>
     * The result is the same whichever block is {@code this}, up to the order of listed values.
     */
    public GovernanceBlock combine(GovernanceBlock other) {
        Map<String, String> mine = fields();
        Map<String, String> theirs = other.fields();
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            String a = mine.get(key);
            String b = theirs.get(key);
            if (a == null || b == null || a.equals(b)) {
                if (a != null || b != null) {
                    out.put(key, a != null ? a : b);
                }
                continue;
            }
            out.put(key, switch (key) {
                case "change_source" -> ChangeSource.parse(a).max(ChangeSource.parse(b)).json();
                case "risk_tier" -> higher(a, b, TIER_ORDER);
                case "blast_radius" -> larger(a, b);
                case "approved_at" -> later(a, b);
                default -> list(a, b);
            });
        }
        return fromFields(out);
    }

    private static final List<String> TIER_ORDER = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    private static String higher(String a, String b, List<String> order) {
        int ia = order.indexOf(a.toUpperCase(Locale.ROOT));
        int ib = order.indexOf(b.toUpperCase(Locale.ROOT));
        return ia < 0 || ib < 0 ? list(a, b) : ia >= ib ? a : b;
    }

    private static String larger(String a, String b) {
        try {
            return Long.parseLong(a) >= Long.parseLong(b) ? a : b;
        } catch (NumberFormatException e) {
            return list(a, b);
        }
    }

    private static String later(String a, String b) {
        try {
            return Instant.parse(a).compareTo(Instant.parse(b)) >= 0 ? a : b;
        } catch (java.time.format.DateTimeParseException e) {
            return list(a, b);
        }
    }

    /** The comma-separated items of both values, each once, {@code a}'s first. */
    private static String list(String a, String b) {
        java.util.LinkedHashSet<String> items = new java.util.LinkedHashSet<>();
        for (String v : new String[] {a, b}) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return String.join(", ", items);
    }

    /**
     * Finds and reads the block in a commit message or note.
     *
     * <p>Tags are matched on their own line (surrounding whitespace and case ignored). Inside the
     * block, blank lines and lines starting with {@code #} are skipped; every other line must be
     * {@code key: value} with a known key (case-insensitive, {@code -} read as {@code _}), each key
     * at most once, with a non-empty value.
     *
     * @return the block, or empty when the text has none
     * @throws MalformedGovernanceBlockException when the text has a block that cannot be read: no
     *         end tag, an end tag without a start, more than one block, a line that is not
     *         {@code key: value}, an unknown or duplicate key, an empty value, or a
     *         {@code change_source} that is not a {@link ChangeSource}
     */
    public static Optional<GovernanceBlock> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        List<Line> lines = lines(text);
        Line start = null;
        Line end = null;
        for (Line line : lines) {
            if (line.isStart()) {
                if (start != null) {
                    throw new MalformedGovernanceBlockException("more than one " + START + " (lines " + start.number() + " and "
                            + line.number() + ")");
                }
                start = line;
            } else if (line.isEnd()) {
                if (start == null || end != null) {
                    throw new MalformedGovernanceBlockException(END + " on line " + line.number() + " without a matching " + START);
                }
                end = line;
            }
        }
        if (start == null) {
            return Optional.empty();
        }
        if (end == null) {
            throw new MalformedGovernanceBlockException("unterminated block: no " + END + " after line " + start.number());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Line line : lines.subList(start.number(), end.number() - 1)) {
            String l = line.stripped();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new MalformedGovernanceBlockException("line " + line.number() + " is not 'key: value'");
            }
            String key = l.substring(0, colon).strip().toLowerCase(Locale.ROOT).replace('-', '_');
            String value = l.substring(colon + 1).strip();
            if (!KEYS.contains(key)) {
                throw new MalformedGovernanceBlockException("unknown key '" + l.substring(0, colon).strip() + "' on line " + line.number()
                        + " (expected one of " + String.join(", ", KEYS) + ")");
            }
            if (fields.containsKey(key)) {
                throw new MalformedGovernanceBlockException("duplicate key '" + key + "' on line " + line.number());
            }
            if (value.isEmpty()) {
                throw new MalformedGovernanceBlockException("empty value for '" + key + "' on line " + line.number());
            }
            if (key.equals("change_source") && ChangeSource.parse(value) == null && !AGENT_ID.matcher(value).matches()) {
                throw new MalformedGovernanceBlockException("invalid change_source '" + value + "' on line " + line.number()
                        + " (expected " + expectedSources() + ")");
            }
            fields.put(key, value);
        }
        return Optional.of(fromFields(fields));
    }

    /**
     * Writes this block into a commit message or note text: replaces the text's block when it has
     * one (even a malformed one, from its start tag to its end tag), otherwise appends this block
     * after a blank line. Text before the start tag and after the end tag is kept byte for byte.
     *
     * @throws MalformedGovernanceBlockException when the text has more than one block or an
     *         unterminated one, whose extent is unclear
     * @see #mergeInto(String) to keep the fields of the block already there
     */
    public String writeInto(String text) {
        if (text == null || text.isBlank()) {
            return format();
        }
        List<Line> starts = new ArrayList<>();
        List<Line> ends = new ArrayList<>();
        for (Line line : lines(text)) {
            if (line.isStart()) {
                starts.add(line);
            } else if (line.isEnd()) {
                ends.add(line);
            }
        }
        if (starts.isEmpty() && ends.isEmpty()) {
            return text.stripTrailing() + "\n\n" + format();
        }
        if (starts.size() != 1 || ends.size() != 1 || ends.get(0).number() < starts.get(0).number()) {
            throw new MalformedGovernanceBlockException("cannot replace the block: the text has " + starts.size() + " start and "
                    + ends.size() + " end tags");
        }
        return text.substring(0, starts.get(0).from()) + format() + text.substring(ends.get(0).next());
    }

    /**
     * Merges this block into a commit message or note text: this block laid {@link #over} the
     * text's block replaces it in place, or is appended after a blank line when the text has none.
     * Text outside the block is kept byte for byte.
     *
     * <p>Fails closed and never drops content: a text whose block cannot be read (an unknown key,
     * a line that is not {@code key: value}, an unterminated block, ...) is refused rather than
     * overwritten.
     *
     * @throws MalformedGovernanceBlockException when the text's block cannot be read
     */
    public String mergeInto(String text) {
        return over(parse(text).orElseGet(GovernanceBlock::empty)).writeInto(text);
    }

    /**
     * Two versions of one note (or message) combined without losing anything: the blocks are
     * {@link #combine combined} and written into {@code ours} in place of its block (or appended);
     * text of {@code theirs} outside its block that {@code ours} does not already contain is
     * appended after a blank line.
     *
     * @throws MalformedGovernanceBlockException when either block cannot be read (nothing is combined)
     */
    public static String combineTexts(String ours, String theirs) {
        if (ours == null || ours.isBlank()) {
            return theirs == null ? ours : theirs;
        }
        if (theirs == null || theirs.isBlank() || theirs.equals(ours)) {
            return ours;
        }
        Optional<GovernanceBlock> a = parse(ours);
        Optional<GovernanceBlock> b = parse(theirs);
        String merged = ours;
        if (a.isPresent() || b.isPresent()) {
            GovernanceBlock combined = a.orElseGet(GovernanceBlock::empty).combine(b.orElseGet(GovernanceBlock::empty));
            merged = combined.writeInto(ours);
        }
        String extra = outside(theirs).strip();
        if (!extra.isEmpty() && !outside(ours).contains(extra)) {
            merged = merged.stripTrailing() + "\n\n" + extra + "\n";
        }
        return merged;
    }

    /** The text without its block (start to end tag); the text itself when it has none. */
    static String outside(String text) {
        Line start = null;
        for (Line line : lines(text)) {
            if (line.isStart() && start == null) {
                start = line;
            } else if (line.isEnd() && start != null) {
                return text.substring(0, start.from()) + text.substring(line.next());
            }
        }
        return text;
    }

    /** One line of a text: its 1-based number, content, offset and the offset after its line break. */
    private record Line(int number, String text, int from, int next) {
        String stripped() {
            return text.strip();
        }

        boolean isStart() {
            return stripped().equalsIgnoreCase(START);
        }

        boolean isEnd() {
            return stripped().equalsIgnoreCase(END);
        }
    }

    /** The lines of {@code text}, split at {@code \r\n}, {@code \r} or {@code \n}. */
    private static List<Line> lines(String text) {
        List<Line> lines = new ArrayList<>();
        int from = 0;
        while (true) {
            int br = from;
            while (br < text.length() && text.charAt(br) != '\n' && text.charAt(br) != '\r') {
                br++;
            }
            if (br == text.length()) {
                lines.add(new Line(lines.size() + 1, text.substring(from), from, br));
                return lines;
            }
            int next = text.startsWith("\r\n", br) ? br + 2 : br + 1;
            lines.add(new Line(lines.size() + 1, text.substring(from, br), from, next));
            from = next;
        }
    }
}
