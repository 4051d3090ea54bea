package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "*.md, README.md, true",
        "*.md, docs/guide/intro.md, true",
        "*.md, README.mdx, false",
        "**/*.md, a/b/c.md, true",
        "docs/**, docs/a/b.txt, true",
        "docs/**, docsx/a.txt, false",
        "docs/**, src/docs/a.txt, false",
        "**/src/test/**, module/src/test/java/FooTest.java, true",
        "**/src/test/**, src/test/java/FooTest.java, true",
        "**/migrations/**, db/migrations/V1__init.sql, true",
        "Jenkinsfile, Jenkinsfile, true",
        "Jenkinsfile, ci/Jenkinsfile, true",
        "Jenkinsfile, Jenkinsfile.bak, false",
        ".github/workflows/**, .github/workflows/ci.yml, true",
        "src/*.java, src/A.java, true",
        "src/*.java, src/a/A.java, false",
        "V[0-9]*__*.sql, db/V12__add_users.sql, true",
        "V[0-9]*__*.sql, db/Vx__add_users.sql, false",
        "'*.{yml,yaml}', k8s/app.yaml, true",
        "'*.{yml,yaml}', k8s/app.json, false",
        "a?c.txt, abc.txt, true",
        "a?c.txt, a/c.txt, false",
        "'**/*prod*.tfvars', env/us-prod-1.tfvars, true",
    })
    void pathGlobs(String glob, String path, boolean expected) {
        assertThat(Glob.path(glob).matches(path)).isEqualTo(expected);
    }

    @Test
    void pathMatchingIsCaseSensitiveLikeGit() {
        assertThat(Glob.path("docs/**").matches("Docs/readme.txt")).isFalse();
    }

    @Test
    void nameGlobsIgnoreCaseAndCrossSeparators() {
        assertThat(Glob.name("aws_iam_*").matches("aws_iam_role")).isTrue();
        assertThat(Glob.name("aws_iam_*").matches("aws_vpc")).isFalse();
        assertThat(Glob.name("module.network.*").matches("module.network.aws_vpc.main")).isTrue();
        assertThat(Glob.name("clusterrole").matches("ClusterRole")).isTrue();
        assertThat(Glob.name("prod*").matches("production")).isTrue();
        assertThat(Glob.name("*+Copilot@users.noreply.github.com").matches("198982749+Copilot@users.noreply.github.com")).isTrue();
    }

    @Test
    void refusesBrokenOrEscapingGlobs() {
        assertThatThrownBy(() -> Glob.path("../secrets/**")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Glob.path("a/{b,c")).hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> Glob.path("a/[bc")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> Glob.path("a**b")).hasMessageContaining("whole path segment");
        assertThatThrownBy(() -> Glob.path(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Glob.path("x".repeat(2000))).hasMessageContaining("over the limit");
    }

    @Test
    void regexMetacharactersInGlobsAreLiterals() {
        assertThat(Glob.path("a+b(1).txt").matches("a+b(1).txt")).isTrue();
        assertThat(Glob.path("*.t(x)t").matches("f.t(x)t")).isTrue();
        assertThat(Glob.path("*.t(x)t").matches("f.txt")).isFalse();
    }

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertThat(Glob.name("claude\\[bot\\]").matches("claude[bot]")).isTrue();
        assertThat(Glob.name("claude\\[bot\\]").matches("claudeb")).isFalse();
        assertThat(Glob.name("*+copilot-swe-agent\\[bot\\]@users.noreply.github.com")
                .matches("198982749+copilot-swe-agent[bot]@users.noreply.github.com")).isTrue();
        assertThat(Glob.path("weird\\*name.txt").matches("weird*name.txt")).isTrue();
        assertThat(Glob.path("weird\\*name.txt").matches("weirdXname.txt")).isFalse();
        assertThatThrownBy(() -> Glob.name("oops\\")).hasMessageContaining("escapes nothing");
        // an escaped bracket is a literal, not the start or end of a class, for the literal prefilter too
        assertThat(Glob.name("\\][ab]cd*").matches("]acd-x")).isTrue();
        assertThat(Glob.path("src/\\]x[ab]yz/*").matches("src/]xbyz/f")).isTrue();
        assertThat(Glob.name("claude\\[bot\\]*").matches("claudebot")).isFalse();
    }

    @Test
    void hostileRegexRunsInLinearTime() {
        SafeRegex r = SafeRegex.compile("(a+)+$");
        String input = "a".repeat(50_000) + "!";
        // a backtracking engine would not finish; RE2J answers at once
        assertThat(r.matches(input)).isFalse();
        assertThat(r.find("aaaa")).isTrue();
    }

    @Test
    void unsupportedRegexFeaturesAreRefusedClearly() {
        assertThatThrownBy(() -> SafeRegex.compile("(a)\\1")).hasMessageContaining("RE2 syntax");
        assertThatThrownBy(() -> SafeRegex.compile("(?=x)")).hasMessageContaining("invalid regular expression");
    }
}
