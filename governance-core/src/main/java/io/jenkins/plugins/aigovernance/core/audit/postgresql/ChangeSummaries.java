package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.RecordedSource;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds every event of the selected changes (their indexed columns, in store order within each change) into {@link AuditChange}s by the rules
 * {@code AuditIndex.changes} applies to a file: last recorded repository, commit and agent; highest tier
 * and most-AI source over all events (none recorded: unknown); every touched category; approvals in
 * time order. Then keeps the changes whose aggregate tier and source pass the query's filters.
 */
final class ChangeSummaries {

    private final Map<String, List<Row>> byFingerprint = new java.util.HashMap<>();

    /** One event of a change, as the store's columns hold it, in any order ({@link #changes} folds each change in store order). */
    void add(String fingerprint, long time, String stream, long seq, AuditEventType type, String repository, String commit, String build,
            String actor, String agent, RiskTier tier, ChangeSource source, List<String> touches) {
        if (fingerprint != null) {
            byFingerprint.computeIfAbsent(fingerprint, k -> new ArrayList<>())
                    .add(new Row(time, stream, seq, type, repository, commit, build, actor, agent, tier, source, touches));
        }
    }

    private record Row(long time, String stream, long seq, AuditEventType type, String repository, String commit, String build, String actor,
            String agent, RiskTier tier, ChangeSource source, List<String> touches) {
    }

    private static final Comparator<Row> STORE_ORDER = Comparator.comparingLong(Row::time).thenComparing(Row::stream).thenComparingLong(Row::seq);

    private static Summary fold(List<Row> rows) {
        rows.sort(STORE_ORDER);
        Summary s = new Summary();
        for (Row r : rows) {
            s.events++;
            s.first = Math.min(s.first, r.time());
            s.last = Math.max(s.last, r.time());
            s.repository = r.repository() != null ? r.repository() : s.repository;
            s.commit = r.commit() != null ? r.commit() : s.commit;
            s.agent = r.agent() != null ? r.agent() : s.agent;
            s.touches.addAll(r.touches());
            if (r.tier() != null && (s.tier == null || r.tier().compareTo(s.tier) > 0)) {
                s.tier = r.tier();
            }
            if (r.source() != null && (s.source == null || r.source().compareTo(s.source) > 0)) {
                s.source = r.source();
            }
            if (r.type() == AuditEventType.APPROVAL_GIVEN && r.actor() != null) {
                s.approvals.add(new AuditChange.Approval(r.actor(), Instant.ofEpochMilli(r.time()), r.build()));
            }
            s.deployed |= r.type() == AuditEventType.DEPLOYMENT_DONE;
            s.rolledBack |= r.type() == AuditEventType.ROLLBACK;
        }
        return s;
    }

    /** The changes whose highest tier is in {@code tiers} and most-AI source in {@code sources} (empty: any), newest first. */
    List<AuditChange> changes(Set<RiskTier> tiers, Set<ChangeSource> sources, int limit) {
        List<AuditChange> out = new ArrayList<>(byFingerprint.size());
        for (Map.Entry<String, List<Row>> e : byFingerprint.entrySet()) {
            Summary s = fold(e.getValue());
            ChangeSource source = RecordedSource.of(s.source);
            if ((!tiers.isEmpty() && (s.tier == null || !tiers.contains(s.tier))) || (!sources.isEmpty() && !sources.contains(source))) {
                continue;
            }
            s.approvals.sort(Comparator.comparing(AuditChange.Approval::time));
            out.add(new AuditChange(e.getKey(), s.repository, s.commit, s.agent, source, s.tier, List.copyOf(s.touches),
                    Instant.ofEpochMilli(s.first), Instant.ofEpochMilli(s.last), s.events, List.copyOf(s.approvals), s.deployed, s.rolledBack));
        }
        out.sort(Comparator.comparing(AuditChange::lastEvent).reversed().thenComparing(AuditChange::fingerprint));
        return limit > 0 && out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static final class Summary {
        int events;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String repository;
        String commit;
        String agent;
        RiskTier tier;
        ChangeSource source;
        final TreeSet<String> touches = new TreeSet<>();
        final List<AuditChange.Approval> approvals = new ArrayList<>();
        boolean deployed;
        boolean rolledBack;
    }
}
