package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The built-in policy is bound from the tree the loader reads once (docs/performance.md, start-up), not parsed again: it
 * must be the very policy the full path for a file gives (alias and merge-key check, then binding from the bytes).
 */
class PolicyLoaderStartupTest {

    @Test
    void theBuiltInPolicyBoundFromItsTreeIsWhatTheFullFilePathBinds() {
        PolicyLoader loader = new PolicyLoader();
        byte[] asAFile = ("extends: none\n" + loader.defaultsYaml()).getBytes(StandardCharsets.UTF_8);
        GovernancePolicy full = loader.parse("built-in as a file", asAFile, "file");
        assertThat(full.extendsPolicy()).isEqualTo("none");
        assertThat(withoutExtends(loader.toYaml(full))).isEqualTo(withoutExtends(loader.toYaml(loader.defaults())));
        assertThat(loader.defaults().risk().rules()).isNotEmpty();
        assertThat(loader.defaults().source().origin()).isEqualTo("built-in");
    }

    private static String withoutExtends(String yaml) {
        return yaml.lines().filter(l -> !l.startsWith("extends:")).collect(Collectors.joining("\n"));
    }
}
