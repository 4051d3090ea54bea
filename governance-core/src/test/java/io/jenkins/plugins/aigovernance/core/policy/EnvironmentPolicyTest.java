package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which environment names are production: the built-in policy's globs, production words, look-alikes, and failing closed. */
class EnvironmentPolicyTest {

    private final EnvironmentPolicy builtIn = BuiltInPolicy.policy().environments();

    @ParameterizedTest
    @ValueSource(strings = {"prod", "PROD", "production", "prod-eu", "eu-prod", "prd", "live", "prod1", "eu_prod_2",
            "\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "Pro\u00addUction", "eu-west", "prodeu", "unknownenv", "perf", " ", ""})
    void productionLookAlikesAndUnclassifiedNamesAreProduction(String name) {
        assertThat(builtIn.isProduction(name)).as(name).isTrue();
        assertThat(new EnvironmentPolicy(List.of()).isProduction(name)).as(name + " without globs").isTrue();
        assertThat(EnvironmentPolicy.namesNonProduction(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "DEV", "development", "dev-eu", "eu_dev", "sandbox", "local", "test", "qa", "qa1", "staging",
            "staging-eu", "stage", "stg", "uat", "preprod", "preproduction", "\uff44\uff45\uff56"})
    void namesOfTheNonProductionVocabularyStayNonProduction(String name) {
        assertThat(builtIn.isProduction(name)).as(name).isFalse();
        assertThat(EnvironmentPolicy.namesNonProduction(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-prod", "pre-prod", "staging-live", "qa-\uff50\uff52\uff4f\uff44"})
    void aProductionWordWinsOverANonProductionOne(String name) {
        assertThat(builtIn.isProduction(name)).as(name).isTrue();
        assertThat(EnvironmentPolicy.namesNonProduction(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-dev", "EU-dev", "\uff45\uff55-dev"})
    void aProductionGlobMatchesTheFoldedNameAlso(String name) {
        assertThat(new EnvironmentPolicy(List.of("eu-*")).isProduction(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "eu-west", "prodeu", "unknownenv", ""})
    void conditionsListingProductionHoldForLookAlikesAndUnclassifiedNames(String name) {
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("prod", "production", "unknown"), null, null));
        ConditionMatcher development = ConditionMatcher.of(new Condition(List.of("dev", "staging"), null, null));
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
        assertThat(development.matches(name, ChangeSource.HUMAN, "alice")).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "\uff44\uff45\uff56", "sta\u200bging"})
    void conditionsMatchTheFoldedNonProductionName(String name) {
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("prod", "production", "unknown"), null, null));
        ConditionMatcher development = ConditionMatcher.of(new Condition(List.of("dev", "staging"), null, null));
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isFalse();
        assertThat(development.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
    }
}
