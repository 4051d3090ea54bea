package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers the incident question from the audit trail in one call: the changes with a
 * {@code deployment-done} or {@code rollback} event inside the window. The other filters of the
 * query (agent, actor, approver, touches, commit, outcome; tier and source as change aggregates) apply
 * to the change's events inside the window too, so a change whose only event in the window is its
 * risk assessment is not in the answer. Cost: one pass over the index for the selection, one for
 * the histories, one read per event of the changes found.
 */
public final class IncidentQuery {

    private final AuditIndex index;

    public IncidentQuery(AuditIndex index) {
        this.index = Objects.requireNonNull(index, "index");
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
        List<String> fps = index.changes(q).stream().map(AuditChange::fingerprint).toList();
        Map<String, List<AuditEvent>> histories = index.history(fps);
        List<IncidentChange> out = new ArrayList<>();
        for (String fp : fps) {
            List<AuditEvent> h = histories.getOrDefault(fp, List.of());
            if (!h.isEmpty() && (repository == null || h.stream().anyMatch(e -> repository.equals(e.repository())))) {
                out.add(change(fp, h, from, until));
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
