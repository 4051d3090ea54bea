package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help, version, colour, policy validation and report explanations as a user sees them. */
class CliPolishTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Every command path: [], [risk], [audit, verify], ... */
    private static List<List<String>> commands(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(prefix);
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help") && sub.getValue().getCommandName().equals(sub.getKey())) {
                List<String> p = new ArrayList<>(prefix);
                p.add(sub.getKey());
                commands(sub.getValue(), p, out);
            }
        }
        return out;
    }

    @Test
    void everyCommandsHelpListsItsExitCodesWithoutColour() {
        List<List<String>> all = commands(Aigov.commandLine(false), List.of(), new ArrayList<>());
        assertThat(all.size()).isGreaterThan(10);
        for (List<String> command : all) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as("%s", command).isEqualTo(ExitCode.OK);
            assertThat(r.out()).as("%s", command).contains("Exit codes:").contains("2   bad input").contains("3   internal error")
                    .doesNotContain("\u001B[");
        }
    }

    @Test
    void usageErrorsCarryNoColourCodes() {
        Result r = run("risk", "--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("Unknown option").doesNotContain("\u001B[");
        assertThat(Aigov.terminal(Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Aigov.terminal(Map.of("TERM", "dumb"))).isFalse();
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = run("--version");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        // the build hands the test its project version (surefire systemPropertyVariables), whatever the release scheme
        String version = System.getProperty("aigov.project.version");
        assertThat(version).isNotBlank().doesNotStartWith("${");
        assertThat(r.out()).startsWith("aigov " + version + System.lineSeparator()).doesNotContain("development build").contains("Java ");
    }

    @Test
    void thePolicyHeaderNamesCommandsThatExist() {
        Matcher m = Pattern.compile("`(aigov [^`]+)`").matcher(new PolicyLoader().defaultsYaml().lines().takeWhile(l -> l.startsWith("#"))
                .reduce("", (a, b) -> a + b + "\n"));
        int found = 0;
        while (m.find()) {
            found++;
            List<String> args = new ArrayList<>(List.of(m.group(1).substring("aigov ".length()).split(" ")));
            args.add("--help");
            assertThat(run(args.toArray(String[]::new)).code()).as(m.group(1)).isEqualTo(ExitCode.OK);
        }
        assertThat(found).isPositive();
    }

    @Test
    void policyValidateReportsEveryProblemAtOnce() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yml"), """
                apiVersion: ai-governance/v1
                metadata: {name: team, version: "1"}
                risk:
                  defaultTier: MEDIUMISH
                  colour: blue
                  rules:
                    - {id: a, tier: SEVERE, reason: A, match: {paths: ["a/**"]}}
                    - {id: b, tier: HIGH, reason: "", match: {paths: ["b/**"]}}
                """);
        Result r = run("policy", "validate", policy.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("policy.yml:4:").contains("risk.defaultTier").contains("MEDIUMISH")
                .contains("colour").contains("SEVERE");
        assertThat(r.err()).containsPattern("invalid policy \\(([3-9]|\\d\\d) problems\\)");
    }

    @Test
    void reportsSayWhyAndWhichFile() throws Exception {
        GitFixture git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# app\n").commit("initial");
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\ndata: {a: '%s'}\n";
        git.write("k8s/a.yaml", cm.formatted("1")).write("k8s/b.yaml", cm.formatted("2")).commit("same object twice");
        Path plan = Files.writeString(dir.resolve("plan.json"), new TerraformPlanFixture()
                .change("aws_iam_role_policy.app", "aws_iam_role_policy", "[\"create\"]", "{\"policy\":7}")
                .json().replaceFirst("\\{", "{\"complete\":false,"));

        Result text = run("risk", "--repo", git.directory().toString(), "--plan", plan.toString());
        assertThat(text.code()).as(text.err()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("notes").contains("complete: false").contains("policy is not a JSON string; treated as Allow * on *")
                .contains("ConfigMap/shop/app (k8s/a.yaml)").contains("destroyed (0 stateful or network)");
        Result json = run("risk", "--repo", git.directory().toString(), "--plan", plan.toString(), "--json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        List<String> kinds = new ArrayList<>();
        doc.path("notes").forEach(n -> kinds.add(n.path("kind").asText()));
        assertThat(kinds).contains("plan-incomplete", "read-fail-closed");
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("summary").path("destroyedStatefulOrNetwork").asInt()).isZero();
    }
}
