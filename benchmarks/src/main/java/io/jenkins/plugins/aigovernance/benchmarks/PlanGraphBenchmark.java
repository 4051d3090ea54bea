package io.jenkins.plugins.aigovernance.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.PlanReadResult;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
import io.jenkins.plugins.aigovernance.core.change.graph.GraphBuilder;
import io.jenkins.plugins.aigovernance.core.change.graph.ResourceGraph;
import io.jenkins.plugins.aigovernance.core.change.graph.TerraformGraphReader;
import io.jenkins.plugins.aigovernance.core.change.InputLimits;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The resource graph's cost: a plan of {@code resources} resources in 100 modules with about five references each
 * (security groups, subnets, VPCs, KMS keys, roles, permission boundaries in {@code prior_state} and
 * {@code planned_values}, plus configuration references) is read and scored without the graph
 * ({@link #readAndScore()}) and read, graphed and scored ({@link #readGraphAndScore()}); the graph should cost at
 * most 1.5 times the plain read. Setup prints the plan's size, the graph's nodes and edges and the heap the graph
 * retains per resource, which should stay flat as {@code resources} grows (linear in resources, not in plan bytes).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlanGraphBenchmark -prof gc} (time per operation and
 * {@code gc.alloc.rate.norm}, bytes allocated per operation, for each size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PlanGraphBenchmark {

    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/org-boundary";

    @Param({"2500", "10000"})
    public int resources;

    private Path plan;
    private TerraformPlanReader reader;
    private RiskScorer scorer;
    private GovernancePolicy policy;
    private ChangeSet empty;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        policy = new PolicyLoader().defaults();
        scorer = new RiskScorer(policy, Clock.systemUTC());
        empty = new ChangeSet("base", "head", List.of(), List.of(), List.of(), List.of());
        plan = Files.createTempFile("plan-graph-benchmark", ".json");
        int references = writePlan(plan, resources);
        reader = new TerraformPlanReader();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        ResourceGraph g = graph(plan);
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        RiskAssessment a = readGraphAndScore();
        System.out.printf("%nplan: %d resources, %d value references written, %.1f MiB; graph: %d nodes, %d edges; retained ~%d bytes"
                + " per resource; %d dependents in %d units, tier %s%n", resources, references, Files.size(plan) / 1048576.0, g.size(),
                g.edgeCount(), (after - before) / resources, a.dependents().graph().resources(), a.dependents().units(), a.tier());
        if (g.resourceCount() <= resources) {
            throw new IllegalStateException("graph has " + g.resourceCount() + " resources");
        }
    }

    private ResourceGraph graph(Path file) {
        GraphBuilder builder = new GraphBuilder();
        TerraformGraphReader tf = new TerraformGraphReader(builder, "plan", true, InputLimits.defaults());
        PlanReadResult read = reader.read(file, tf);
        tf.finish();
        mark(builder, read.resources());
        return builder.build();
    }

    private static void mark(GraphBuilder builder, List<ResourceChange> changed) {
        for (ResourceChange r : changed) {
            OptionalInt n = builder.find("plan", r.address());
            if (n.isPresent()) {
                builder.markChanged(n.getAsInt());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(plan);
    }

    /** What {@code aigov risk --plan} cost before the graph: read the plan, score its resources. */
    @Benchmark
    public RiskAssessment readAndScore() {
        PlanReadResult read = reader.read(plan);
        return scorer.score(empty.plus(read.resources(), List.of(read.digest())), Provenance.unknown("benchmark"), "prod");
    }

    /** Read the plan with the graph in the same pass, resolve it, walk the dependents and score. */
    @Benchmark
    public RiskAssessment readGraphAndScore() {
        GraphBuilder builder = new GraphBuilder();
        TerraformGraphReader tf = new TerraformGraphReader(builder, "plan", true, InputLimits.defaults());
        PlanReadResult read = reader.read(plan, tf);
        tf.finish();
        mark(builder, read.resources());
        ChangeSet change = empty.plus(read.resources(), List.of(read.digest()));
        return scorer.score(new ChangeContext(change, ChangeFingerprint.of(change), Provenance.unknown("benchmark"), policy, "prod", null,
                builder.build()));
    }

    // ------------------------------------------------------------------ plan generation

    private static final String[] TYPES = {"aws_instance", "aws_lambda_function", "aws_iam_role", "aws_s3_bucket", "aws_security_group"};

    private static String address(int i) {
        return "module.app" + (i % 100) + "." + TYPES[i % TYPES.length] + ".r" + i;
    }

    private static String sg(int i) {
        return "sg-" + Integer.toHexString(0x100000 + i);
    }

    /** Writes the plan; returns how many value references it holds. */
    static int writePlan(Path file, int count) throws IOException {
        Random random = new Random(7);
        int[] refs = {0};
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format_version", "1.2");
            g.writeStringField("terraform_version", "1.9.8");
            g.writeObjectFieldStart("planned_values");
            tree(g, count, refs);
            g.writeEndObject();
            g.writeArrayFieldStart("resource_changes");
            for (int i = -1; i < count; i++) {
                g.writeStartObject();
                g.writeStringField("address", i < 0 ? "aws_iam_policy.boundary" : address(i));
                g.writeStringField("mode", "managed");
                g.writeStringField("type", i < 0 ? "aws_iam_policy" : TYPES[i % TYPES.length]);
                g.writeStringField("name", i < 0 ? "boundary" : "r" + i);
                g.writeStringField("provider_name", "registry.terraform.io/hashicorp/aws");
                g.writeObjectFieldStart("change");
                g.writeArrayFieldStart("actions");
                g.writeString(i < 0 || random.nextInt(100) < 5 ? "update" : "no-op");
                g.writeEndArray();
                g.writeFieldName("before");
                values(g, i, new int[1]);
                g.writeFieldName("after");
                values(g, i, new int[1]);
                g.writeObjectFieldStart("after_unknown");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("prior_state");
            g.writeStringField("format_version", "1.0");
            g.writeObjectFieldStart("values");
            tree(g, count, refs);
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("configuration");
            g.writeObjectFieldStart("root_module");
            g.writeArrayFieldStart("resources");
            g.writeStartObject();
            g.writeStringField("address", "aws_iam_policy.boundary");
            g.writeEndObject();
            g.writeEndArray();
            g.writeObjectFieldStart("module_calls");
            for (int m = 0; m < 100; m++) {
                g.writeObjectFieldStart("app" + m);
                g.writeStringField("source", "./modules/app");
                g.writeObjectFieldStart("expressions");
                g.writeObjectFieldStart("boundary_arn");
                g.writeArrayFieldStart("references");
                g.writeString("aws_iam_policy.boundary.arn");
                g.writeString("aws_iam_policy.boundary");
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
                g.writeObjectFieldStart("module");
                g.writeArrayFieldStart("resources");
                for (int i = m; i < count; i += 100) {
                    g.writeStartObject();
                    g.writeStringField("address", TYPES[i % TYPES.length] + ".r" + i);
                    g.writeStringField("mode", "managed");
                    g.writeObjectFieldStart("expressions");
                    g.writeObjectFieldStart(i % TYPES.length == 2 ? "permissions_boundary" : "vpc_security_group_ids");
                    g.writeArrayFieldStart("references");
                    if (i % TYPES.length == 2) {
                        g.writeString("var.boundary_arn");
                    } else {
                        int target = i - i % 100 + m - 100 * (1 + i % 3);
                        g.writeString(TYPES[4] + ".r" + (target < 0 ? 4 : target));
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        return refs[0];
    }

    private static void tree(JsonGenerator g, int count, int[] refs) throws IOException {
        g.writeObjectFieldStart("root_module");
        g.writeArrayFieldStart("resources");
        resource(g, -1, refs);
        g.writeEndArray();
        g.writeArrayFieldStart("child_modules");
        for (int m = 0; m < 100; m++) {
            g.writeStartObject();
            g.writeStringField("address", "module.app" + m);
            g.writeArrayFieldStart("resources");
            for (int i = m; i < count; i += 100) {
                resource(g, i, refs);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void resource(JsonGenerator g, int i, int[] refs) throws IOException {
        g.writeStartObject();
        g.writeStringField("address", i < 0 ? "aws_iam_policy.boundary" : address(i));
        g.writeStringField("mode", "managed");
        g.writeStringField("type", i < 0 ? "aws_iam_policy" : TYPES[i % TYPES.length]);
        g.writeStringField("name", i < 0 ? "boundary" : "r" + i);
        g.writeStringField("provider_name", "registry.terraform.io/hashicorp/aws");
        g.writeNumberField("schema_version", 0);
        g.writeFieldName("values");
        values(g, i, refs);
        g.writeObjectFieldStart("sensitive_values");
        g.writeEndObject();
        g.writeEndObject();
    }

    /** About 1 KiB of attributes with five references on average (two on buckets and security groups). */
    private static void values(JsonGenerator g, int i, int[] refs) throws IOException {
        g.writeStartObject();
        if (i < 0) {
            g.writeStringField("arn", BOUNDARY);
            g.writeStringField("id", BOUNDARY);
            g.writeStringField("policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
            g.writeEndObject();
            return;
        }
        String type = TYPES[i % TYPES.length];
        // each resource uses resources of the module 1-3 modules below it: links cross modules, never to itself
        int peer = Math.max(0, i - 100 * (1 + i % 3));
        int sgOf = peer - peer % TYPES.length + 4;
        int roleOf = peer - peer % TYPES.length + 2;
        g.writeStringField("id", type.equals("aws_security_group") ? sg(i) : "id-" + i);
        g.writeStringField("arn", "arn:aws:" + type + ":eu-west-1:123456789012:r/" + i);
        g.writeStringField("name", "prod-" + type + "-" + i);
        g.writeObjectFieldStart("tags");
        g.writeStringField("team", "payments");
        g.writeStringField("env", "prod");
        g.writeEndObject();
        g.writeNumberField("size", 20 + i % 500);
        g.writeBooleanField("enabled", true);
        g.writeStringField("description", "resource " + i + " of the payments platform");
        switch (type) {
            case "aws_instance", "aws_lambda_function" -> {
                g.writeArrayFieldStart(type.equals("aws_instance") ? "vpc_security_group_ids" : "security_group_ids");
                g.writeString(sg(sgOf));
                g.writeString(sg(Math.max(4, sgOf - 5)));
                g.writeEndArray();
                g.writeStringField("subnet_id", "subnet-" + (i % 30));
                g.writeStringField("kms_key_arn", "arn:aws:aws_s3_bucket:eu-west-1:123456789012:r/" + (roleOf + 1));
                g.writeStringField("role", "arn:aws:aws_iam_role:eu-west-1:123456789012:r/" + roleOf);
                refs[0] += 5;
            }
            case "aws_iam_role" -> {
                g.writeStringField("permissions_boundary", BOUNDARY);
                g.writeStringField("assume_role_policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:aws_iam_role:eu-west-1:123456789012:r/" + roleOf + "\"},\"Action\":\"sts:AssumeRole\"}]}");
                g.writeArrayFieldStart("managed_policy_arns");
                g.writeString("arn:aws:iam::aws:policy/ReadOnlyAccess");
                g.writeEndArray();
                g.writeStringField("instance_profile", "prod-profile-" + i);
                g.writeStringField("kms_key_id", "arn:aws:aws_s3_bucket:eu-west-1:123456789012:r/" + (roleOf + 1));
                refs[0] += 5;
            }
            default -> {
                g.writeStringField("vpc_id", "vpc-" + (i % 7));
                g.writeStringField("kms_master_key_id", "arn:aws:aws_s3_bucket:eu-west-1:123456789012:r/" + (roleOf + 1));
                refs[0] += 2;
            }
        }
        g.writeEndObject();
    }
}
