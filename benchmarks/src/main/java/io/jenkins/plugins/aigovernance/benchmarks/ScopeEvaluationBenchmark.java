package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.policy.SafeRegex;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scope evaluation of {@code rules} rules (path globs, RE2 path patterns, type and address globs,
 * actions, traits, namespaces, count rules — one of them the catastrophic-backtracking pattern
 * {@code (a+)+$}) against a change of {@code resources} resources and 500 files, one of whose paths
 * is 3,000 characters of {@code a}s. Two resource counts show that the cost grows linearly.
 * {@link #hostileRegex()} matches {@code (a+)+$} alone against 100,000 {@code a}s and a {@code !}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScopeEvaluationBenchmark}, or for a quick
 * printed measurement without JMH: {@code java -cp benchmarks/target/benchmarks.jar
 * io.jenkins.plugins.aigovernance.benchmarks.ScopeEvaluationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ScopeEvaluationBenchmark {

    @Param({"200"})
    public int rules;

    @Param({"2500", "10000"})
    public int resources;

    private ScopeEvaluator evaluator;
    private ChangeContext context;
    private RiskAssessment risk;
    private SafeRegex hostile;
    private String hostileInput;

    @Setup
    public void setUp() {
        GovernancePolicy policy = new PolicyLoader().parse("benchmark.yml", policyYaml(rules).getBytes(StandardCharsets.UTF_8), "file");
        ChangeSet change = change(resources);
        Provenance agent = new Provenance(ChangeSource.AI_AGENT, "bench-agent", null, List.of(), List.of(), List.of());
        context = new ChangeContext(change, ChangeFingerprint.of(change), agent, policy, "dev", null);
        risk = new RiskScorer(policy, Clock.systemUTC()).score(change, agent, "dev");
        evaluator = new ScopeEvaluator(policy, Clock.systemUTC());
        hostile = SafeRegex.compile("(a+)+$");
        hostileInput = "a".repeat(100_000) + "!";
    }

    /** Evaluates the change: rules × (resources + files) matches, plus counts, namespaces and the autonomy budget. */
    @Benchmark
    public ScopeDecision evaluate() {
        return evaluator.evaluate(context, risk, List.of());
    }

    /** {@code (a+)+$} against 100,001 characters: exponential for a backtracking engine, linear for RE2J. */
    @Benchmark
    public boolean hostileRegex() {
        return hostile.matches(hostileInput);
    }

    static String policyYaml(int n) {
        StringBuilder y = new StringBuilder("""
                apiVersion: ai-governance/v1
                extends: none
                metadata: {name: benchmark, version: "1"}
                environments: {production: [prod]}
                risk:
                  networkTypes: ["aws_svc1*_net"]
                scope:
                  owners: [owner]
                  autonomy:
                    agents:
                      - {id: bench-agent, level: 2, namespaces: ["team-1*"]}
                  rules:
                    - id: hostile
                      message: "{path} matched a hostile pattern"
                      match: {pathPatterns: ["(a+)+$"]}
                """);
        String[] enforcement = {"advisory", "soft-mandatory", "hard-mandatory"};
        for (int i = 1; i < n; i++) {
            y.append("    - id: r").append(i).append('\n');
            y.append("      enforcement: ").append(enforcement[i % 3]).append('\n');
            y.append("      message: \"{subject} ({type}, {action}) is out of scope for {agent}: a human must review it\"\n");
            switch (i % 6) {
                case 0 -> y.append("      match: {resourceTypes: [\"aws_svc").append(i).append("_*\"]}\n");
                case 1 -> y.append("      match: {addresses: [\"module.m").append(i).append(".*\"], actions: [delete, replace]}\n");
                case 2 -> y.append("      match: {pathPatterns: [\"^services/s").append(i).append("/.*\\\\.py$\"]}\n");
                case 3 -> y.append("      match: [{traits: [network]}, {namespaces: [\"team-").append(i).append("*\"]}]\n");
                case 4 -> y.append("      maxMatches: 100\n      match: {resourceTypes: [\"aws_svc").append(i).append("_*\", \"Deployment\"]}\n");
                default -> y.append("      when: {changeSources: [ai-agent], environments: [\"dev*\"]}\n      match: {paths: [\"services/s")
                        .append(i).append("/**/*.{json,yaml}\"]}\n");
            }
        }
        return y.toString();
    }

    static ChangeSet change(int resources) {
        List<FileChange> files = new ArrayList<>();
        for (int i = 0; i < 499; i++) {
            files.add(FileChange.modified("services/s" + (i % 250) + "/pkg/m" + i + (i % 2 == 0 ? ".py" : ".yaml"), 3, 1));
        }
        files.add(FileChange.modified(("a".repeat(199) + "/").repeat(15) + "a".repeat(100) + "!", 1, 0));
        ResourceAction[] actions = {ResourceAction.CREATE, ResourceAction.UPDATE, ResourceAction.UPDATE, ResourceAction.DELETE, ResourceAction.REPLACE};
        List<ResourceChange> rs = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            if (i % 10 == 0) {
                String ns = "team-" + (i % 50);
                rs.add(new ResourceChange(ResourceSource.KUBERNETES, "Deployment/" + ns + "/d" + i, "Deployment", "apps/v1", "d" + i, ns,
                        actions[i % actions.length], Set.of(), "k8s/" + ns + ".yaml", List.of()));
            } else {
                String type = "aws_svc" + (i % 300) + (i % 7 == 0 ? "_net" : "_thing");
                rs.add(new ResourceChange(ResourceSource.TERRAFORM, "module.m" + (i % 400) + "." + type + ".r" + i, type,
                        "registry.terraform.io/hashicorp/aws", "r" + i, null, actions[i % actions.length], Set.of(), null, List.of()));
            }
        }
        return new ChangeSet("a".repeat(40), "b".repeat(40), files, rs, List.of(), List.of());
    }

    /**
     * A quick measurement without JMH's rigour, printed: the best of 7 runs per size, in thread CPU
     * time (less disturbed by other processes on a shared machine than wall time).
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int size : new int[] {2_500, 5_000, 10_000, 20_000}) {
            ScopeEvaluationBenchmark b = new ScopeEvaluationBenchmark();
            b.rules = 200;
            b.resources = size;
            b.setUp();
            for (int i = 0; i < 5; i++) {
                b.evaluate();
            }
            long best = Long.MAX_VALUE;
            ScopeDecision d = null;
            for (int i = 0; i < 7; i++) {
                long t = cpu.getCurrentThreadCpuTime();
                d = b.evaluate();
                best = Math.min(best, cpu.getCurrentThreadCpuTime() - t);
            }
            System.out.printf("scope evaluation: %d rules x %,6d resources + 500 files: %6.1f ms CPU (%s, %d violations listed)%n", b.rules, size,
                    best / 1e6, d.outcome().json(), d.violations().size());
        }
        ScopeEvaluationBenchmark b = new ScopeEvaluationBenchmark();
        b.rules = 200;
        b.resources = 10;
        b.setUp();
        long t = cpu.getCurrentThreadCpuTime();
        boolean m = b.hostileRegex();
        System.out.printf("(a+)+$ against %,d characters: %.1f ms CPU, first run (matched: %s)%n", b.hostileInput.length(),
                (cpu.getCurrentThreadCpuTime() - t) / 1e6, m);
    }
}
