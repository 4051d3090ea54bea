package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditQuery} as SQL over {@code audit_records}, with every value bound as a parameter. The
 * matching rules are the file index's: fingerprint by prefix, commit exactly or by a prefix of 4+
 * characters, approver as the actor of an {@code approval-given}, touches by overlap, source with a
 * missing one counted as {@code unknown}.
 */
final class PostgresFilter {

    private interface Param {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private record Condition(String sql, List<Param> params) {
    }

    private final AuditQuery q;
    private final List<Param> params = new ArrayList<>();

    private PostgresFilter(AuditQuery q) {
        this.q = q;
    }

    static PostgresFilter ofEvents(AuditQuery q) {
        return new PostgresFilter(q);
    }

    static PostgresFilter ofChanges(AuditQuery q) {
        return new PostgresFilter(q);
    }

    /** The WHERE clause for {@code events}: every filter on the event itself. */
    String where() {
        List<Condition> all = new ArrayList<>(scope());
        all.addAll(eventFilters(true));
        return join(all);
    }

    /**
     * The fingerprints of the changes with an event in the time range for each per-event filter (each may
     * be met by another event): one indexed sub-select per filter, intersected.
     */
    String changeSelection() {
        List<Condition> scope = new ArrayList<>(scope());
        scope.add(0, new Condition("fingerprint IS NOT NULL", List.of()));
        List<Condition> filters = eventFilters(false);
        StringBuilder sql = new StringBuilder();
        if (filters.isEmpty()) {
            sql.append("SELECT DISTINCT fingerprint FROM audit_records WHERE ").append(join(scope));
        }
        for (Condition f : filters) {
            List<Condition> one = new ArrayList<>(scope);
            one.add(f);
            sql.append(sql.length() == 0 ? "" : " INTERSECT ").append(filters.size() == 1 ? "SELECT DISTINCT" : "SELECT")
                    .append(" fingerprint FROM audit_records WHERE ").append(join(one));
        }
        return sql.toString();
    }

    /**
     * {@link #changeSelection}, narrowed to the changes whose highest tier and most-AI source over all their
     * events (none recorded: unknown) pass the query's tier and source filters: one index-only probe of
     * {@code audit_records_change} per selected change.
     */
    String changeSelectionByAggregate() {
        String selection = changeSelection();
        List<String> having = new ArrayList<>();
        if (!q.tiers().isEmpty()) {
            having.add("max(tier) IN (" + ordinals(q.tiers().stream().map(Enum::ordinal)) + ")");
        }
        if (!q.sources().isEmpty()) {
            having.add("coalesce(max(source), " + ChangeSource.UNKNOWN.ordinal() + ") IN (" + ordinals(q.sources().stream().map(Enum::ordinal)) + ")");
        }
        if (having.isEmpty()) {
            return selection;
        }
        return "SELECT fingerprint FROM audit_records WHERE fingerprint IN (" + selection + ") GROUP BY fingerprint HAVING " + String.join(" AND ", having);
    }

    private static String ordinals(java.util.stream.Stream<Integer> values) {
        return values.sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).bind(ps, i + 1);
        }
    }

    private String join(List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return "TRUE";
        }
        StringBuilder sb = new StringBuilder();
        for (Condition c : conditions) {
            sb.append(sb.length() == 0 ? "" : " AND ").append(c.sql());
            params.addAll(c.params());
        }
        return sb.toString();
    }

    private List<Condition> scope() {
        List<Condition> out = new ArrayList<>();
        if (q.since() != null) {
            long v = q.since().toEpochMilli();
            out.add(new Condition("time_ms >= ?", List.of((ps, i) -> ps.setLong(i, v))));
        }
        if (q.until() != null) {
            long v = q.until().toEpochMilli();
            out.add(new Condition("time_ms < ?", List.of((ps, i) -> ps.setLong(i, v))));
        }
        if (q.fingerprint() != null) {
            String v = likePrefix(q.fingerprint());
            out.add(new Condition("fingerprint LIKE ?", List.of((ps, i) -> ps.setString(i, v))));
        }
        return out;
    }

    /** Filters a single event must meet; tier and source only for events (for changes they apply to the aggregate). */
    private List<Condition> eventFilters(boolean forEvents) {
        List<Condition> out = new ArrayList<>();
        if (q.commit() != null) {
            String exact = q.commit();
            if (exact.length() >= 4) {
                String prefix = likePrefix(exact);
                out.add(new Condition("(commit_id = ? OR commit_id LIKE ?)", List.of((ps, i) -> ps.setString(i, exact),
                        (ps, i) -> ps.setString(i, prefix))));
            } else {
                out.add(new Condition("commit_id = ?", List.of((ps, i) -> ps.setString(i, exact))));
            }
        }
        text(out, "agent", q.agent());
        text(out, "actor", q.actor());
        text(out, "outcome", q.outcome());
        if (q.approver() != null) {
            String v = q.approver();
            out.add(new Condition("type = '" + AuditEventType.APPROVAL_GIVEN.json() + "' AND actor = ?", List.of((ps, i) -> ps.setString(i, v))));
        }
        if (!q.types().isEmpty()) {
            // written out, not bound: the names are the enum's own constants, and the planner can then match
            // the partial index of deployments and rollbacks (V2) to the incident query's type filter
            String v = q.types().stream().map(AuditEventType::json).sorted().map(t -> "'" + t + "'").collect(java.util.stream.Collectors.joining(", "));
            out.add(new Condition("type IN (" + v + ")", List.of()));
        }
        if (!q.touches().isEmpty()) {
            Object[] v = q.touches().toArray();
            out.add(new Condition("touches && ?", List.of((ps, i) -> ps.setArray(i, ps.getConnection().createArrayOf("text", v)))));
        }
        if (forEvents && !q.tiers().isEmpty()) {
            Object[] v = q.tiers().stream().map(t -> (short) t.ordinal()).toArray();
            out.add(new Condition("tier = ANY (?)", List.of((ps, i) -> ps.setArray(i, ps.getConnection().createArrayOf("int2", v)))));
        }
        if (forEvents && !q.sources().isEmpty()) {
            Object[] v = q.sources().stream().map(s -> (short) s.ordinal()).toArray();
            out.add(new Condition("COALESCE(source, " + ChangeSource.UNKNOWN.ordinal() + ") = ANY (?)",
                    List.of((ps, i) -> ps.setArray(i, ps.getConnection().createArrayOf("int2", v)))));
        }
        return out;
    }

    private static void text(List<Condition> out, String column, String value) {
        if (value != null) {
            out.add(new Condition(column + " = ?", List.of((ps, i) -> ps.setString(i, value))));
        }
    }

    /** A LIKE pattern matching strings that start with {@code prefix} (its {@code %}, {@code _} and {@code \} escaped). */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
