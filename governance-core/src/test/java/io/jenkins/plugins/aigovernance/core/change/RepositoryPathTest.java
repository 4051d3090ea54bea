package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Repository paths: a path that is already normal comes back as it is; others are normalized or refused naming the path. */
class RepositoryPathTest {

    @Test
    void normalPathsComeBackUnchangedAndOthersAreNormalized() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("a", "a"), Map.entry("a/b/c.txt", "a/b/c.txt"), Map.entry(".github/workflows/ci.yml", ".github/workflows/ci.yml"),
                Map.entry("a/.b/..c/...d", "a/.b/..c/...d"), Map.entry("ab:c", "ab:c"), Map.entry("x:y", "absolute paths are not repository paths"),
                Map.entry("./a", "a"), Map.entry("a//b", "a/b"), Map.entry("a/./b", "a/b"), Map.entry("a/", "a"), Map.entry("a/.", "a"),
                Map.entry("a\\b", "a/b"), Map.entry("./", "path names no file"), Map.entry(".", "path names no file"),
                Map.entry("/a", "absolute paths are not repository paths"), Map.entry("C:/x", "absolute paths are not repository paths"),
                Map.entry("a/../b", "'..' segments are not allowed in repository paths"),
                Map.entry("..", "'..' segments are not allowed in repository paths"),
                Map.entry("a\0b", "path contains a NUL character"));
        cases.forEach((in, expected) -> {
            if (expected.contains(" ")) {
                assertThatThrownBy(() -> RepositoryPath.normalize(in)).as(in).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(expected);
            } else {
                assertThat(RepositoryPath.normalize(in)).as(in).isEqualTo(expected);
            }
        });
        String normal = "src/main/App.java";
        assertThat(RepositoryPath.normalize(normal)).isSameAs(normal);
    }
}
