package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditLog;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a realistic audit log: changes spread over a year, each with risk, scope, approval,
 * deployment and sometimes canary / rollback events; ~60% AI, ~15% touching IAM, 3 approvers
 * out of 40 people. Written through {@link AuditLog} in large batches, so it is a real chained log.
 */
final class AuditLogGenerator {

    static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    private static final String[] AGENTS = {"claude-code", "copilot", "devin", "codex", "aider"};
    private static final String[][] TOUCHES = {{}, {}, {}, {"network"}, {"iam"}, {"iam", "network"}, {"secret"}, {}};

    private AuditLogGenerator() {
    }

    /**
     * Writes a log for {@code benchmarks/compare.sh}: {@code java -cp benchmarks.jar ...AuditLogGenerator LOG EVENTS [SEED]}.
     * The file must not exist yet (a log is only ever appended to).
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: AuditLogGenerator LOG EVENTS [SEED]");
            System.exit(2);
        }
        int n = write(Path.of(args[0]), Integer.parseInt(args[1]), args.length == 3 ? Long.parseLong(args[2]) : 42L);
        System.out.println(n + " events written to " + args[0]);
    }

    /** Writes at least {@code events} events; returns how many were written. */
    static int write(Path log, int events, long seed) {
        try (AuditLog a = AuditLog.open(log)) {
            return generate(events, seed, a::appendAll);
        }
    }

    /** Hands at least {@code events} events to {@code sink} in batches of about 10,000; returns how many. */
    static int generate(int events, long seed, java.util.function.Consumer<List<AuditEvent>> sink) {
        SplittableRandom r = new SplittableRandom(seed);
        int written = 0;
        int change = 0;
        List<AuditEvent> batch = new ArrayList<>(20_000);
        while (written < events) {
            change++;
            batch.addAll(change(change, r));
            if (batch.size() >= 10_000) {
                sink.accept(List.copyOf(batch));
                written += batch.size();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
            written += batch.size();
        }
        return written;
    }

    private static List<AuditEvent> change(int n, SplittableRandom r) {
        Instant t = NOW.minus(Duration.ofSeconds(r.nextLong(365L * 86400)));
        String fp = String.format("sha256:%064x", n * 0x9E3779B97F4A7C15L);
        String commit = String.format("%040x", n * 31L + 7);
        double kind = r.nextDouble();
        ChangeSource source = kind < 0.45 ? ChangeSource.AI_AGENT : kind < 0.6 ? ChangeSource.AI_ASSISTED : kind < 0.65 ? ChangeSource.UNKNOWN
                : ChangeSource.HUMAN;
        String agent = source.isAi() ? AGENTS[r.nextInt(AGENTS.length)] : null;
        RiskTier tier = RiskTier.values()[r.nextInt(4)];
        List<String> touches = List.of(TOUCHES[r.nextInt(TOUCHES.length)]);
        String build = "svc-" + (n % 50) + "/main#" + n;
        List<AuditEvent> out = new ArrayList<>(6);
        java.util.function.BiFunction<AuditEventType, Instant, AuditEvent.Builder> ev = (type, time) -> AuditEvent.builder(type, time)
                .id(Long.toHexString(n) + "-" + type.ordinal()).fingerprint(fp).repository("github.com/acme/svc-" + (n % 50)).commit(commit)
                .build(build).agent(agent).changeSource(source).tier(tier).touches(touches);
        out.add(ev.apply(AuditEventType.RISK_ASSESSED, t).commitTime(t.minusSeconds(3600 + r.nextInt(86400))).actor("jenkins")
                .outcome("assessed").build());
        boolean deny = source.isAi() && r.nextInt(10) == 0;
        out.add(ev.apply(AuditEventType.SCOPE_DECIDED, t.plusSeconds(5)).actor("jenkins").outcome(deny ? "deny" : "allow").build());
        if (deny) {
            return out;
        }
        Instant end = t.plusSeconds(10);
        if (tier.atLeast(RiskTier.HIGH)) {
            out.add(ev.apply(AuditEventType.APPROVAL_REQUESTED, t.plusSeconds(10)).build());
            end = t.plusSeconds(60 + r.nextInt(7200));
            out.add(ev.apply(AuditEventType.APPROVAL_GIVEN, end).actor("person-" + r.nextInt(40)).outcome("approved").build());
        }
        end = end.plusSeconds(300);
        out.add(ev.apply(AuditEventType.DEPLOYMENT_DONE, end).outcome("success").build());
        if (r.nextInt(20) == 0) {
            out.add(ev.apply(AuditEventType.ROLLBACK, end.plusSeconds(600)).outcome("rolled-back").build());
        }
        return out;
    }
}
