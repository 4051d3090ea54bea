package io.jenkins.plugins.aigovernance.core.metrics;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.provenance.ChangeSource;
import io.jenkins.plugins.aigovernance.core.risk.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes {@link MetricsReport}s from audit events (see docs/metrics.md for every definition).
 * Events are grouped by change fingerprint; events without one count only towards {@code events}.
 */
public final class MetricsCalculator {

    /**
     * Metrics over {@code [from, to)}. Events outside the window still count as context: a rollback
     * after the window marks a deployment inside it as failed, a request before it starts an approval.
     *
     * @param from start; null for the first event's time
     * @param to   end (exclusive), e.g. now
     */
    public MetricsReport compute(Iterable<AuditEvent> events, Instant from, Instant to) {
        Map<String, List<AuditEvent>> byChange = new HashMap<>();
        Instant first = null;
        List<AuditEvent> all = new ArrayList<>();
        for (AuditEvent e : events) {
            all.add(e);
            first = first == null || e.time().isBefore(first) ? e.time() : first;
            if (e.fingerprint() != null) {
                byChange.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
            }
        }
        Instant start = from != null ? from : first != null ? first : to;
        Window w = new Window(start, to);
        int inWindow = (int) all.stream().filter(e -> w.contains(e.time())).count();

        List<Double> lead = new ArrayList<>();
        List<Double> restore = new ArrayList<>();
        List<Double> approval = new ArrayList<>();
        int deployments = 0;
        int failed = 0;
        int aiChanges = 0;
        Map<RiskTier, Integer> byTier = new EnumMap<>(RiskTier.class);
        int aiDecided = 0;
        int aiBlocked = 0;
        int aiDeployments = 0;
        int aiRollbacks = 0;
        int humanDeployments = 0;
        int humanRollbacks = 0;

        for (List<AuditEvent> change : byChange.values()) {
            change.sort(Comparator.comparing(AuditEvent::time));
            boolean ai = isAi(change);
            RiskTier tier = null;
            Instant commitTime = null;
            boolean active = false;
            boolean decided = false;
            boolean denied = false;
            for (AuditEvent e : change) {
                tier = e.tier() == null ? tier : e.tier().max(tier);
                if (e.commitTime() != null && (commitTime == null || e.commitTime().isBefore(commitTime))) {
                    commitTime = e.commitTime();
                }
                if (!w.contains(e.time())) {
                    continue;
                }
                active = true;
                if (e.type() == AuditEventType.SCOPE_DECIDED) {
                    decided = true;
                    denied |= "deny".equalsIgnoreCase(e.outcome());
                }
            }
            Instant lastRequest = null;
            Instant lastDeployment = null;
            for (int i = 0; i < change.size(); i++) {
                AuditEvent e = change.get(i);
                switch (e.type()) {
                    case APPROVAL_REQUESTED -> lastRequest = e.time();
                    case APPROVAL_GIVEN -> {
                        if (w.contains(e.time()) && lastRequest != null) {
                            approval.add(seconds(lastRequest, e.time()));
                        }
                    }
                    case DEPLOYMENT_DONE -> {
                        lastDeployment = e.time();
                        if (!w.contains(e.time())) {
                            break;
                        }
                        deployments++;
                        Instant ct = e.commitTime() != null ? e.commitTime() : commitTime;
                        if (ct != null) {
                            lead.add(seconds(ct, e.time()));
                        }
                        boolean rolledBack = rollbackAfter(change, i);
                        failed += rolledBack ? 1 : 0;
                        if (ai) {
                            aiDeployments++;
                            aiRollbacks += rolledBack ? 1 : 0;
                        } else {
                            humanDeployments++;
                            humanRollbacks += rolledBack ? 1 : 0;
                        }
                    }
                    case ROLLBACK -> {
                        if (w.contains(e.time()) && lastDeployment != null) {
                            restore.add(seconds(lastDeployment, e.time()));
                        }
                    }
                    default -> {
                    }
                }
            }
            if (ai && active) {
                aiChanges++;
                if (tier != null) {
                    byTier.merge(tier, 1, Integer::sum);
                }
                if (decided) {
                    aiDecided++;
                    aiBlocked += denied ? 1 : 0;
                }
            }
        }
        double days = Duration.between(start, to).toMillis() / 86_400_000.0;
        DoraMetrics dora = new DoraMetrics(deployments, days > 0 ? deployments / days : 0, Distribution.of(array(lead)), failed,
                ratio(failed, deployments), Distribution.of(array(restore)));
        GuardrailMetrics guardrails = new GuardrailMetrics(aiChanges, byTier, aiDecided, aiBlocked, ratio(aiBlocked, aiDecided),
                Distribution.of(array(approval)), aiDeployments, aiRollbacks, ratio(aiRollbacks, aiDeployments), humanDeployments,
                humanRollbacks, ratio(humanRollbacks, humanDeployments));
        return new MetricsReport(start, to, days, inWindow, dora, guardrails);
    }

    /** Whether the change's recorded source (the most-AI one) is AI or unknown. */
    private static boolean isAi(List<AuditEvent> change) {
        ChangeSource s = null;
        for (AuditEvent e : change) {
            s = e.changeSource() == null ? s : e.changeSource().max(s);
        }
        return s != ChangeSource.HUMAN;
    }

    private static boolean rollbackAfter(List<AuditEvent> change, int deployment) {
        for (int j = deployment + 1; j < change.size(); j++) {
            AuditEventType t = change.get(j).type();
            if (t == AuditEventType.ROLLBACK) {
                return true;
            }
            if (t == AuditEventType.DEPLOYMENT_DONE) {
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
