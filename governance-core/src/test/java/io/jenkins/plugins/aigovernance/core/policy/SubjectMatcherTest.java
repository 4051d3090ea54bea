package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.change.ChangeKind;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectMatcherTest {

    private static Match paths(List<String> globs, List<String> patterns) {
        return new Match(globs, patterns, null, null, null, null, null, null, null);
    }

    private static FileChange file(String path, String oldPath, List<String> linkTargets) {
        return new FileChange(path, oldPath, oldPath == null ? ChangeKind.MODIFY : ChangeKind.RENAME, "100644", "100644",
                "a".repeat(40), "b".repeat(40), false, false, 1, 1, linkTargets);
    }

    @Test
    void aFileIsSelectedByItsPathItsOldPathOrALinkTarget() {
        SubjectMatcher iam = SubjectMatcher.of(paths(List.of("infra/iam/**", "**/*.tf"), List.of("^secrets/.*\\.env$")));

        assertThat(iam.matchesFile(file("infra/iam/admin.json", null, List.of()))).isTrue();
        assertThat(iam.matchesFile(file("docs/readme.md", "infra/iam/admin.json", List.of()))).isTrue();
        assertThat(iam.matchesFile(file("current", null, List.of("infra/iam/v2/admin.json")))).isTrue();
        assertThat(iam.matchesFile(file("link", null, List.of("docs/a.md", "secrets/prod.env")))).isTrue();
        assertThat(iam.matchesFile(file("modules/vpc/main.tf", null, List.of()))).isTrue();
        assertThat(iam.matchesFile(file("docs/readme.md", "docs/old.md", List.of("docs/a.md", "src/b.java")))).isFalse();
    }

    @Test
    void matchingAFileIsMatchingAnyOfItsPaths() {
        List<SubjectMatcher> matchers = List.of(
                SubjectMatcher.of(paths(List.of("src/**"), List.of())),
                SubjectMatcher.of(paths(List.of(), List.of("\\.ya?ml$"))),
                SubjectMatcher.of(paths(List.of("Jenkinsfile", "*.md"), List.of("^ci/"))));
        List<FileChange> files = List.of(
                file("src/a.java", null, List.of()), file("x/Jenkinsfile", "src/b.java", List.of()),
                file("deploy.yaml", null, List.of()), file("l", null, List.of("ci/run.sh", "src/c.java")),
                file("other.txt", "old.txt", List.of("more.txt")), file("README.md", null, List.of()));
        for (SubjectMatcher m : matchers) {
            for (FileChange f : files) {
                assertThat(m.matchesFile(f)).as("%s", f.paths()).isEqualTo(f.paths().stream().anyMatch(m::matchesPath));
            }
        }
        assertThat(SubjectMatcher.of(new Match(null, null, List.of("aws_iam_*"), null, null, null, null, null, null))
                .matchesFile(files.get(0))).isFalse();
    }
}
