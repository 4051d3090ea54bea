package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private final PolicyLoader loader = new PolicyLoader();

    private GovernancePolicy parse(String yaml) {
        return loader.parse(".ai-governance.yml", yaml.getBytes(StandardCharsets.UTF_8), "file");
    }

    private PolicyException failure(String yaml) {
        try {
            parse(yaml);
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("policy was accepted:\n" + yaml);
    }

    @Test
    void builtInDefaultsReproduceTheSeedMatrix() {
        GovernancePolicy p = loader.defaults();
        assertThat(p.source().origin()).isEqualTo("built-in");
        assertThat(p.risk().defaultTier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(p.risk().rules()).extracting(RiskRule::id)
                .contains("docs", "tests", "lint-config", "non-prod-config", "dependency-update", "staging-deployment",
                        "production-paths", "shared-config", "iam", "network-policy", "rbac", "secrets",
                        "account-level-iam", "schema-migration", "certificates", "billing", "auth", "governance-policy", "ci-definitions");
        assertThat(p.provenance().unknownAs()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(p.versionLabel()).startsWith("builtin@1 (sha256:");
    }

    @Test
    void userRulesMergeOverDefaultsById() {
        GovernancePolicy p = parse("""
                apiVersion: ai-governance/v1
                metadata: {name: payments, version: "7"}
                risk:
                  rules:
                    - id: docs
                      enabled: false
                    - id: tests
                      tier: MEDIUM
                    - id: ledger
                      tier: CRITICAL
                      reason: Ledger code
                      match:
                        paths: ["ledger/**"]
                """);
        assertThat(p.risk().rules()).filteredOn(r -> r.id().equals("docs")).singleElement().satisfies(r -> assertThat(r.active()).isFalse());
        assertThat(p.risk().rules()).filteredOn(r -> r.id().equals("tests")).singleElement().satisfies(r -> {
            assertThat(r.tier()).isEqualTo(RiskTier.MEDIUM);
            assertThat(r.match().paths()).isNotEmpty(); // kept from the built-in rule
        });
        assertThat(p.risk().rules()).extracting(RiskRule::id).contains("ledger", "iam", "ci-definitions");
        assertThat(p.versionLabel()).startsWith("payments@7 (sha256:");
        assertThat(p.source().origin()).isEqualTo("file");
    }

    @Test
    void extendsNoneUsesOnlyTheFile() {
        GovernancePolicy p = parse("""
                apiVersion: ai-governance/v1
                extends: none
                risk:
                  rules:
                    - {id: all, tier: HIGH, reason: Everything, match: {paths: ["**"]}}
                """);
        assertThat(p.risk().rules()).extracting(RiskRule::id).containsExactly("all");
        assertThat(p.provenance().aiIdentities()).isEmpty();
    }

    @Test
    void nonProductionNamesAreReadAndTheBuiltInProductionGlobsStay() {
        GovernancePolicy p = parse("""
                apiVersion: ai-governance/v1
                environments:
                  nonProduction: [perf, "load-*"]
                """);
        assertThat(p.environments().nonProduction()).containsExactly("perf", "load-*");
        assertThat(p.environments().production()).isEqualTo(loader.defaults().environments().production());
        assertThat(p.environments().isProduction("perf")).isFalse();
        assertThat(p.environments().isProduction("load-eu")).isFalse();
        assertThat(p.environments().isProduction("perf-prod")).isTrue();
        assertThat(loader.defaults().environments().isProduction("perf")).isTrue();
        assertThat(loader.toYaml(p)).contains("nonProduction:").contains("- perf");
        assertThat(loader.defaultsYaml()).contains("nonProduction: []");
    }

    @Test
    void unknownFieldIsNamedWithLineAndKnownFields() {
        PolicyException e = failure("""
                apiVersion: ai-governance/v1
                risk:
                  rulez: []
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(".ai-governance.yml");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.field()).isEqualTo("risk.rulez");
            assertThat(p.message()).contains("unknown field 'rulez'").contains("rules");
        });
        assertThat(e.getMessage()).contains(".ai-governance.yml:3:");
    }

    @Test
    void badTierNamesFileLineAndField() {
        PolicyException e = failure("""
                apiVersion: ai-governance/v1
                risk:
                  rules:
                    - id: x
                      tier: HIHG
                      reason: typo
                      match: {paths: ["x/**"]}
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.field()).isEqualTo("risk.rules[0].tier");
            assertThat(p.message()).contains("unknown risk tier 'HIHG'");
        });
    }

    @Test
    void semanticProblemsAreAllReportedWithLines() {
        PolicyException e = failure("""
                apiVersion: ai-governance/v1
                risk:
                  rules:
                    - id: a
                      tier: HIGH
                      reason: r
                      match:
                        paths: ["../etc/**"]
                    - id: b
                      tier: LOW
                      reason: r
                      match:
                        pathPatterns: ["(x)\\\\1"]
                    - id: c
                      tier: LOW
                      match: {}
                  services:
                    - name: api
                      dependsOn: [nope]
                """);
        assertThat(e.problems()).extracting(PolicyProblem::field)
                .containsExactlyInAnyOrder("risk.rules[0].match.paths[0]", "risk.rules[1].match.pathPatterns[0]",
                        "risk.rules[2].reason", "risk.rules[2].match", "risk.services[0].dependsOn[0]");
        assertThat(e.problems()).filteredOn(p -> p.field().equals("risk.rules[0].match.paths[0]")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(8));
        assertThat(e.problems()).filteredOn(p -> p.field().equals("risk.services[0].dependsOn[0]")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unknown service 'nope'"));
    }

    @Test
    void apiVersionIsRequiredAndChecked() {
        assertThat(failure("risk: {}\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("apiVersion is required"));
        assertThat(failure("apiVersion: ai-governance/v9\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unsupported apiVersion 'ai-governance/v9'"));
    }

    @Test
    void malformedYamlIsAClearError() {
        PolicyException e = failure("apiVersion: ai-governance/v1\nrisk: [unclosed\n");
        assertThat(e.getMessage()).contains(".ai-governance.yml:");
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isGreaterThan(0));
    }

    @Test
    void duplicateKeysAreRefused() {
        PolicyException e = failure("apiVersion: ai-governance/v1\nrisk: {}\nrisk: {}\n");
        assertThat(e.getMessage()).containsIgnoringCase("duplicate");
    }

    @Test
    void yamlAliasBombIsRefusedQuickly() {
        StringBuilder y = new StringBuilder("apiVersion: ai-governance/v1\nmetadata:\n  description: x\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        PolicyException e = failure(y.toString());
        assertThat(e.getMessage()).contains(".ai-governance.yml");
    }

    @Test
    void emptyAndOversizedFilesAreRefused(@TempDir Path dir) throws Exception {
        assertThat(failure("").getMessage()).contains("empty");
        Path big = dir.resolve("big.yml");
        Files.write(big, new byte[PolicyLoader.MAX_BYTES + 1]);
        assertThatThrownBy(() -> loader.load(big)).isInstanceOf(InvalidInputException.class).hasMessageContaining("over the limit");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yml"))).hasMessageContaining("missing.yml").hasMessageContaining("not found");
    }

    @Test
    void loadingNeverChangesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(".ai-governance.yml");
        String bad = "apiVersion: ai-governance/v1\nrisk:\n  rules: [ {id: x, tier: NOPE} ]\n";
        Files.writeString(f, bad);
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(PolicyException.class);
        assertThat(Files.readString(f)).isEqualTo(bad);
    }

    @Test
    void defaultsRoundTripThroughYaml() {
        String yaml = loader.toYaml(loader.defaults());
        GovernancePolicy again = loader.parse("printed.yml", yaml.getBytes(StandardCharsets.UTF_8), "file");
        assertThat(again.risk()).isEqualTo(loader.defaults().risk());
        assertThat(again.provenance()).isEqualTo(loader.defaults().provenance());
    }

    @Test
    void unescapedBotBracketsInIdentitiesAreRefusedWithTheFix() {
        PolicyException e = failure("""
                apiVersion: ai-governance/v1
                provenance:
                  aiIdentities:
                    - id: deploy-bot
                      names: ["deploy[bot]"]
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("provenance.aiIdentities[0].names[0]");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("'[bot]'").contains("'\\[bot\\]'");
        });
        GovernancePolicy ok = parse("""
                apiVersion: ai-governance/v1
                provenance:
                  aiIdentities:
                    - id: deploy-bot
                      names: ['deploy\\[bot\\]']
                """);
        assertThat(ok.provenance().aiIdentities()).anySatisfy(i -> assertThat(i.id()).isEqualTo("deploy-bot"));
        assertThat(Glob.identity("deploy\\[bot\\]").matches("deploy[bot]")).isTrue();
    }
}
