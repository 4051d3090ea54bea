package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small history whose metrics are worked out by hand (see MetricsCalculatorTest). Day 1 is
 * 2026-03-01; "now" is 2026-03-31T00:00Z; the window is the 30 days before now.
 * <pre>
 * A  ai-agent claude    HIGH     iam      commit d1 08:00, req 10:02, alice 10:32, deployed 11:00
 * B  ai-assisted copilot MEDIUM network commit d2 09:00, req 10:05, bob 11:05, deployed 12:00, rolled back 12:30
 * C  ai-agent claude    CRITICAL iam      d3 scope deny
 * D  human              LOW               commit d4 08:00, deployed 10:00
 * E  human              MEDIUM            commit d5 08:00, req 09:00, carol 09:10, deployed 12:00, rolled back 13:00
 * F  ai-agent claude    HIGH     iam      40 days ago: req, dave approved, deployed (outside the window)
 * G  ai-agent claude    HIGH     iam      commit d6 06:00, scope allow, req 10:00, alice 10:20, erin 12:00, deployed 12:00
 * </pre>
 */
public final class KnownHistory {

    public static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
    public static final Instant NOW = Instant.parse("2026-03-31T00:00:00Z");

    private final List<AuditEvent> events = new ArrayList<>();

    private static Instant at(int day, int hour, int minute) {
        return DAY1.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    private AuditEvent.Builder on(String change, AuditEventType type, Instant time) {
        ChangeSource source = switch (change) {
            case "B" -> ChangeSource.AI_ASSISTED;
            case "D", "E" -> ChangeSource.HUMAN;
            default -> ChangeSource.AI_AGENT;
        };
        RiskTier tier = switch (change) {
            case "A", "F", "G" -> RiskTier.HIGH;
            case "B", "E" -> RiskTier.MEDIUM;
            case "C" -> RiskTier.CRITICAL;
            default -> RiskTier.LOW;
        };
        String agent = switch (change) {
            case "B" -> "copilot";
            case "D", "E" -> null;
            default -> "claude";
        };
        List<String> touches = switch (change) {
            case "A", "C", "F", "G" -> List.of("iam");
            case "B" -> List.of("network");
            default -> List.of();
        };
        return AuditEvent.builder(type, time).fingerprint(fingerprint(change)).repository("github.com/acme/platform")
                .commit(commit(change)).build("platform/main#" + (change.charAt(0) - 'A' + 1)).changeSource(source).tier(tier).agent(agent)
                .touches(touches);
    }

    public static String fingerprint(String change) {
        return "sha256:" + String.valueOf(change.charAt(0)).toLowerCase().repeat(64).replace('g', 'c').replace('f', 'b').replace('e', 'a')
                .substring(0, 63) + change.charAt(0);
    }

    public static String commit(String change) {
        return "c0ffee" + change.toLowerCase().repeat(34);
    }

    private void add(AuditEvent.Builder b) {
        events.add(b.build());
    }

    public KnownHistory() {
        Instant a0 = at(1, 8, 0);
        add(on("A", AuditEventType.RISK_ASSESSED, at(1, 10, 0)).commitTime(a0).actor("jenkins").outcome("assessed"));
        add(on("A", AuditEventType.SCOPE_DECIDED, at(1, 10, 1)).outcome("allow"));
        add(on("A", AuditEventType.APPROVAL_REQUESTED, at(1, 10, 2)));
        add(on("A", AuditEventType.APPROVAL_GIVEN, at(1, 10, 32)).actor("alice").outcome("approved"));
        add(on("A", AuditEventType.DEPLOYMENT_DONE, at(1, 11, 0)).commitTime(a0).outcome("success"));

        Instant b0 = at(2, 9, 0);
        add(on("B", AuditEventType.RISK_ASSESSED, at(2, 10, 0)).commitTime(b0));
        add(on("B", AuditEventType.SCOPE_DECIDED, at(2, 10, 1)).outcome("allow"));
        add(on("B", AuditEventType.APPROVAL_REQUESTED, at(2, 10, 5)));
        add(on("B", AuditEventType.APPROVAL_GIVEN, at(2, 11, 5)).actor("bob").outcome("approved"));
        add(on("B", AuditEventType.DEPLOYMENT_DONE, at(2, 12, 0)).outcome("success"));
        add(on("B", AuditEventType.CANARY_STEP, at(2, 12, 20)).outcome("rollback"));
        add(on("B", AuditEventType.ROLLBACK, at(2, 12, 30)).outcome("rolled-back"));

        add(on("C", AuditEventType.RISK_ASSESSED, at(3, 9, 0)).commitTime(at(3, 8, 0)));
        add(on("C", AuditEventType.SCOPE_DECIDED, at(3, 9, 1)).outcome("deny"));

        Instant d0 = at(4, 8, 0);
        add(on("D", AuditEventType.RISK_ASSESSED, at(4, 9, 0)).commitTime(d0).actor("dan"));
        add(on("D", AuditEventType.DEPLOYMENT_DONE, at(4, 10, 0)).commitTime(d0).actor("dan").outcome("success"));

        Instant e0 = at(5, 8, 0);
        add(on("E", AuditEventType.APPROVAL_REQUESTED, at(5, 9, 0)).commitTime(e0));
        add(on("E", AuditEventType.APPROVAL_GIVEN, at(5, 9, 10)).actor("carol").outcome("approved"));
        add(on("E", AuditEventType.DEPLOYMENT_DONE, at(5, 12, 0)).commitTime(e0).outcome("success"));
        add(on("E", AuditEventType.ROLLBACK, at(5, 13, 0)).outcome("rolled-back"));

        Instant f = NOW.minus(Duration.ofDays(40));
        add(on("F", AuditEventType.RISK_ASSESSED, f).commitTime(f.minus(Duration.ofHours(1))));
        add(on("F", AuditEventType.APPROVAL_REQUESTED, f.plusSeconds(60)));
        add(on("F", AuditEventType.APPROVAL_GIVEN, f.plusSeconds(600)).actor("dave").outcome("approved"));
        add(on("F", AuditEventType.DEPLOYMENT_DONE, f.plusSeconds(3600)).outcome("success"));

        Instant g0 = at(6, 6, 0);
        add(on("G", AuditEventType.RISK_ASSESSED, at(6, 9, 0)).commitTime(g0));
        add(on("G", AuditEventType.SCOPE_DECIDED, at(6, 9, 1)).outcome("allow"));
        add(on("G", AuditEventType.APPROVAL_REQUESTED, at(6, 10, 0)));
        add(on("G", AuditEventType.APPROVAL_GIVEN, at(6, 10, 20)).actor("alice").outcome("approved"));
        add(on("G", AuditEventType.APPROVAL_GIVEN, at(6, 12, 0)).actor("erin").outcome("approved"));
        add(on("G", AuditEventType.DEPLOYMENT_DONE, at(6, 12, 0)).commitTime(g0).outcome("success"));
        add(on("G", AuditEventType.CREDENTIALS_BOUND, at(6, 11, 59)).actor("jenkins").outcome("bound"));
        events.sort(Comparator.comparing(AuditEvent::time));
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** Writes the history to a log. */
    public Path writeTo(Path log) {
        try (AuditLog a = AuditLog.open(log)) {
            a.appendAll(events);
        }
        return log;
    }
}
