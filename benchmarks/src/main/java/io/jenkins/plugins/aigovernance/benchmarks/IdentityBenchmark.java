package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.provenance.Trailers;
import java.util.ArrayList;
import java.util.List;
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
 * The identity model's cost: folding (NFKC case folding + UTS #39 skeleton) and catalogue lookups
 * for {@code people} approver spellings, and {@link Trailers#everywhere} over a commit message of
 * {@code lines} lines. Two sizes of each show linear growth.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IdentityBenchmark}, or for a quick printed
 * measurement: {@code java -cp benchmarks/target/benchmarks.jar io.jenkins.plugins.aigovernance.benchmarks.IdentityBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class IdentityBenchmark {

    @Param({"1000", "10000"})
    public int people;

    @Param({"1000", "10000"})
    public int lines;

    private List<String> spellings;
    private String message;

    @Setup
    public void setUp() {
        spellings = new ArrayList<>(people);
        for (int i = 0; i < people; i++) {
            spellings.add(i % 3 == 0 ? "Person" + i + "+ops@corp.example" : i % 3 == 1 ? "p\u200Berson" + i : "12345+person" + i + "@users.noreply.github.com");
        }
        StringBuilder sb = new StringBuilder("Subject\n\n");
        for (int i = 0; i < lines; i++) {
            sb.append(i % 10 == 0 ? "\n" : "").append(i % 2 == 0 ? "Signed-off-by: P" + i + " <p" + i + "@corp.example>\n" : "Some prose line " + i + "\n");
        }
        message = sb.append("Co-authored-by: Claude <noreply@anthropic.com>\n").toString();
    }

    /** Identities and catalogue checks of every approver spelling. */
    @Benchmark
    public int identities() {
        int ai = 0;
        for (String s : spellings) {
            Identity.of(s, null);
            ai += AgentCatalogue.builtIn().matchAccount(s, null).isPresent() ? 1 : 0;
        }
        return ai;
    }

    /** Every trailer of a long message. */
    @Benchmark
    public int trailersEverywhere() {
        return Trailers.everywhere(message).all().size();
    }

    public static void main(String[] args) {
        for (int size : new int[] {1000, 10000}) {
            IdentityBenchmark b = new IdentityBenchmark();
            b.people = size;
            b.lines = size;
            b.setUp();
            for (int warm = 0; warm < 5; warm++) {
                b.identities();
                b.trailersEverywhere();
            }
            long t0 = System.nanoTime();
            b.identities();
            long t1 = System.nanoTime();
            int n = b.trailersEverywhere();
            long t2 = System.nanoTime();
            System.out.printf("identities + catalogue: %,6d spellings: %6.1f ms; Trailers.everywhere: %,6d lines (%d trailers): %6.1f ms%n",
                    size, (t1 - t0) / 1e6, size, n, (t2 - t1) / 1e6);
        }
    }
}
