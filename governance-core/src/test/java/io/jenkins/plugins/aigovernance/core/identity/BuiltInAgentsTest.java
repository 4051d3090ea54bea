package io.jenkins.plugins.aigovernance.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jenkins.plugins.aigovernance.core.document.RecordSourceWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link BuiltInAgents}, the generated Java form of ai-agents.yml, is exactly what Jackson reads from the YAML, and the
 * checked-in source is what {@link RecordSourceWriter} makes now. After changing ai-agents.yml or {@link KnownAgent},
 * regenerate it with {@link #REGENERATE} (then run it again without the property, to check
 * the new class).
 */
class BuiltInAgentsTest {

    /** The command that writes BuiltInAgents.java again. */
    static final String REGENERATE = "mvn -B -o -q -pl governance-core -am test -Dtest=BuiltInAgentsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Daigov.regenerate=true";

    private static final Path SOURCE = Path.of("src/main/java/io/jenkins/plugins/aigovernance/core/identity/BuiltInAgents.java");

    private static final RecordSourceWriter.Target TARGET = new RecordSourceWriter.Target(AgentCatalogue.class.getPackageName(),
            "BuiltInAgents", """
            The agent catalogue, ai-agents.yml, as Java: the records Jackson reads from the YAML, constructed directly, so a
            run loads no YAML parser or data binding for it (docs/performance.md, start-up). {@link AgentCatalogue} uses it
            only when the resource's SHA-256 is {@link #SHA256}, else reads the YAML; {@code BuiltInAgentsTest} proves it
            equals what Jackson reads.""", "List<KnownAgent>", "agents", "The agents, in catalogue order.", REGENERATE);

    private static AgentCatalogue readFromYaml() {
        return AgentCatalogue.read(new ByteArrayInputStream(AgentCatalogue.resource()), AgentCatalogue.RESOURCE);
    }

    @Test
    void theCheckedInSourceIsWhatTheWriterMakesFromAiAgentsYml() throws IOException {
        String now = RecordSourceWriter.source(TARGET, readFromYaml().agents(), AgentCatalogue.resource());
        if (RecordSourceWriter.regenerating()) {
            Files.writeString(SOURCE, now, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(SOURCE, StandardCharsets.UTF_8))
                .as("BuiltInAgents.java is not what ai-agents.yml and KnownAgent give now: regenerate it with%n  %s", REGENERATE)
                .isEqualTo(now);
    }

    @Test
    void theGeneratedAgentsAreWhatJacksonReadsFromAiAgentsYml() {
        assumeFalse(RecordSourceWriter.regenerating(), "the compiled BuiltInAgents is the old one: run again without -Daigov.regenerate");
        assertThat(BuiltInAgents.SHA256)
                .as("ai-agents.yml changed since BuiltInAgents.java was generated: regenerate it with%n  %s", REGENERATE)
                .isEqualTo(AgentCatalogue.sha256(AgentCatalogue.resource()));
        assertThat(BuiltInAgents.LENGTH).isEqualTo(AgentCatalogue.resource().length);
        assertThat(BuiltInAgents.CRC32).isEqualTo(AgentCatalogue.crc32(AgentCatalogue.resource()));
        assertThat(BuiltInAgents.agents()).isEqualTo(readFromYaml().agents());
        assertThat(AgentCatalogue.builtIn().agents()).isEqualTo(readFromYaml().agents());
    }
}
