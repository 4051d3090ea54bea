package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which environment names are production: the built-in policy's globs, production words, look-alikes, the policy's own
 * non-production names, and failing closed; conditions and autonomy levels decide it the same way.
 */
class EnvironmentPolicyTest {

    private final EnvironmentPolicy builtIn = BuiltInPolicy.policy().environments();
    /** An organisation's own names: eu-* is production, perf, load-*, loadtest, demo and sbx-eu are not. */
    private final EnvironmentPolicy own =
            new EnvironmentPolicy(List.of("prod", "eu-*"), List.of("perf", "load-*", "loadtest", "demo", "sbx-eu"));

    @ParameterizedTest
    @ValueSource(strings = {"prod", "PROD", "production", "prod-eu", "eu-prod", "prd", "live", "prod1", "eu_prod_2",
            "\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "Pro\u00addUction", "eu-west", "prodeu", "unknownenv", "perf", " ", ""})
    void productionLookAlikesAndUnclassifiedNamesAreProduction(String name) {
        assertThat(builtIn.isProduction(name)).as(name).isTrue();
        assertThat(new EnvironmentPolicy(List.of(), List.of()).isProduction(name)).as(name + " without globs").isTrue();
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
        assertThat(new EnvironmentPolicy(List.of("eu-*"), null).isProduction(name)).as(name).isTrue();
    }

    // ---- environments.nonProduction

    /** name, production under {@link #own}, production under the built-in policy. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "perf            | false | true",
            "PERF            | false | true",
            "' perf '        | false | true",
            "\uff30\uff25\uff32\uff26 | false | true",
            "pe\u200brf      | false | true",
            "load-eu         | false | true",
            "LOAD-1          | false | true",
            "loadtest        | false | true",
            "demo            | false | true",
            "sbx-eu          | false | true",
            "SBX-EU          | false | true",
            "dev             | false | false",
            "staging-eu      | false | false",
            "perf-prod       | true  | true",
            "prod-perf       | true  | true",
            "load-prod       | true  | true",
            "load-live       | true  | true",
            "demo_prd        | true  | true",
            "\uff50\uff45\uff52\uff46-\uff50\uff52\uff4f\uff44 | true | true",
            "perf-\u0440rod  | true  | true",
            "eu-perf         | true  | true",
            "eu-dev          | true  | false",
            "eu-west         | true  | true",
            "perfx           | true  | true",
            "performance     | true  | true",
            "sbx             | true  | true",
            "load            | true  | true",
            "unknown         | true  | true",
            "''              | true  | true"})
    void theOrganisationsNonProductionNamesAreNotProductionUnlessProductionWins(String name, boolean production, boolean builtInProduction) {
        assertThat(own.isProduction(name)).as(name).isEqualTo(production);
        assertThat(builtIn.isProduction(name)).as(name + " under the built-in policy").isEqualTo(builtInProduction);
    }

    /**
     * Spellings the production-word test cannot read (small capitals, accents, other scripts' digits, blank-looking
     * symbols, bidirectional controls) and production words behind digits are production, even inside a non-production
     * glob ({@code load-*}) or next to a non-production word: found by the red team, each was non-production before.
     */
    @ParameterizedTest
    @ValueSource(strings = {"load-pr0d1", "load-pr\u043ed1", "load-\u1d18\u0280\u1d0f\u1d05", "load-\u1d18rod", "load-\u029f\u026a\u1d20\u1d07",
        "load-pr\u00f3d", "load-pr\u00f6d", "load-pr\u014dd", "load-pr\u0660d", "load-pro\u2800d", "load-\u202edorp", "load-1ive",
        "dev-pr0d1", "dev-\u1d18\u0280\u1d0f\u1d05", "staging-pr\u00f3d", "qa-\u202edorp"})
    void disguisedProductionNamesAreNeverNonProduction(String name) {
        assertThat(own.isProduction(name)).as(name).isTrue();
        assertThat(builtIn.isProduction(name)).as(name + " under the built-in policy").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"load-eu", "\uff4c\uff4f\uff41\uff44-eu", "loa\u200bd-eu", "load-2", "load-v2.1", "load-eu_7"})
    void plainSpellingsOfNonProductionNamesStayNonProduction(String name) {
        assertThat(own.isProduction(name)).as(name).isFalse();
    }

    @Test
    void anAbsentEnvironmentStaysProductionWhateverNonProductionSays() {
        assertThat(own.isProduction(null)).isTrue();
        assertThat(own.isProduction("\t")).isTrue();
    }

    @Test
    void theBuiltInPolicyNamesNoNonProductionEnvironments() {
        assertThat(builtIn.nonProduction()).isEmpty();
    }

    /** glob, the message's distinctive part. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*               | only wildcards",
            "**              | only wildcards",
            "?*              | only wildcards",
            "*-*             | only wildcards",
            "{*,?}           | only wildcards",
            "unk*            | matches 'unknown'",
            "unknown         | matches 'unknown'",
            "*own            | matches 'unknown'",
            "production      | matches 'production'",
            "prod*           | matches 'production'",
            "*ion            | matches 'production'",
            "prod            | matches 'prod'",
            "PROD            | matches 'prod'",
            "p?od            | matches 'prod'",
            "[a-z]*          | matches 'unknown'",
            "pr*             | matches 'production'",
            "*e              | matches 'live'",
            "perf-prod       | names a production word",
            "\uff50\uff52\uff4f\uff44-perf | names a production word",
            "eu-perf         | matched by the production glob 'eu-*'",
            "EU-PERF         | matched by the production glob 'eu-*'",
            "[!pul]*         | matches 'eu-west-1'",
            "*a*             | matches 'us-east-1'",
            "*s*             | matches 'eu-west-1'",
            "*x*             | matches 'x'",
            "*[0-9]*         | matches 'eu-west-1'",
            "{perf,x}*       | matches 'x'"})
    void nonProductionGlobsThatWouldMakeTheClassificationMeaninglessOrUnsafeAreRefusedNamingTheirPath(String glob, String why) {
        PolicyValidation v = new PolicyValidation();
        new EnvironmentPolicy(List.of("prod", "eu-*"), List.of("perf", glob)).validate(v, "/environments");
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("/environments/nonProduction/1");
            assertThat(f.message()).contains("'" + glob + "'").contains(why);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"perf", "load-*", "*perf*", "{perf,load}test", "sbx-??", "demo", "qa-perf", "perf[0-9]"})
    void ownNonProductionGlobsAreAccepted(String glob) {
        PolicyValidation v = new PolicyValidation();
        new EnvironmentPolicy(List.of("prod", "eu-*"), List.of(glob)).validate(v, "/environments");
        assertThat(v.findings()).as(glob).isEmpty();
    }

    @Test
    void aNonProductionGlobThatDoesNotCompileIsReportedAtItsPath() {
        PolicyValidation v = new PolicyValidation();
        new EnvironmentPolicy(List.of("prod"), List.of("perf", "load", " ")).validate(v, "/environments");
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo("/environments/nonProduction/2");
            assertThat(f.message()).contains("empty pattern");
        });
    }

    // ---- conditions (when.environments) under the policy's classification

    @ParameterizedTest
    @ValueSource(strings = {"\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "eu-west", "prodeu", "unknownenv", ""})
    void conditionsListingProductionHoldForLookAlikesAndUnclassifiedNames(String name) {
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("prod", "production", "unknown"), null, null), builtIn);
        ConditionMatcher development = ConditionMatcher.of(new Condition(List.of("dev", "staging"), null, null), builtIn);
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
        assertThat(development.matches(name, ChangeSource.HUMAN, "alice")).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "\uff44\uff45\uff56", "sta\u200bging"})
    void conditionsMatchTheFoldedNonProductionName(String name) {
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("prod", "production", "unknown"), null, null), builtIn);
        ConditionMatcher development = ConditionMatcher.of(new Condition(List.of("dev", "staging"), null, null), builtIn);
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isFalse();
        assertThat(development.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-dev", "EU-staging", "eu-west", "eu-perf", "perf-prod", "\uff50\uff45\uff52\uff46-prod"})
    void aConditionListingProductionHoldsWhereThePolicysClassificationSaysProduction(String name) {
        // before: eu-dev was production for the risk scorer (production: [eu-*]) but not for a condition listing production
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("production"), null, null), own);
        assertThat(own.isProduction(name)).as(name).isTrue();
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"perf", "PERF", "\uff50\uff45\uff52\uff46", "load-eu", "demo", "dev"})
    void aConditionListingProductionDoesNotHoldForTheOrganisationsNonProductionNames(String name) {
        ConditionMatcher production = ConditionMatcher.of(new Condition(List.of("production", "unknown"), null, null), own);
        ConditionMatcher perf = ConditionMatcher.of(new Condition(List.of("perf", "load-*", "demo", "dev"), null, null), own);
        assertThat(production.matches(name, ChangeSource.HUMAN, "alice")).as(name).isFalse();
        assertThat(perf.matches(name, ChangeSource.HUMAN, "alice")).as(name).isTrue();
        // under the built-in policy perf is unclassified, so production
        assertThat(ConditionMatcher.of(new Condition(List.of("production"), null, null), builtIn).matches("perf", ChangeSource.HUMAN, null))
                .isTrue();
    }

    // ---- autonomy levels per environment (scope.autonomy.agents[].environments)

    private static EnvironmentLevels levels(EnvironmentPolicy classification, EnvironmentLevel... entries) {
        return EnvironmentLevels.of(List.of(entries), classification);
    }

    private static EnvironmentLevel level(int level, String... environments) {
        return new EnvironmentLevel(List.of(environments), level);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "PROD", "prod-eu", "\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "Pro\u00addUction", "eu-west",
            "prodeu", "perf", "live"})
    void aProductionNameInEverySpellingGetsTheProductionEntrysLevel(String name) {
        // before: only the raw name was matched, so look-alike spellings and unclassified names fell through to the agent's level
        EnvironmentLevels l = levels(builtIn, level(1, "prod*"));
        assertThat(l.levelIn(name, 2)).as(name).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "\uff44\uff45\uff56", "qa1"})
    void aNonProductionNameNoEntryNamesGetsTheAgentsOwnLevel(String name) {
        assertThat(levels(builtIn, level(1, "prod*")).levelIn(name, 2)).as(name).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west", "eu-prod", "live", "eu_prd", "eu-\uff50\uff52\uff4f\uff44"})
    void aProductionNameNoEntryNamesNeverGetsAHigherLevelThanTheAgentsOwnFromTheProductionEntry(String name) {
        // an entry for production environments grants its level only to the names it names
        EnvironmentLevels l = levels(builtIn, level(3, "prod*"));
        assertThat(l.levelIn(name, 1)).as(name).isEqualTo(1);
        assertThat(levels(builtIn, level(3, "production")).levelIn(name, 1)).as(name).isEqualTo(1);
        assertThat(levels(builtIn, level(0, "production")).levelIn(name, 1)).as(name).isEqualTo(0);
        assertThat(l.levelIn("prod", 1)).isEqualTo(3);
        assertThat(l.levelIn("PROD-eu", 1)).isEqualTo(3);
    }

    @Test
    void anAbsentEnvironmentMatchesUnknownThenProduction() {
        assertThat(levels(builtIn, level(1, "prod*")).levelIn(null, 2)).isEqualTo(1);
        assertThat(levels(builtIn, level(1, "prod*")).levelIn(" ", 2)).isEqualTo(1);
        assertThat(levels(builtIn, level(3, "dev"), level(0, "unknown"), level(2, "prod*")).levelIn(null, 2)).isEqualTo(0);
        // an entry naming unknown names the absent environment: its level holds
        assertThat(levels(builtIn, level(3, "unknown")).levelIn(null, 1)).isEqualTo(3);
    }

    @Test
    void theOrganisationsNonProductionNamesDoNotFallBackToTheProductionEntry() {
        EnvironmentLevels l = levels(own, level(2, "perf", "load-*"), level(1, "production"));
        assertThat(l.levelIn("perf", 3)).isEqualTo(2);
        assertThat(l.levelIn("\uff30\uff25\uff32\uff26", 3)).isEqualTo(2);
        assertThat(l.levelIn("load-eu", 3)).isEqualTo(2);
        assertThat(levels(own, level(1, "production")).levelIn("demo", 2)).isEqualTo(2);
        // production wins: perf-prod is not named by perf or load-*, so it gets the production entry's level
        assertThat(l.levelIn("perf-prod", 3)).isEqualTo(1);
        // eu-west and eu-dev are production by the glob eu-*
        assertThat(l.levelIn("eu-west", 3)).isEqualTo(1);
        assertThat(l.levelIn("eu-dev", 3)).isEqualTo(1);
    }

    @Test
    void theLowestLevelWinsWhenSpellingsOfANameMatchDifferentEntries() {
        // the full-width name as given matches the first entry, its clean form prod the second: the lower level wins
        EnvironmentLevels l = levels(builtIn, level(3, "\uff50\uff52\uff4f\uff44"), level(1, "prod"));
        assertThat(l.levelIn("\uff50\uff52\uff4f\uff44", 2)).isEqualTo(1);
        assertThat(l.levelIn("prod", 2)).isEqualTo(1);
        // a production name no entry names: the lowest of the first entries for production and for unknown
        EnvironmentLevels fallback = levels(builtIn, level(2, "dev"), level(3, "production"), level(0, "unknown"));
        assertThat(fallback.levelIn("eu-west", 2)).isEqualTo(0);
    }

    @Test
    void withinOneSpellingTheFirstEntryWins() {
        // as documented: first match wins; prod is named by the first entry, so the broader second one does not lower it
        EnvironmentLevels l = levels(builtIn, level(3, "prod"), level(1, "prod*"));
        assertThat(l.levelIn("prod", 2)).isEqualTo(3);
        assertThat(l.levelIn("prod-eu", 2)).isEqualTo(1);
        // a production name an entry names gets that entry's level, not the production entry's, nor the agent's
        assertThat(levels(own, level(3, "eu-*"), level(1, "production")).levelIn("eu-west", 2)).isEqualTo(3);
    }

    /**
     * A spelling the look-alike tables do not read (small capitals, accents) meets the catch-all entry, yet stays at
     * the level of the entry for prod (red team: {@code ᴘʀᴏᴅ} got level 3 from {@code "*"} while prod got 0).
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u1d18\u0280\u1d0f\u1d05", "pr\u00f3d", "\u1d18rod-eu", "pr\u0660d"})
    void unreadableSpellingsGetNoMoreThanTheEntryForProd(String name) {
        EnvironmentLevels l = levels(builtIn, level(0, "prod"), level(3, "*"));
        assertThat(l.levelIn("prod", 1)).isZero();
        assertThat(l.levelIn(name, 1)).as(name).isZero();
        assertThat(l.levelIn("eu-west", 1)).as("a plain name the catch-all names keeps its level").isEqualTo(3);
    }

    /** An empty list item ({@code nonProduction: [perf, ~]}) is named, not a NullPointerException (red team). */
    @Test
    void anEmptyEntryIsNamed() {
        java.util.List<String> withNull = new java.util.ArrayList<>(List.of("perf"));
        withNull.add(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnvironmentPolicy(List.of(), withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nonProduction: entry 1 is empty (null); give a name glob or remove it");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnvironmentPolicy(withNull, List.of()))
                .hasMessageStartingWith("production: entry 1 is empty");
    }
}
