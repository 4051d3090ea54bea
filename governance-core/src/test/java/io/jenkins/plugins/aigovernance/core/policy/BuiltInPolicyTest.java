package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import io.jenkins.plugins.aigovernance.core.document.RecordSourceWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link BuiltInPolicy}, the generated Java form of default-policy.yml, is exactly what Jackson binds from the YAML (records
 * compare structurally; the YAML and JSON written from both compare map and list order too), and the checked-in source is
 * what {@link RecordSourceWriter} makes now. After changing default-policy.yml or a policy record, regenerate it with
 * {@link #REGENERATE} (then run it again without the property, to check the new class).
 */
class BuiltInPolicyTest {

    /** The command that writes BuiltInPolicy.java again. */
    static final String REGENERATE = "mvn -B -o -q -pl governance-core -am test -Dtest=BuiltInPolicyTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Daigov.regenerate=true";

    private static final RecordSourceWriter.Target TARGET = new RecordSourceWriter.Target(PolicyLoader.class.getPackageName(),
            "BuiltInPolicy", """
            The built-in policy, default-policy.yml, as Java: the records Jackson binds from the YAML, constructed directly, so a
            run under it loads no YAML parser or data binding (docs/performance.md, start-up). {@link PolicyLoader} uses it
            only when the resource's SHA-256 is {@link #SHA256}, else binds the YAML; {@code BuiltInPolicyTest} proves it
            equals what Jackson binds.""", "GovernancePolicy", "policy", "The built-in policy, without a source.", REGENERATE);

    private static final Path SOURCE = Path.of("src/main/java/io/jenkins/plugins/aigovernance/core/policy/BuiltInPolicy.java");

    private final PolicyLoader loader = new PolicyLoader();

    private static byte[] yaml() throws IOException {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("default-policy.yml")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theCheckedInSourceIsWhatTheWriterMakesFromDefaultPolicyYml() throws IOException {
        String now = RecordSourceWriter.source(TARGET, loader.bindBuiltIn(), yaml());
        if (RecordSourceWriter.regenerating()) {
            Files.writeString(SOURCE, now, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(SOURCE, StandardCharsets.UTF_8))
                .as("BuiltInPolicy.java is not what default-policy.yml and the policy records give now: regenerate it with%n  %s",
                        REGENERATE)
                .isEqualTo(now);
    }

    @Test
    void theGeneratedPolicyIsWhatJacksonBindsFromDefaultPolicyYml() throws IOException {
        assumeFalse(RecordSourceWriter.regenerating(), "the compiled BuiltInPolicy is the old one: run again without -Daigov.regenerate");
        assertThat(BuiltInPolicy.SHA256)
                .as("default-policy.yml changed since BuiltInPolicy.java was generated: regenerate it with%n  %s", REGENERATE)
                .isEqualTo(PolicyLoader.sha256(yaml()));
        assertThat(BuiltInPolicy.LENGTH).isEqualTo(yaml().length);
        assertThat(BuiltInPolicy.CRC32).isEqualTo(PolicyLoader.crc32(yaml()));
        GovernancePolicy bound = loader.bindBuiltIn();
        GovernancePolicy generated = BuiltInPolicy.policy();
        assertThat(generated).isEqualTo(bound);
        assertThat(loader.toYaml(generated)).isEqualTo(loader.toYaml(bound));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(generated)).isEqualTo(json.writeValueAsString(bound));
    }

    @Test
    void theLoaderDefaultsAreTheGeneratedPolicyAndItIsValid() throws IOException {
        assumeFalse(RecordSourceWriter.regenerating(), "the compiled BuiltInPolicy is the old one: run again without -Daigov.regenerate");
        assertThat(loader.defaults()).isEqualTo(BuiltInPolicy.policy()
                .withSource(new PolicySource("built-in", "built-in", PolicyLoader.sha256(yaml()))));
        PolicyValidation v = new PolicyValidation();
        loader.defaults().validate(v);
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void aBuiltInYamlItWasNotGeneratedFromIsBoundByJackson() throws IOException {
        assumeFalse(RecordSourceWriter.regenerating(), "the compiled BuiltInPolicy is the old one: run again without -Daigov.regenerate");
        byte[] edited = new String(yaml(), StandardCharsets.UTF_8).replace("  version: \"1\"", "  version: \"edited\"")
                .getBytes(StandardCharsets.UTF_8);
        PolicyLoader other = new PolicyLoader(edited);
        assertThat(other.defaults().metadata().version()).isEqualTo("edited");
        assertThat(other.defaults().source().sha256()).isEqualTo(PolicyLoader.sha256(edited));
        assertThat(new PolicyLoader(yaml()).defaults()).isEqualTo(loader.defaults());
        assertThat(other.defaults().risk()).isEqualTo(loader.defaults().risk());
    }
}
