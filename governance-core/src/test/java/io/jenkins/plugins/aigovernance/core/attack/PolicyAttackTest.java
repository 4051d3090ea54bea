package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.policy.Glob;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attempts to write policy rules that look like they govern a path but never match one: spellings
 * normalized paths never have. Each is refused by validation, naming the field and the spelling to use.
 */
class PolicyAttackTest {

    private static String policyWithPath(String glob) {
        return """
                apiVersion: ai-governance/v1
                metadata: {name: p, version: "1"}
                risk:
                  rules:
                    - id: iam-files
                      tier: CRITICAL
                      reason: IAM documents
                      match: {paths: ['%s']}
                """.formatted(glob);
    }

    @Test
    void pathGlobsThatCanNeverMatchAreRefusedByValidation() {
        for (String glob : List.of("infra//iam/**", "infra/iam/", "infra\\iam\\*.json", "infra/iam\\policy.json", "infra/\\\\x", "iam\\")) {
            assertThatThrownBy(() -> new PolicyLoader().parse("policy.yml", policyWithPath(glob).getBytes(StandardCharsets.UTF_8), "file"))
                    .as(glob).isInstanceOf(PolicyException.class).hasMessageContaining("policy.yml")
                    .hasMessageContaining("risk.rules[0].match.paths[0]");
        }
    }

    @Test
    void theMessageNamesTheSpellingToUse() {
        assertThatThrownBy(() -> Glob.path("infra//iam/**")).hasMessageContaining("'infra/iam/**'");
        assertThatThrownBy(() -> Glob.path("infra/iam/")).hasMessageContaining("'infra/iam/**'");
        assertThatThrownBy(() -> Glob.path("infra\\iam\\policy.json")).hasMessageContaining("'infra/iam/policy.json'");
    }

    @Test
    void escapesOfPatternCharactersStillWork() {
        assertThat(Glob.path("app/\\[id\\]/page.tsx").matches("app/[id]/page.tsx")).isTrue();
        assertThat(Glob.path("app/\\{x\\}.ts").matches("app/{x}.ts")).isTrue();
        assertThat(Glob.path("./docs/**").matches("docs/a.md")).isTrue();
        assertThat(Glob.path("/Jenkinsfile").matches("Jenkinsfile")).isTrue();
    }

    @Test
    void typePatternsWithSpacesOrLookAlikeLettersAreRefused() {
        for (String type : List.of(" aws_iam_*", "aws_iam_rol\u0435", "Cluster\u200bRole")) {
            String yaml = """
                    apiVersion: ai-governance/v1
                    metadata: {name: p, version: "1"}
                    risk:
                      rules:
                        - id: iam
                          tier: CRITICAL
                          reason: IAM
                          match: {resourceTypes: ['%s']}
                    """.formatted(type);
            assertThatThrownBy(() -> new PolicyLoader().parse("policy.yml", yaml.getBytes(StandardCharsets.UTF_8), "file")).as(type)
                    .isInstanceOf(PolicyException.class).hasMessageContaining("risk.rules[0].match.resourceTypes[0]")
                    .hasMessageContaining("ASCII");
        }
        assertThat(Glob.type("aws_iam_*").matches("AWS_IAM_ROLE")).isTrue();
    }

    // ---- environments.nonProduction: a glob that would take production names out of production

    @Test
    void nonProductionGlobsThatWouldDeclassifyProductionOrUnknownEnvironmentsAreRefusedNamingLineAndField() {
        for (String glob : List.of("*", "**", "?*", "*-*", "unk*", "prod*", "*ion", "p?od", "[a-z]*", "*e", "perf-prod")) {
            String yaml = """
                    apiVersion: ai-governance/v1
                    metadata: {name: p, version: "1"}
                    environments:
                      nonProduction:
                        - perf
                        - '%s'
                    """.formatted(glob);
            PolicyException e = catchPolicy(yaml);
            assertThat(e.problems()).as(glob).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("environments.nonProduction[1]");
                assertThat(p.line()).isEqualTo(6);
                assertThat(p.message()).contains("'" + glob + "'");
            });
        }
    }

    @Test
    void theSameGlobsAreRefusedInAJsonPolicyAndNamesTheProductionGlobsMatchAreToo() {
        String json = "{\"apiVersion\": \"ai-governance/v1\", \"environments\": {\"nonProduction\": [\"perf\", \"demo\", \"**\"]}}";
        assertThat(catchPolicy(json).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("environments.nonProduction[2]");
            assertThat(p.message()).contains("only wildcards");
        });
        // a name the file's own production globs match would never apply: refused, not silently ignored
        String yaml = "apiVersion: ai-governance/v1\nenvironments:\n  production: [prod, \"eu-*\"]\n  nonProduction: [eu-perf]\n";
        assertThat(catchPolicy(yaml).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("environments.nonProduction[0]");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("production glob 'eu-*'");
        });
    }

    private static PolicyException catchPolicy(String text) {
        try {
            new PolicyLoader().parse("policy.yml", text.getBytes(StandardCharsets.UTF_8), "file");
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("policy was accepted:\n" + text);
    }
}
