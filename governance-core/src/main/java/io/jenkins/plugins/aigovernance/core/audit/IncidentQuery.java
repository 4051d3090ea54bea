package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Answers the incident question from the audit trail in one call: the changes with a
 * {@code deployment-done} or {@code rollback} event inside the window. The other filters of the
 * query (agent, actor, approver, touches, commit, outcome; tier and source as change aggregates) apply
 * to the change's events inside the window too, so a change whose only event in the window is its
 * risk assessment is not in the answer. Cost over a file's index: one pass over the index for the
 * selection, one for the histories, one read per event of the changes found; over PostgreSQL: one indexed
 * selection query and one indexed read of the found changes' records.
 */
public final class IncidentQuery {

    private final Function<AuditQuery, List<String>> select;
    private final Function<Collection<String>, Map<String, List<AuditEvent>>> history;

    /** Over a file's index (what {@code aigov audit incident --log} and the plugin's project page use). */
    public IncidentQuery(AuditIndex index) {
        this(q -> index.changes(q).stream().map(AuditChange::fingerprint).toList(), index::history);
    }

    /** Over any store: its {@link AuditStore#changes} selects, its {@link AuditStore#history} collects. */
    public IncidentQuery(AuditStore store) {
        this(q -> store.changes(q).stream().map(AuditChange::fingerprint).toList(), store::history);
    }

    /**
     * Over a store's own selection: {@code select} returns the fingerprints of the changes with an event in
     * the query's time range that meets each of its per-event filters, and may already apply its tier and
     * source filters (to the change's highest tier and most-AI source over all its events; this query
     * applies them to each change's history again); {@code history} returns every event of those changes in
     * time order.
     */
    public static IncidentQuery over(Function<AuditQuery, List<String>> select, Function<Collection<String>, Map<String, List<AuditEvent>>> history) {
        return new IncidentQuery(select, history);
    }

    private IncidentQuery(Function<AuditQuery, List<String>> select, Function<Collection<String>, Map<String, List<AuditEvent>>> history) {
        this.select = Objects.requireNonNull(select, "select");
        this.history = Objects.requireNonNull(history, "history");
    }

    /**
     * @param filters further filters (their own time range and type filters are replaced); {@link AuditQuery#all()} for none
     * @throws IllegalArgumentException when the window is missing or empty ({@code from} not before {@code until})
     */
    public IncidentReport run(AuditQuery filters, Instant from, Instant until) {
        return run(filters, from, until, null);
    }

    /**
     * The same, limited to the changes of one repository (a Jenkins job): changes of which at least one
     * event recorded {@code repository}.
     *
     * @param repository the repository, or {@code null} for all
     */
    public IncidentReport run(AuditQuery filters, Instant from, Instant until, String repository) {
        if (from == null || until == null) {
            throw new IllegalArgumentException("an incident window needs a start and an end");
        }
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("the window starts (" + from + ") at or after it ends (" + until + ")");
        }
        AuditQuery q = filters.since(from).until(until).types(Set.of(AuditEventType.DEPLOYMENT_DONE, AuditEventType.ROLLBACK)).limit(0);
        List<String> fps = select.apply(q);
        Map<String, List<AuditEvent>> histories = fps.isEmpty() ? Map.of() : history.apply(fps);
        List<IncidentChange> out = new ArrayList<>();
        for (String fp : fps) {
            List<AuditEvent> h = histories.getOrDefault(fp, List.of());
            if (!h.isEmpty() && (repository == null || h.stream().anyMatch(e -> repository.equals(e.repository())))) {
                IncidentChange c = change(fp, h, from, until);
                // the change's highest tier and most-AI source over its whole history, as AuditIndex.changes judges them
                if ((filters.tiers().isEmpty() || (c.tier() != null && filters.tiers().contains(c.tier())))
                        && (filters.sources().isEmpty() || filters.sources().contains(c.changeSource()))) {
                    out.add(c);
                }
            }
        }
        out.sort(Comparator.comparing((IncidentChange c) -> lastInWindow(c, from, until)).reversed().thenComparing(IncidentChange::fingerprint));
        if (filters.limit() > 0 && out.size() > filters.limit()) {
            out = out.subList(0, filters.limit());
        }
        return new IncidentReport(from, until, out);
    }

    private static Instant lastInWindow(IncidentChange c, Instant from, Instant until) {
        Instant last = Instant.MIN;
        for (IncidentChange.Step d : c.deployments()) {
            last = in(d.time(), from, until) && d.time().isAfter(last) ? d.time() : last;
        }
        for (IncidentChange.Rollback r : c.rollbacks()) {
            last = in(r.time(), from, until) && r.time().isAfter(last) ? r.time() : last;
        }
        return last;
    }

    private static boolean in(Instant t, Instant from, Instant until) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    private static IncidentChange change(String fp, List<AuditEvent> history, Instant from, Instant until) {
        String repository = null;
        String commit = null;
        String agent = null;
        ChangeSource source = null;
        RiskTier tier = null;
        Integer blastRadius = null;
        List<String> dependents = List.of();
        Set<String> touches = new TreeSet<>();
        Set<String> builds = new LinkedHashSet<>();
        Instant firstCommit = null;
        Instant requested = null;
        List<AuditChange.Approval> approvals = new ArrayList<>();
        List<IncidentChange.Step> deployments = new ArrayList<>();
        IncidentChange.Step canary = null;
        List<IncidentChange.Rollback> rollbacks = new ArrayList<>();
        boolean deployedIn = false;
        boolean rolledBackIn = false;
        for (AuditEvent e : history) {
            repository = e.repository() != null ? e.repository() : repository;
            commit = e.commit() != null ? e.commit() : commit;
            agent = e.agent() != null ? e.agent() : agent;
            source = e.changeSource() == null ? source : e.changeSource().max(source);
            tier = e.tier() == null ? tier : e.tier().max(tier);
            blastRadius = e.blastRadius() != null ? e.blastRadius() : blastRadius;
            dependents = e.dependents().isEmpty() ? dependents : e.dependents();
            touches.addAll(e.touches());
            if (e.build() != null) {
                builds.add(e.build());
            }
            for (Instant t : e.commitTimes()) {
                firstCommit = firstCommit == null || t.isBefore(firstCommit) ? t : firstCommit;
            }
            if (e.commitTime() != null) {
                firstCommit = firstCommit == null || e.commitTime().isBefore(firstCommit) ? e.commitTime() : firstCommit;
            }
            boolean inWindow = in(e.time(), from, until);
            switch (e.type()) {
                case APPROVAL_REQUESTED -> requested = e.time();
                case APPROVAL_GIVEN -> {
                    if (e.actor() != null) {
                        approvals.add(new AuditChange.Approval(e.actor(), e.time(), e.build()));
                    }
                }
                case DEPLOYMENT_DONE -> {
                    deployments.add(new IncidentChange.Step(e.time(), e.outcome(), e.build()));
                    deployedIn |= inWindow;
                }
                case CANARY_STEP -> canary = new IncidentChange.Step(e.time(), e.outcome(), e.build());
                case ROLLBACK -> {
                    rollbacks.add(new IncidentChange.Rollback(e.time(), e.outcome(), e.restores(), e.actor(), e.build()));
                    rolledBackIn |= inWindow;
                }
                default -> {
                }
            }
        }
        return new IncidentChange(fp, repository, commit, List.copyOf(builds), agent, RecordedSource.of(source), tier, blastRadius, dependents,
                List.copyOf(touches), firstCommit, requested, approvals, deployments, canary, rollbacks, deployedIn, rolledBackIn);
    }
}
