package io.jenkins.plugins.aigovernance.core.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CiEnvironmentTest {

    static Stream<Arguments> builds() {
        return Stream.of(
                // Jenkins multibranch pull request: BRANCH_NAME is the alias, CHANGE_BRANCH the source
                Arguments.of(Map.of("BRANCH_NAME", "PR-12", "CHANGE_BRANCH", "claude/fix-x"), "claude/fix-x", "CHANGE_BRANCH"),
                Arguments.of(Map.of("BRANCH_NAME", "feature/login"), "feature/login", "BRANCH_NAME"),
                Arguments.of(Map.of("GIT_BRANCH", "origin/copilot/fix-7"), "copilot/fix-7", "GIT_BRANCH"),
                Arguments.of(Map.of("GIT_BRANCH", "refs/remotes/origin/main"), "main", "GIT_BRANCH"),
                // GitHub Actions pull request: GITHUB_REF_NAME is 12/merge, GITHUB_HEAD_REF the source
                Arguments.of(Map.of("GITHUB_REF_NAME", "12/merge", "GITHUB_HEAD_REF", "devin/fix-y"), "devin/fix-y", "GITHUB_HEAD_REF"),
                Arguments.of(Map.of("GITHUB_REF_NAME", "main", "GITHUB_REF_TYPE", "branch"), "main", "GITHUB_REF_NAME"),
                // GitLab merge request pipeline
                Arguments.of(Map.of("CI_COMMIT_REF_NAME", "refs/merge-requests/59/head", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "test-ci"),
                        "test-ci", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
                Arguments.of(Map.of("CI_COMMIT_REF_NAME", "release/2"), "release/2", "CI_COMMIT_REF_NAME"),
                Arguments.of(Map.of("BITBUCKET_BRANCH", "feature/x"), "feature/x", "BITBUCKET_BRANCH"),
                // Azure Pipelines: refs/heads/ stripped, refs/pull/…/merge is the alias
                Arguments.of(Map.of("BUILD_SOURCEBRANCH", "refs/pull/3/merge", "SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/codex/t"),
                        "codex/t", "SYSTEM_PULLREQUEST_SOURCEBRANCH"),
                Arguments.of(Map.of("BUILD_SOURCEBRANCH", "refs/heads/main"), "main", "BUILD_SOURCEBRANCH"),
                Arguments.of(Map.of("CIRCLE_BRANCH", "cursor/z"), "cursor/z", "CIRCLE_BRANCH"),
                // Buildkite: a fork's pull request is owner:branch
                Arguments.of(Map.of("BUILDKITE_BRANCH", "someone:claude/fix-q"), "claude/fix-q", "BUILDKITE_BRANCH"));
    }

    @ParameterizedTest
    @MethodSource("builds")
    void theSourceBranchComesFromTheCiVariables(Map<String, String> env, String branch, String variable) {
        SourceBranch b = CiEnvironment.of(env).sourceBranch();
        assertThat(b.name()).isEqualTo(branch);
        assertThat(b.variable()).isEqualTo(variable);
    }

    @Test
    void aPullRequestAliasAloneNamesNoBranch() {
        SourceBranch b = CiEnvironment.of(Map.of("BRANCH_NAME", "PR-12")).sourceBranch();
        assertThat(b.known()).isFalse();
        assertThat(b.skipped()).singleElement().asString().contains("BRANCH_NAME=PR-12").contains("pull or merge request alias");
    }

    @Test
    void tagsAreNotBranches() {
        assertThat(CiEnvironment.of(Map.of("GITHUB_REF_NAME", "v1.2", "GITHUB_REF_TYPE", "tag")).sourceBranch().known()).isFalse();
        assertThat(CiEnvironment.of(Map.of("CI_COMMIT_REF_NAME", "v1.2", "CI_COMMIT_TAG", "v1.2")).sourceBranch().known()).isFalse();
        assertThat(CiEnvironment.of(Map.of("BUILD_SOURCEBRANCH", "refs/tags/v1")).sourceBranch().known()).isFalse();
        assertThat(CiEnvironment.of(Map.of("BRANCH_NAME", "v3", "TAG_NAME", "v3")).sourceBranch().known()).isFalse();
    }

    @Test
    void jenkinsVariablesComeBeforeOtherCis() {
        SourceBranch b = CiEnvironment.of(Map.of("GIT_BRANCH", "origin/claude/a", "CIRCLE_BRANCH", "b")).sourceBranch();
        assertThat(b.name()).isEqualTo("claude/a");
    }

    @Test
    void blankValuesAndNullsAreUnset() {
        Map<String, String> env = new HashMap<>();
        env.put("CHANGE_BRANCH", "  ");
        env.put("BRANCH_NAME", null);
        env.put("CIRCLE_BRANCH", "main");
        assertThat(CiEnvironment.of(env).sourceBranch().name()).isEqualTo("main");
        assertThat(CiEnvironment.of(null).sourceBranch().known()).isFalse();
    }

    @Test
    void theCopyIsImmutableAndToStringShowsNoValues() {
        Map<String, String> env = new HashMap<>(Map.of("BRANCH_NAME", "main", "TOKEN", "s3cret"));
        CiEnvironment ci = CiEnvironment.of(env);
        env.put("BRANCH_NAME", "other");
        assertThat(ci.get("BRANCH_NAME")).isEqualTo("main");
        assertThat(ci.toString()).doesNotContain("s3cret");
    }
}
