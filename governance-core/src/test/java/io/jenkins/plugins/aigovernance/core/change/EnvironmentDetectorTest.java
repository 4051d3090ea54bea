package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment read from changed paths: a folder that names production makes the change production. */
class EnvironmentDetectorTest {

    private static String detect(String... paths) {
        List<FileChange> files = java.util.Arrays.stream(paths).map(p -> FileChange.modified(p, 1, 0)).toList();
        return new EnvironmentDetector().detect(new ChangeSet("a", "b", files, List.of(), List.of(), List.of()))
                .map(EnvironmentDetector.Detected::environment).orElse("none");
    }

    @ParameterizedTest
    @CsvSource({
        "env/dev/prod/main.tf, production",
        "env/dev/eu-prod/main.tf, production",
        "env/prod-eu/dev/main.tf, production",
        "env/sandbox/production-eu/main.tf, production",
        "env/dev/prod1/main.tf, production",
        "overlays/dev/live_eu/kustomization.yaml, production",
        "env/dev/main.tf, development",
        "env/staging/main.tf, staging",
        "env/dev/product/main.tf, development",
        "src/preprod/app.py, staging",
        "src/app.py, none",
    })
    void aFolderNamingProductionMakesTheChangeProduction(String path, String expected) {
        assertThat(detect(path)).as(path).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "env/dev/a.tf, env/dev/eu-prod/b.tf",
        "env/sandbox/a.tf, env/sandbox/production-eu/b.tf",
    })
    void mixedEvidenceTakesProduction(String dev, String prod) {
        assertThat(detect(dev, prod)).isEqualTo("production");
        assertThat(detect(prod, dev)).isEqualTo("production");
    }

    /** The words are the runs of a-z, exactly as {@code split("[^a-z]+")} gives them (the scan replaced that split). */
    @Property(tries = 2000)
    void wordsAreTheRunsOfLowerCaseLetters(@ForAll @StringLength(max = 24) @Chars({'p', 'r', 'o', 'd', 'l', 'i', 'v', 'e', 'q', 'a',
            's', 't', 'g', 'u', 'n', '-', '_', '1', '/', '.', 'P', 'é', ' '}) String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        boolean production = false;
        boolean nonProduction = false;
        for (String word : lower.split("[^a-z]+")) {
            production |= List.of("prod", "production", "prd", "live").contains(word);
            nonProduction |= List.of("staging", "stage", "stg", "uat", "preprod", "preproduction", "test", "testing", "qa", "dev",
                    "development", "sandbox", "local").contains(word);
        }
        assertThat(EnvironmentDetector.hasProductionWord(lower)).as(lower).isEqualTo(production);
        assertThat(EnvironmentDetector.hasNonProductionWord(lower)).as(lower).isEqualTo(nonProduction);
    }
}
