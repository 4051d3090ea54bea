package io.jenkins.plugins.aigovernance.core.ci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment variables of a CI build as an immutable map, and what the engine reads from them.
 * Front ends pass the build's variables (the CLI its process environment, the Jenkins plugin the
 * step's {@code EnvVars}); the engine itself never reads the process environment.
 *
 * <p>Source branch ({@link #sourceBranch()}): the first of these variables that names a branch wins.
 * <table>
 * <caption>Variables read for the source branch, in order</caption>
 * <tr><th>variable</th><th>CI</th><th>value</th></tr>
 * <tr><td>{@code CHANGE_BRANCH}</td><td>Jenkins multibranch</td><td>source branch of a pull request build</td></tr>
 * <tr><td>{@code BRANCH_NAME}</td><td>Jenkins multibranch</td><td>the branch; {@code PR-12} for a pull request (skipped)</td></tr>
 * <tr><td>{@code GIT_BRANCH}</td><td>Jenkins git plugin</td><td>{@code origin/main}</td></tr>
 * <tr><td>{@code GITHUB_HEAD_REF}</td><td>GitHub Actions</td><td>source branch; set only for {@code pull_request(_target)}</td></tr>
 * <tr><td>{@code GITHUB_REF_NAME}</td><td>GitHub Actions</td><td>branch or tag; {@code 12/merge} for a pull request (skipped);
 *     a tag when {@code GITHUB_REF_TYPE=tag} (skipped)</td></tr>
 * <tr><td>{@code CI_MERGE_REQUEST_SOURCE_BRANCH_NAME}</td><td>GitLab CI</td><td>source branch of a merge request pipeline</td></tr>
 * <tr><td>{@code CI_COMMIT_REF_NAME}</td><td>GitLab CI</td><td>branch or tag (a tag when {@code CI_COMMIT_TAG} is set: skipped)</td></tr>
 * <tr><td>{@code BITBUCKET_BRANCH}</td><td>Bitbucket Pipelines</td><td>the branch (also the source branch of a pull request)</td></tr>
 * <tr><td>{@code SYSTEM_PULLREQUEST_SOURCEBRANCH}</td><td>Azure Pipelines</td><td>source branch of a pull request build
 *     ({@code refs/heads/x} or {@code x})</td></tr>
 * <tr><td>{@code BUILD_SOURCEBRANCH}</td><td>Azure Pipelines</td><td>{@code refs/heads/main}; {@code refs/pull/12/merge} (skipped);
 *     {@code refs/tags/v1} (skipped)</td></tr>
 * <tr><td>{@code CIRCLE_BRANCH}</td><td>CircleCI</td><td>the branch being built</td></tr>
 * <tr><td>{@code BUILDKITE_BRANCH}</td><td>Buildkite</td><td>the branch; {@code owner:branch} for a fork's pull request</td></tr>
 * </table>
 * Values lose {@code refs/heads/} (and, for {@code GIT_BRANCH}, a leading {@code origin/} or {@code refs/remotes/origin/}).
 * A pull or merge request alias ({@code PR-12}, {@code MR-3}, {@code 12/merge}, {@code refs/pull/12/merge},
 * {@code refs/merge-requests/3/head}) is never taken for the branch, so it cannot hide the real source branch
 * named by a later variable. Sources: Jenkins Pipeline Multibranch and git plugin documentation; GitHub Actions
 * "Variables reference"; GitLab "Predefined CI/CD variables"; Bitbucket "Variables and secrets"; Azure Pipelines
 * "Predefined variables"; CircleCI "Project values and variables"; Buildkite "Environment variables".
 */
public final class CiEnvironment {

    /** The variables read for the source branch, in order. */
    public static final List<String> BRANCH_VARIABLES = List.of(
            "CHANGE_BRANCH", "BRANCH_NAME", "GIT_BRANCH",
            "GITHUB_HEAD_REF", "GITHUB_REF_NAME",
            "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_REF_NAME",
            "BITBUCKET_BRANCH",
            "SYSTEM_PULLREQUEST_SOURCEBRANCH", "BUILD_SOURCEBRANCH",
            "CIRCLE_BRANCH",
            "BUILDKITE_BRANCH");

    /** Pull/merge request aliases: Jenkins {@code PR-12}/{@code MR-3}, GitHub {@code 12/merge}, refs of pulls and merge requests. */
    private static final Pattern REQUEST_ALIAS = Pattern.compile(
            "(?:PR|MR)-[0-9]+|[0-9]+/(?:merge|head)|refs/pull/[0-9]+/(?:merge|head)|(?:refs/)?merge-requests/[0-9]+/(?:merge|head)"
                    + "|pull/[0-9]+/(?:merge|head)");

    private static final CiEnvironment EMPTY = new CiEnvironment(Map.of());

    private final Map<String, String> variables;

    private CiEnvironment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The given variables (copied; {@code null} keys or values are dropped). */
    public static CiEnvironment of(Map<String, String> variables) {
        if (variables == null || variables.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> copy = new TreeMap<>();
        variables.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return new CiEnvironment(Collections.unmodifiableMap(copy));
    }

    /** No variables. */
    public static CiEnvironment empty() {
        return EMPTY;
    }

    /** A variable's value, trimmed; {@code null} when unset or blank. */
    public String get(String name) {
        String v = variables.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    /** All variables (unmodifiable). */
    public Map<String, String> variables() {
        return variables;
    }

    /**
     * Whether {@code name} is a pull or merge request alias ({@code PR-12}, {@code MR-3}, {@code 12/merge},
     * {@code refs/pull/12/merge}, ...) rather than a branch: such a name never stands for the source branch.
     */
    public static boolean isRequestAlias(String name) {
        return name != null && REQUEST_ALIAS.matcher(name.strip()).matches();
    }

    /** The change's source branch as described on the class. */
    public SourceBranch sourceBranch() {
        List<String> skipped = new ArrayList<>();
        for (String name : BRANCH_VARIABLES) {
            String raw = get(name);
            if (raw == null) {
                continue;
            }
            String why = notABranch(name, raw);
            if (why != null) {
                skipped.add(name + "=" + raw + ": " + why);
                continue;
            }
            String branch = normalise(name, raw);
            if (branch.isEmpty()) {
                skipped.add(name + "=" + raw + ": names no branch");
                continue;
            }
            return new SourceBranch(branch, name, skipped);
        }
        return new SourceBranch(null, null, skipped);
    }

    /** Why a variable's value is not the source branch, or {@code null} when it is. */
    private String notABranch(String name, String raw) {
        if (REQUEST_ALIAS.matcher(raw).matches()) {
            return "a pull or merge request alias, not the source branch";
        }
        if (raw.startsWith("refs/tags/")) {
            return "a tag";
        }
        return switch (name) {
            case "BRANCH_NAME" -> raw.equals(get("TAG_NAME")) ? "a tag (TAG_NAME)" : null;
            case "GITHUB_REF_NAME" -> "tag".equals(get("GITHUB_REF_TYPE")) ? "a tag (GITHUB_REF_TYPE=tag)" : null;
            case "CI_COMMIT_REF_NAME" -> get("CI_COMMIT_TAG") != null ? "a tag (CI_COMMIT_TAG)" : null;
            default -> null;
        };
    }

    private static String normalise(String name, String raw) {
        String b = raw;
        if (b.startsWith("refs/heads/")) {
            b = b.substring("refs/heads/".length());
        }
        if (name.equals("GIT_BRANCH")) {
            if (b.startsWith("refs/remotes/origin/")) {
                b = b.substring("refs/remotes/origin/".length());
            } else if (b.startsWith("origin/")) {
                b = b.substring("origin/".length());
            }
        }
        if (name.equals("BUILDKITE_BRANCH")) {
            // a fork's pull request: owner:branch (git refuses ':' in branch names, so the split is exact)
            int colon = b.indexOf(':');
            if (colon >= 0) {
                b = b.substring(colon + 1);
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "CiEnvironment" + variables.keySet();
    }
}
