package io.jenkins.plugins.aigovernance.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.jenkins.plugins.aigovernance.core.change.PlanReadResult;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Reading a large Terraform plan ({@code terraform show -json}, about 108 MiB) with {@link TerraformPlanReader},
 * against a bare Jackson token pass over the same file, with and without the sha256 the reader computes in the same
 * pass: the reader's overhead (field matching, IAM analysis, digest) should stay within 1.5 times the bare pass.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlanReadBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PlanReadBenchmark {

    private static final String[] TYPES = {"aws_instance", "aws_s3_bucket", "aws_iam_role", "aws_iam_policy", "aws_security_group",
        "aws_db_instance", "aws_lambda_function", "aws_iam_role_policy_attachment"};

    @Param("10000")
    public int resources;

    private Path plan;
    private long planBytes;
    private TerraformPlanReader reader;
    private io.jenkins.plugins.aigovernance.core.risk.RiskScorer scorer;
    private io.jenkins.plugins.aigovernance.core.change.ChangeSet empty;
    private JsonFactory bare;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        scorer = new io.jenkins.plugins.aigovernance.core.risk.RiskScorer(
                new io.jenkins.plugins.aigovernance.core.policy.PolicyLoader().defaults(), java.time.Clock.systemUTC());
        empty = new io.jenkins.plugins.aigovernance.core.change.ChangeSet("base", "head", java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of());
        plan = Files.createTempFile("plan-benchmark", ".json");
        writePlan(plan, resources);
        planBytes = Files.size(plan);
        reader = new TerraformPlanReader();
        bare = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();
        PlanReadResult check = reader.read(plan);
        if (check.resourceCount() != resources) {
            throw new IllegalStateException("generated plan has " + check.resourceCount() + " resource changes");
        }
        System.out.printf("%nplan: %d resource changes, %.1f MiB, %d listed%n", resources, planBytes / 1048576.0, check.resources().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(plan);
    }

    /** Every token of the plan, nothing else: the floor for any streaming reader. */
    @Benchmark
    public long bareJacksonStreamingPass() throws IOException {
        long tokens = 0;
        try (InputStream in = Files.newInputStream(plan); JsonParser p = bare.createParser(in)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /** The bare pass plus the sha256 every plan read must compute: the floor for {@link #readPlan()}. */
    @Benchmark
    public long bareJacksonStreamingPassWithDigest() throws IOException, NoSuchAlgorithmException {
        long tokens = 0;
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(plan), sha256); JsonParser p = bare.createParser(in)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens + sha256.digest()[0];
    }

    @Benchmark
    public PlanReadResult readPlan() {
        return reader.read(plan);
    }

    // ------------------------------------------------------------------ plan generation

    static void writePlan(Path file, int count) throws IOException {
        Random random = new Random(42);
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format_version", "1.2");
            g.writeStringField("terraform_version", "1.9.5");
            g.writeObjectFieldStart("variables");
            g.writeObjectFieldStart("env");
            g.writeStringField("value", "prod");
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("planned_values");
            stateValues(g, count, random, 1);
            g.writeEndObject();
            g.writeArrayFieldStart("resource_changes");
            for (int i = 0; i < count; i++) {
                resourceChange(g, i, random);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("prior_state");
            g.writeStringField("format_version", "1.0");
            g.writeStringField("terraform_version", "1.9.5");
            g.writeObjectFieldStart("values");
            stateValues(g, count, random, 0);
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("configuration");
            g.writeObjectFieldStart("root_module");
            g.writeArrayFieldStart("resources");
            for (int i = 0; i < count; i++) {
                g.writeStartObject();
                g.writeStringField("address", address(i));
                g.writeStringField("mode", "managed");
                g.writeStringField("type", TYPES[i % TYPES.length]);
                g.writeStringField("name", "r" + i);
                g.writeObjectFieldStart("expressions");
                g.writeObjectFieldStart("tags");
                g.writeArrayFieldStart("references");
                g.writeString("local.tags");
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
                g.writeNumberField("schema_version", 1);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("timestamp", "2025-01-01T00:00:00Z");
            g.writeBooleanField("applyable", true);
            g.writeBooleanField("complete", true);
            g.writeBooleanField("errored", false);
            g.writeEndObject();
        }
    }

    private static String address(int i) {
        String type = TYPES[i % TYPES.length];
        return (i % 3 == 0 ? "module.app" + (i % 17) + "." : "") + type + ".r" + i;
    }

    private static void stateValues(JsonGenerator g, int count, Random random, int generation) throws IOException {
        g.writeObjectFieldStart("root_module");
        g.writeArrayFieldStart("resources");
        for (int i = 0; i < count; i++) {
            g.writeStartObject();
            g.writeStringField("address", address(i));
            g.writeStringField("mode", "managed");
            g.writeStringField("type", TYPES[i % TYPES.length]);
            g.writeStringField("name", "r" + i);
            g.writeStringField("provider_name", "registry.terraform.io/hashicorp/aws");
            g.writeNumberField("schema_version", 1);
            g.writeFieldName("values");
            attributes(g, i, random, generation);
            g.writeObjectFieldStart("sensitive_values");
            g.writeObjectFieldStart("tags");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void resourceChange(JsonGenerator g, int i, Random random) throws IOException {
        String type = TYPES[i % TYPES.length];
        int roll = random.nextInt(100);
        String[] actions = roll < 50 ? new String[] {"no-op"} : roll < 75 ? new String[] {"update"} : roll < 90 ? new String[] {"create"}
                : roll < 95 ? new String[] {"delete", "create"} : new String[] {"delete"};
        g.writeStartObject();
        g.writeStringField("address", address(i));
        if (i % 3 == 0) {
            g.writeStringField("module_address", "module.app" + (i % 17));
        }
        g.writeStringField("mode", "managed");
        g.writeStringField("type", type);
        g.writeStringField("name", "r" + i);
        g.writeStringField("provider_name", "registry.terraform.io/hashicorp/aws");
        g.writeObjectFieldStart("change");
        g.writeArrayFieldStart("actions");
        for (String a : actions) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeFieldName("before");
        if (actions[0].equals("create")) {
            g.writeNull();
        } else {
            attributes(g, i, random, 0);
        }
        g.writeFieldName("after");
        if (actions.length == 1 && actions[0].equals("delete")) {
            g.writeNull();
        } else {
            attributes(g, i, random, 1);
        }
        g.writeObjectFieldStart("after_unknown");
        g.writeBooleanField("id", actions[0].equals("create"));
        g.writeBooleanField("arn", actions[0].equals("create"));
        g.writeObjectFieldStart("tags");
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("before_sensitive");
        g.writeObjectFieldStart("tags");
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("after_sensitive");
        g.writeBooleanField("password", type.equals("aws_db_instance"));
        g.writeEndObject();
        g.writeEndObject();
        if (actions.length == 2) {
            g.writeStringField("action_reason", "replace_because_cannot_update");
        }
        g.writeEndObject();
    }

    /** About 3 KiB of attributes, like a real resource's, with IAM documents where the type has them. */
    private static void attributes(JsonGenerator g, int i, Random random, int generation) throws IOException {
        String type = TYPES[i % TYPES.length];
        g.writeStartObject();
        g.writeStringField("id", "id-" + i + "-" + Long.toHexString(random.nextLong()));
        g.writeStringField("arn", "arn:aws:service:eu-west-1:123456789012:" + type + "/r" + i);
        g.writeStringField("name", "prod-" + type + "-" + i);
        g.writeNumberField("generation", generation);
        g.writeBooleanField("enabled", true);
        g.writeNumberField("size", 20 + random.nextInt(500));
        g.writeObjectFieldStart("tags");
        g.writeStringField("team", "payments");
        g.writeStringField("env", "prod");
        g.writeStringField("cost-center", "cc-" + (i % 40));
        g.writeStringField("managed-by", "terraform");
        g.writeEndObject();
        g.writeObjectFieldStart("tags_all");
        g.writeStringField("team", "payments");
        g.writeStringField("env", "prod");
        g.writeStringField("cost-center", "cc-" + (i % 40));
        g.writeStringField("managed-by", "terraform");
        g.writeEndObject();
        g.writeArrayFieldStart("ebs_block_device");
        for (int d = 0; d < 3; d++) {
            g.writeStartObject();
            g.writeStringField("device_name", "/dev/sd" + (char) ('b' + d));
            g.writeBooleanField("delete_on_termination", true);
            g.writeBooleanField("encrypted", true);
            g.writeNumberField("iops", 3000);
            g.writeStringField("kms_key_id", "arn:aws:kms:eu-west-1:123456789012:key/" + Long.toHexString(random.nextLong()));
            g.writeNumberField("throughput", 125);
            g.writeNumberField("volume_size", 100);
            g.writeStringField("volume_type", "gp3");
            g.writeNullField("snapshot_id");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("ingress");
        for (int r = 0; r < 4; r++) {
            g.writeStartObject();
            g.writeArrayFieldStart("cidr_blocks");
            g.writeString("10." + r + ".0.0/16");
            g.writeEndArray();
            g.writeStringField("description", "ingress rule " + r);
            g.writeNumberField("from_port", 443);
            g.writeNumberField("to_port", 443);
            g.writeStringField("protocol", "tcp");
            g.writeBooleanField("self", false);
            g.writeEndObject();
        }
        g.writeEndArray();
        StringBuilder userData = new StringBuilder(1024);
        while (userData.length() < 1024) {
            userData.append(Long.toString(random.nextLong(), 36));
        }
        g.writeStringField("user_data_base64", userData.toString());
        g.writeObjectFieldStart("timeouts");
        g.writeNullField("create");
        g.writeNullField("delete");
        g.writeEndObject();
        switch (type) {
            case "aws_iam_role" -> {
                g.writeStringField("assume_role_policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                g.writeNullField("permissions_boundary");
                g.writeArrayFieldStart("managed_policy_arns");
                g.writeString("arn:aws:iam::aws:policy/ReadOnlyAccess");
                g.writeEndArray();
            }
            case "aws_iam_policy" -> g.writeStringField("policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::prod-" + i + "/*\"},{\"Effect\":\"Allow\","
                    + "\"Action\":\"" + (i % 80 == 3 ? "*" : "sqs:SendMessage") + "\",\"Resource\":\"*\"}]}");
            case "aws_s3_bucket" -> g.writeStringField("policy", "");
            case "aws_iam_role_policy_attachment" -> g.writeStringField("policy_arn",
                    i % 160 == 7 ? "arn:aws:iam::aws:policy/AdministratorAccess" : "arn:aws:iam::123456789012:policy/app-" + i);
            default -> {
            }
        }
        g.writeEndObject();
    }

    /** Reads the plan and scores its resources against every built-in rule: what {@code aigov risk --plan} costs beyond git. */
    @Benchmark
    public io.jenkins.plugins.aigovernance.core.risk.RiskAssessment readAndScorePlan() {
        PlanReadResult read = reader.read(plan);
        return scorer.score(empty.plus(read.resources(), java.util.List.of(read.digest())),
                io.jenkins.plugins.aigovernance.core.provenance.Provenance.unknown("benchmark"), "prod");
    }
}
