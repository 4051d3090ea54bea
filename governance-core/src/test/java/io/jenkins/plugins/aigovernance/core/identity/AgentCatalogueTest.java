package io.jenkins.plugins.aigovernance.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentCatalogueTest {

    private static final AgentCatalogue CATALOGUE = AgentCatalogue.builtIn();

    private static String commitAgent(String name, String email) {
        return CATALOGUE.matchCommitIdentity(name, email).map(KnownAgent::id).orElse(null);
    }

    private static String account(String id, String email) {
        return CATALOGUE.matchAccount(id, email).map(KnownAgent::id).orElse(null);
    }

    @Test
    void theCatalogueListsTheAgentsOfTheIssueWithHowTheyCommit() {
        assertThat(CATALOGUE.agents()).extracting(KnownAgent::id).contains("claude-code", "codex", "copilot", "cursor", "devin", "gemini",
                "jules", "aider", "kiro", "amp", "factory-droid", "openhands", "amazon-q", "windsurf", "cline", "roo-code", "sweep", "tabnine",
                "cody", "continue", "goose", "swe-agent");
        assertThat(CATALOGUE.agents()).allSatisfy(a -> {
            assertThat(a.product()).isNotBlank();
            assertThat(a.sources()).isNotEmpty();
        });
    }

    @Test
    void loginsMatchWithAndWithoutBotAndAsNoreplyEmailWithAndWithoutTheNumericPrefix() {
        assertThat(commitAgent("x", "138933559+factory-droid[bot]@users.noreply.github.com")).isEqualTo("factory-droid");
        assertThat(commitAgent("x", "factory-droid[bot]@users.noreply.github.com")).isEqualTo("factory-droid");
        assertThat(commitAgent("x", "138933559+factory-droid@users.noreply.github.com")).isEqualTo("factory-droid");
        assertThat(commitAgent("FACTORY-DROID[BOT]", null)).isEqualTo("factory-droid");
        assertThat(commitAgent(null, "AMP@AMPCODE.COM")).isEqualTo("amp");
        assertThat(account("factory-droid", null)).isEqualTo("factory-droid");
        assertThat(account("Copilot[bot]", null)).isEqualTo("copilot");
    }

    @Test
    void bareFirstNamesNameAgentsOnlyAsAccountsNeverAsCommitAuthors() {
        assertThat(commitAgent("Claude", "claude@example.org")).isNull();
        assertThat(commitAgent("Jules", "jules@example.org")).isNull();
        assertThat(account("Claude", null)).isEqualTo("claude-code");
        assertThat(account("claude", "claude@example.org")).isEqualTo("claude-code");
        assertThat(account("alice", "alice@corp.example")).isNull();
    }

    @Test
    void toolNamesMapToAgents() {
        assertThat(CATALOGUE.byAlias("kiro-ai-agent")).get().extracting(KnownAgent::id).isEqualTo("kiro");
        assertThat(CATALOGUE.byAlias("Amp")).get().extracting(KnownAgent::id).isEqualTo("amp");
        assertThat(CATALOGUE.byTrailerKey("amp-thread-id")).get().extracting(KnownAgent::id).isEqualTo("amp");
        assertThat(CATALOGUE.byAlias("some-new-tool")).isEmpty();
    }

    @Test
    void aCatalogueIsReadStrictly() {
        assertThatThrownBy(() -> read("agents:\n  - {id: a, names: [A]}\n  - {id: b, names: [a]}\n")).hasMessageContaining("share the name");
        assertThatThrownBy(() -> read("agents:\n  - {id: a, names: [A], id: b}\n")).hasMessageContaining("test.yml").hasMessageContaining("id");
        assertThatThrownBy(() -> read("agents:\n  - {id: a, names: [A], colour: red}\n")).hasMessageContaining("colour");
        assertThatThrownBy(() -> read("agents:\n  - {id: A B, names: [A]}\n")).hasMessageContaining("agent id");
        assertThatThrownBy(() -> read("agents:\n  - {id: a}\n")).hasMessageContaining("no emails, logins, names or aliases");
        assertThatThrownBy(() -> read("agents: []\n")).hasMessageContaining("lists no agents");
    }

    private static AgentCatalogue read(String yaml) {
        return AgentCatalogue.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
