package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of the shared real-input corpus ({@code ../shared/corpus}, see its SOURCES.md: checkov and
 * terraform-compliance plan fixtures, Argo Rollouts, Argo CD and ingress-nginx manifests, AWS service control
 * policies) through the CLI: every Terraform plan is read, every file that is not a plan is refused saying what it
 * is, every manifest and IAM document is read or refused with a named reason, nothing ends in an internal error.
 * Prints the tier distribution. Skipped, saying so, when the corpus is absent (a user's clone); the files are
 * never copied into the project.
 */
class CorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path corpus;

    @TempDir
    Path dir;

    private GitFixture git;

    @BeforeAll
    static void findCorpus() {
        corpus = locate().orElse(null);
        if (corpus == null) {
            System.out.println("CorpusTest skipped: no corpus at ../shared/corpus or ../../shared/corpus (from the project root) "
                    + "and AIGOV_CORPUS is not set");
        }
        assumeTrue(corpus != null, "the real-input corpus (../shared/corpus) is absent");
    }

    /** {@code -Daigov.corpus} / {@code AIGOV_CORPUS}, else {@code ../shared/corpus} or {@code ../../shared/corpus} from the project root. */
    static Optional<Path> locate() {
        List<Path> candidates = new ArrayList<>();
        String given = System.getProperty("aigov.corpus", System.getenv("AIGOV_CORPUS"));
        if (given != null && !given.isBlank()) {
            candidates.add(Path.of(given));
        }
        Path here = Path.of("").toAbsolutePath();
        // tests run in the module folder; the project root is its parent
        for (Path root : new Path[] {here, here.getParent()}) {
            if (root != null) {
                candidates.add(root.resolve("../shared/corpus").normalize());
                candidates.add(root.resolve("../../shared/corpus").normalize());
            }
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("SOURCES.md"))).findFirst();
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# corpus\n").commit("initial");
        git.write("README.md", "# corpus\n\nreal inputs\n").commit("docs");
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** What the file itself says it is, read independently of the reader under test. */
    private static boolean isPlan(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile()); // detects UTF-16 by its byte order mark, as Jackson does
            return n.isObject() && n.hasNonNull("format_version") && !n.has("values")
                    && (n.has("resource_changes") || n.has("planned_values"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void everyPlanIsReadAndEveryNonPlanRefusedSayingWhatItIs() throws Exception {
        Map<String, Integer> tiers = new TreeMap<>();
        Map<String, Integer> formats = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        String repo = git.directory().toString();
        for (Path plan : files(corpus.resolve("terraform-plans"))) {
            Result r = run("risk", "--repo", repo, "--plan", plan.toString(), "--json", "-e", "dev");
            assertThat(r.code()).as("%s: %s", plan, r.err()).isNotEqualTo(ExitCode.INTERNAL_ERROR);
            if (isPlan(plan)) {
                assertThat(r.code()).as("%s must be read: %s", plan, r.err()).isEqualTo(ExitCode.OK);
                JsonNode doc = JSON.readTree(r.out());
                tiers.merge(doc.path("tier").asText(), 1, Integer::sum);
                formats.merge(JSON.readTree(plan.toFile()).path("format_version").asText(), 1, Integer::sum);
            } else {
                assertThat(r.code()).as("%s is not a plan", plan).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(r.err()).contains(plan.getFileName().toString()).contains("not a Terraform plan: this looks like")
                        .doesNotContain("\tat ");
                refused.add(plan.getFileName() + ": " + r.err().substring(r.err().indexOf("this looks like")).strip());
            }
        }
        System.out.println("corpus plans: read " + tiers.values().stream().mapToInt(Integer::intValue).sum() + " by format_version "
                + formats + ", tiers " + tiers + "; refused " + refused.size());
        refused.forEach(x -> System.out.println("  refused " + x));
        assertThat(formats).containsKeys("0.1", "0.2");
    }

    @Test
    void everyManifestFileIsReadOrRefusedWithANamedReason() throws Exception {
        Map<String, Integer> tiers = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        String repo = git.directory().toString();
        for (Path file : files(corpus.resolve("kubernetes"))) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".yaml") && !name.endsWith(".yml") && !name.endsWith(".json")) {
                continue;
            }
            Result r = run("risk", "--repo", repo, "--manifests", file.toString(), "--json", "-e", "staging");
            assertThat(r.code()).as("%s: %s", file, r.err()).isIn(ExitCode.OK, ExitCode.BAD_INPUT);
            if (r.code() == ExitCode.OK) {
                tiers.merge(JSON.readTree(r.out()).path("tier").asText(), 1, Integer::sum);
            } else {
                assertThat(r.err()).as(file.toString()).contains(name).doesNotContain("\tat ").doesNotContain("Exception");
                refused.add(corpus.relativize(file) + ": " + r.err().strip());
            }
        }
        System.out.println("corpus manifests (--manifests FILE): tiers " + tiers + "; refused " + refused.size());
        refused.forEach(x -> System.out.println("  refused " + x));
        assertThat(tiers).isNotEmpty();
    }

    /** Each IAM document as the one file of a change: read as an IAM policy document, or read fail-closed and named. */
    @Test
    void everyIamDocumentIsReadOrReadFailClosedNamed() throws Exception {
        Map<String, Integer> tiers = new TreeMap<>();
        int failClosed = 0;
        for (Path file : files(corpus.resolve("iam-policies"))) {
            String rel = corpus.relativize(file).toString().replace('\\', '/');
            git.write(rel, Files.readAllBytes(file)).commit("add " + rel);
            Result r = run("risk", "--repo", git.directory().toString(), "--json", "-e", "dev");
            assertThat(r.code()).as("%s: %s", rel, r.err()).isEqualTo(ExitCode.OK);
            JsonNode doc = JSON.readTree(r.out());
            boolean read = false;
            for (JsonNode reason : doc.path("reasons")) {
                for (JsonNode subject : reason.path("subjects")) {
                    read |= subject.asText().equals(rel) && reason.path("rule").asText().equals("iam");
                }
            }
            boolean noted = false;
            for (JsonNode n : doc.path("notes")) {
                noted |= n.path("input").asText().equals(rel) && n.path("kind").asText().equals("read-fail-closed");
            }
            assertThat(read).as("%s is read as an IAM policy document", rel).isTrue();
            if (noted) {
                failClosed++;
                assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
            }
            tiers.merge(doc.path("tier").asText(), 1, Integer::sum);
        }
        System.out.println("corpus IAM documents: tiers " + tiers + ", " + failClosed + " read fail-closed (named in the notes)");
    }

    /**
     * The manifests and IAM documents as files of one change: the gate never stops (no exit 2 or 3); each document
     * is read (a resource naming its file) or read fail-closed with a note naming it, or is a template or not an input.
     */
    @Test
    void aChangeAddingEveryManifestAndPolicyDocumentIsScored() throws Exception {
        List<String> added = new ArrayList<>();
        for (String folder : List.of("kubernetes", "iam-policies")) {
            for (Path file : files(corpus.resolve(folder))) {
                String rel = corpus.relativize(file).toString().replace('\\', '/');
                git.write(rel, Files.readAllBytes(file));
                added.add(rel);
            }
        }
        git.commit("add the corpus");
        Result r = run("risk", "--repo", git.directory().toString(), "--base", "HEAD~1", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode doc = JSON.readTree(r.out());
        Map<String, String> noted = new TreeMap<>();
        for (JsonNode n : doc.path("notes")) {
            noted.put(n.path("input").asText(), n.path("kind").asText());
        }
        Result scope = run("scope", "--repo", git.directory().toString(), "--base", "HEAD~1", "--json");
        assertThat(scope.code()).as(scope.err()).isIn(ExitCode.OK, ExitCode.GATE_FAILED);
        int iamDocs = 0;
        int failClosed = 0;
        for (String rel : added) {
            if (rel.startsWith("iam-policies/") && rel.endsWith(".json")) {
                iamDocs++;
                if ("read-fail-closed".equals(noted.get(rel))) {
                    failClosed++;
                }
            }
        }
        System.out.println("corpus as one change: tier " + doc.path("tier").asText() + ", " + doc.path("summary").path("resources").asInt()
                + " resources from " + added.size() + " files; " + iamDocs + " IAM documents, " + failClosed + " read fail-closed; notes "
                + noted.values().stream().collect(java.util.stream.Collectors.groupingBy(k -> k, TreeMap::new,
                        java.util.stream.Collectors.counting())));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("summary").path("resources").asInt()).isPositive();
    }
}
