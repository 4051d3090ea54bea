package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.RecordedSource;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Folds every event of the selected changes (in store order) into {@link AuditChange}s by the rules
 * {@code AuditIndex.changes} applies to a file: last recorded repository, commit and agent; highest tier
 * and most-AI source over all events (none recorded: unknown); every touched category; approvals in
 * time order. Then keeps the changes whose aggregate tier and source pass the query's filters.
 */
final class ChangeSummaries {

    private final Map<String, Summary> byFingerprint = new LinkedHashMap<>();

    void add(AuditEvent e) {
        if (e.fingerprint() == null) {
            return;
        }
        Summary s = byFingerprint.computeIfAbsent(e.fingerprint(), k -> new Summary());
        s.events++;
        long t = e.time().toEpochMilli();
        s.first = Math.min(s.first, t);
        s.last = Math.max(s.last, t);
        s.repository = e.repository() != null ? e.repository() : s.repository;
        s.commit = e.commit() != null ? e.commit() : s.commit;
        s.agent = e.agent() != null ? e.agent() : s.agent;
        s.touches.addAll(e.touches());
        if (e.tier() != null && (s.tier == null || e.tier().compareTo(s.tier) > 0)) {
            s.tier = e.tier();
        }
        if (e.changeSource() != null && (s.source == null || e.changeSource().compareTo(s.source) > 0)) {
            s.source = e.changeSource();
        }
        if (e.type() == AuditEventType.APPROVAL_GIVEN && e.actor() != null) {
            s.approvals.add(new AuditChange.Approval(e.actor(), Instant.ofEpochMilli(t), e.build()));
        }
        s.deployed |= e.type() == AuditEventType.DEPLOYMENT_DONE;
        s.rolledBack |= e.type() == AuditEventType.ROLLBACK;
    }

    /** The changes whose highest tier is in {@code tiers} and most-AI source in {@code sources} (empty: any), newest first. */
    List<AuditChange> changes(Set<RiskTier> tiers, Set<ChangeSource> sources, int limit) {
        List<AuditChange> out = new ArrayList<>(byFingerprint.size());
        for (Map.Entry<String, Summary> e : byFingerprint.entrySet()) {
            Summary s = e.getValue();
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
