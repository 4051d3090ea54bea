package io.jenkins.plugins.aigovernance.core.metrics;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.RecordedSource;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.risk.ChangeCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes {@link MetricsReport}s from audit events (see docs/metrics.md for every definition).
 * Events are grouped by change fingerprint; events without one count only towards {@code events}.
 * Memory: the events given plus a few numbers per change; time: one sort per change.
 */
public final class MetricsCalculator {

    /** At most this many agents get their own reliability rows; the others are summed up as {@code other}. */
    public static final int MAX_AGENTS = 20;

    /** Agent key of human changes. */
    public static final String HUMAN = "human";
    /** Agent key (and category) when none was recorded. */
    public static final String UNKNOWN = "unknown";
    /** Agent key beyond {@link #MAX_AGENTS}, category outside {@link ChangeCategory}. */
    public static final String OTHER = "other";
    /** Category of the per-agent row over all kinds. */
    public static final String ALL = "all";

    /**
     * Metrics over {@code [from, to)}. Events outside the window still count as context: a rollback
     * after the window marks a deployment inside it as failed, a request before it starts an approval.
     *
     * @param from start; null for the first event's time
     * @param to   end (exclusive), e.g. now
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public MetricsReport compute(Iterable<AuditEvent> events, Instant from, Instant to) {
        if (from != null && from.isAfter(to)) {
            throw new IllegalArgumentException("the window starts (" + from + ") after it ends (" + to + ")");
        }
        Map<String, List<AuditEvent>> byChange = new HashMap<>();
        Instant first = null;
        int inWindowCount = 0;
        List<Instant> times = new ArrayList<>();
        for (AuditEvent e : events) {
            times.add(e.time());
            first = first == null || e.time().isBefore(first) ? e.time() : first;
            if (e.fingerprint() != null) {
                byChange.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
            }
        }
        Instant start = from != null ? from : first != null && first.isBefore(to) ? first : to;
        Window w = new Window(start, to);
        long totalEvents = 0;
        for (Instant t : times) {
            inWindowCount += w.contains(t) ? 1 : 0;
            totalEvents += t.isBefore(to) ? 1 : 0;
        }

        Tally all = new Tally();
        List<ChangeStats> changes = new ArrayList<>(byChange.size());
        for (List<AuditEvent> change : byChange.values()) {
            change.sort(Comparator.comparing(AuditEvent::time));
            changes.add(ChangeStats.of(change, w, all));
        }

        Map<RiskTier, Integer> byTier = new EnumMap<>(RiskTier.class);
        int aiChanges = 0;
        int aiDecided = 0;
        int aiBlocked = 0;
        int aiDeployments = 0;
        int aiRollbacks = 0;
        int humanDeployments = 0;
        int humanRollbacks = 0;
        int rolledOut = 0;
        int rolledBack = 0;
        for (ChangeStats c : changes) {
            rolledOut += c.rolledOut ? 1 : 0;
            rolledBack += c.rolledOut && c.rolledBack ? 1 : 0;
            if (c.ai) {
                aiDeployments += c.deployments;
                aiRollbacks += c.failed;
            } else {
                humanDeployments += c.deployments;
                humanRollbacks += c.failed;
            }
            if (c.ai && c.active) {
                aiChanges++;
                if (c.tier != null) {
                    byTier.merge(c.tier, 1, Integer::sum);
                }
                if (c.decided) {
                    aiDecided++;
                    aiBlocked += c.denied ? 1 : 0;
                }
            }
        }
        double days = Duration.between(start, to).toMillis() / 86_400_000.0;
        DoraMetrics dora = new DoraMetrics(all.deployments, days > 0 ? all.deployments / days : 0, Distribution.of(array(all.lead)),
                all.skewInWindow, all.failed, ratio(all.failed, all.deployments), Distribution.of(array(all.restore)));
        GuardrailMetrics guardrails = new GuardrailMetrics(aiChanges, byTier, aiDecided, aiBlocked, ratio(aiBlocked, aiDecided),
                Distribution.of(array(all.approval)), aiDeployments, aiRollbacks, ratio(aiRollbacks, aiDeployments), humanDeployments,
                humanRollbacks, ratio(humanRollbacks, humanDeployments), rolledOut, rolledBack, ratio(rolledBack, rolledOut));
        AuditTotals totals = new AuditTotals(totalEvents, all.totalDeployments, all.totalFailed, all.totalRollbacks, all.totalRestores,
                all.totalApprovals, all.totalDenials, all.totalSkew);
        return new MetricsReport(start, to, days, inWindowCount, dora, guardrails, reliability(changes), totals);
    }

    /** Rows per agent and kind: the {@link #MAX_AGENTS} agents with the most changes by name, the rest as {@code other}. */
    private static List<AgentReliability> reliability(List<ChangeStats> changes) {
        Map<String, Integer> perAgent = new HashMap<>();
        for (ChangeStats c : changes) {
            if (c.active) {
                perAgent.merge(c.agent, 1, Integer::sum);
            }
        }
        Set<String> kept = new LinkedHashSet<>(List.of(HUMAN, UNKNOWN));
        perAgent.entrySet().stream().filter(e -> !kept.contains(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_AGENTS).forEach(e -> kept.add(e.getKey()));
        Map<String, Map<String, Row>> rows = new TreeMap<>();
        for (ChangeStats c : changes) {
            if (!c.active) {
                continue;
            }
            String agent = kept.contains(c.agent) ? c.agent : OTHER;
            Map<String, Row> ofAgent = rows.computeIfAbsent(agent, k -> new TreeMap<>(MetricsCalculator::categoryOrder));
            ofAgent.computeIfAbsent(ALL, k -> new Row()).add(c);
            for (String category : c.categories) {
                ofAgent.computeIfAbsent(category, k -> new Row()).add(c);
            }
        }
        List<AgentReliability> out = new ArrayList<>();
        rows.forEach((agent, ofAgent) -> ofAgent.forEach((category, r) -> out.add(new AgentReliability(agent, category, r.changes,
                r.decided, r.denied, ratio(r.denied, r.decided), Distribution.of(array(r.approval)), r.rolledOut, r.rolledBack,
                ratio(r.rolledBack, r.rolledOut), r.deployments, r.failed, ratio(r.failed, r.deployments)))));
        return out;
    }

    private static int categoryOrder(String a, String b) {
        return a.equals(b) ? 0 : a.equals(ALL) ? -1 : b.equals(ALL) ? 1 : a.compareTo(b);
    }

    /** The window-wide sums every change adds to. */
    private static final class Tally {
        final List<Double> lead = new ArrayList<>();
        final List<Double> restore = new ArrayList<>();
        final List<Double> approval = new ArrayList<>();
        int deployments;
        int failed;
        int skewInWindow;
        long totalDeployments;
        long totalFailed;
        long totalRollbacks;
        long totalRestores;
        long totalApprovals;
        long totalDenials;
        long totalSkew;
    }

    /** One agent × kind row being summed. */
    private static final class Row {
        int changes;
        int decided;
        int denied;
        final List<Double> approval = new ArrayList<>();
        int rolledOut;
        int rolledBack;
        int deployments;
        int failed;

        void add(ChangeStats c) {
            changes++;
            decided += c.decided ? 1 : 0;
            denied += c.denied ? 1 : 0;
            approval.addAll(c.approval);
            rolledOut += c.rolledOut ? 1 : 0;
            rolledBack += c.rolledOut && c.rolledBack ? 1 : 0;
            deployments += c.deployments;
            failed += c.failed;
        }
    }

    /** What one change did in the window (and, for the totals, before its end). */
    private static final class ChangeStats {
        boolean ai;
        String agent;
        Set<String> categories = new TreeSet<>();
        RiskTier tier;
        boolean active;
        boolean decided;
        boolean denied;
        final List<Double> approval = new ArrayList<>();
        boolean rolledOut;
        boolean rolledBack;
        int deployments;
        int failed;

        static ChangeStats of(List<AuditEvent> change, Window w, Tally all) {
            ChangeStats c = new ChangeStats();
            ChangeSource source = null;
            String agent = null;
            Set<Instant> commitTimes = new TreeSet<>();
            for (AuditEvent e : change) {
                source = e.changeSource() == null ? source : e.changeSource().max(source);
                agent = e.agent() != null ? e.agent() : agent;
                c.tier = e.tier() == null ? c.tier : e.tier().max(c.tier);
                for (String t : e.touches()) {
                    ChangeCategory k = ChangeCategory.parse(t);
                    c.categories.add(k == null ? OTHER : k.json());
                }
                if (e.commitTime() != null) {
                    commitTimes.add(e.commitTime());
                }
                commitTimes.addAll(e.commitTimes());
            }
            c.ai = RecordedSource.countsAsAi(source);
            c.agent = agent != null ? agent : c.ai ? UNKNOWN : HUMAN;
            if (c.categories.isEmpty()) {
                c.categories.add(UNKNOWN);
            }
            Instant lastRequest = null;
            Instant lastDeployment = null;
            boolean shipped = false;
            for (int i = 0; i < change.size(); i++) {
                AuditEvent e = change.get(i);
                boolean in = w.contains(e.time());
                boolean beforeEnd = e.time().isBefore(w.to());
                c.active |= in;
                switch (e.type()) {
                    case SCOPE_DECIDED -> {
                        boolean deny = "deny".equalsIgnoreCase(e.outcome());
                        all.totalDenials += beforeEnd && deny ? 1 : 0;
                        if (in) {
                            c.decided = true;
                            c.denied |= deny;
                        }
                    }
                    case APPROVAL_REQUESTED -> lastRequest = e.time();
                    case APPROVAL_GIVEN -> {
                        all.totalApprovals += beforeEnd ? 1 : 0;
                        if (in && lastRequest != null) {
                            double s = seconds(lastRequest, e.time());
                            c.approval.add(s);
                            all.approval.add(s);
                        }
                    }
                    case CANARY_STEP -> c.rolledOut |= in;
                    case DEPLOYMENT_DONE -> {
                        lastDeployment = e.time();
                        boolean firstShipment = !shipped;
                        shipped = true;
                        if (!beforeEnd) {
                            break;
                        }
                        all.totalDeployments++;
                        boolean failedLater = rollbackAfter(change, i, w.to());
                        all.totalFailed += failedLater ? 1 : 0;
                        int skew = 0;
                        List<Double> lead = new ArrayList<>();
                        if (firstShipment) {
                            for (Instant ct : commitTimes) {
                                if (ct.isAfter(e.time())) {
                                    skew++;
                                } else {
                                    lead.add(seconds(ct, e.time()));
                                }
                            }
                        }
                        all.totalSkew += skew;
                        if (!in) {
                            break;
                        }
                        c.rolledOut = true;
                        c.deployments++;
                        all.deployments++;
                        all.lead.addAll(lead);
                        all.skewInWindow += skew;
                        boolean failed = rollbackAfter(change, i, null);
                        c.failed += failed ? 1 : 0;
                        all.failed += failed ? 1 : 0;
                    }
                    case ROLLBACK -> {
                        boolean ok = e.restores();
                        all.totalRollbacks += beforeEnd ? 1 : 0;
                        all.totalRestores += beforeEnd && ok ? 1 : 0;
                        if (in) {
                            c.rolledBack = true;
                            if (ok && lastDeployment != null) {
                                all.restore.add(seconds(lastDeployment, e.time()));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            return c;
        }
    }

    /** Whether the deployment at {@code deployment} is followed by a rollback (before {@code until}, when given) before any redeployment. */
    private static boolean rollbackAfter(List<AuditEvent> change, int deployment, Instant until) {
        for (int j = deployment + 1; j < change.size(); j++) {
            AuditEvent e = change.get(j);
            if (until != null && !e.time().isBefore(until)) {
                return false;
            }
            if (e.type() == AuditEventType.ROLLBACK) {
                return true;
            }
            if (e.type() == AuditEventType.DEPLOYMENT_DONE) {
                return false; // deployed again before any rollback: the rollback belongs to that one
            }
        }
        return false;
    }

    private static Double ratio(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static double seconds(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }
}
