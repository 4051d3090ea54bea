package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The governance summary of a deployed change, as the {@code [AI-GOVERNANCE]} block of a git note:
 *
 * <pre>
 * [AI-GOVERNANCE]
 * change_source: ai-agent
 * risk_tier: HIGH
 * blast_radius: 42
 * approved_by: alice, bob
 * approved_at: 2026-03-01T10:00:00Z
 * rollback_commit: 4f1c...
 * scope_policy_version: payments@7 (sha256:...)
 * opa_evaluation: allow
 * [/AI-GOVERNANCE]
 * </pre>
 *
 * One {@code key: value} per line; absent fields are left out. Lines of the block this class does
 * not know are kept in {@code extra} and written back, so a merge never drops them.
 * (To be unified with {@code provenance.GovernanceBlock}, which reads the same block from commit messages.)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GovernanceSummary(String changeSource, String riskTier, String blastRadius, String approvedBy, String approvedAt,
        String rollbackCommit, String scopePolicyVersion, String opaEvaluation, Map<String, String> extra) {

    public static final String BEGIN = "[AI-GOVERNANCE]";
    public static final String END = "[/AI-GOVERNANCE]";

    private static final String[] KEYS = {"change_source", "risk_tier", "blast_radius", "approved_by", "approved_at", "rollback_commit",
        "scope_policy_version", "opa_evaluation"};

    public GovernanceSummary {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    private String[] values() {
        return new String[] {changeSource, riskTier, blastRadius, approvedBy, approvedAt, rollbackCommit, scopePolicyVersion, opaEvaluation};
    }

    private static GovernanceSummary of(String[] v, Map<String, String> extra) {
        return new GovernanceSummary(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], extra);
    }

    /** The block text, markers included, ending with a newline. */
    public String format() {
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        String[] v = values();
        for (int i = 0; i < KEYS.length; i++) {
            if (v[i] != null) {
                sb.append(KEYS[i]).append(": ").append(oneLine(v[i])).append('\n');
            }
        }
        extra.forEach((k, val) -> sb.append(k).append(": ").append(oneLine(val)).append('\n'));
        return sb.append(END).append('\n').toString();
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').trim();
    }

    /** The first block in {@code text}, if there is a complete one. */
    public static Optional<GovernanceSummary> parse(String text) {
        int[] span = span(text);
        if (span == null) {
            return Optional.empty();
        }
        String body = text.substring(span[0] + BEGIN.length(), span[1] - END.length());
        String[] v = new String[KEYS.length];
        Map<String, String> extra = new LinkedHashMap<>();
        for (String line : body.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT).replace('-', '_');
            String value = line.substring(colon + 1).trim();
            int k = java.util.Arrays.asList(KEYS).indexOf(key);
            if (k >= 0) {
                v[k] = value;
            } else {
                extra.put(line.substring(0, colon).trim(), value);
            }
        }
        return Optional.of(of(v, extra));
    }

    /** This summary laid over {@code older}: fields set here win, fields left out here keep their old value. */
    public GovernanceSummary over(GovernanceSummary older) {
        String[] mine = values();
        String[] old = older.values();
        for (int i = 0; i < mine.length; i++) {
            mine[i] = mine[i] != null ? mine[i] : old[i];
        }
        Map<String, String> extra = new LinkedHashMap<>(older.extra);
        extra.putAll(this.extra);
        return of(mine, extra);
    }

    /**
     * Merges this summary into an existing note: the note's first block is replaced in place by this
     * summary laid over it; without a block, the block is appended after a blank line. Text outside the
     * block is kept as it is.
     */
    public String mergeInto(String note) {
        if (note == null || note.isBlank()) {
            return format();
        }
        int[] span = span(note);
        if (span == null) {
            return note.stripTrailing() + "\n\n" + format();
        }
        GovernanceSummary merged = over(parse(note).orElseThrow());
        String after = note.substring(span[1]);
        if (after.startsWith("\r\n")) {
            after = after.substring(2);
        } else if (after.startsWith("\n")) {
            after = after.substring(1);
        }
        return note.substring(0, span[0]) + merged.format() + after;
    }

    private static int[] span(String text) {
        int b = text.indexOf(BEGIN);
        if (b < 0) {
            return null;
        }
        int e = text.indexOf(END, b + BEGIN.length());
        return e < 0 ? null : new int[] {b, e + END.length()};
    }
}
