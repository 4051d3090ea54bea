package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditPolicyTest {

    private final PolicyLoader loader = new PolicyLoader();

    private GovernancePolicy parse(String yaml) {
        return loader.parse(".ai-governance.yml", yaml.getBytes(StandardCharsets.UTF_8), "file");
    }

    @Test
    void defaultsWriteNotesUnderTheGovernanceRef() {
        AuditPolicy a = loader.defaults().audit();
        assertThat(a.gitNotes()).isTrue();
        assertThat(a.notesRef()).isEqualTo("refs/notes/ai-governance");
        assertThat(a.log()).isNull();
        assertThat(a.signingKey()).isNull();
    }

    @Test
    void settingsAreRead() {
        AuditPolicy a = parse("""
                apiVersion: ai-governance/v1
                audit:
                  log: audit/trail.jsonl
                  signingKey: /etc/aigov/audit.key
                  publicKey: /etc/aigov/audit.pub
                  gitNotes: false
                """).audit();
        assertThat(a).isEqualTo(new AuditPolicy("audit/trail.jsonl", "/etc/aigov/audit.key", "/etc/aigov/audit.pub", false,
                "refs/notes/ai-governance"));
    }

    @Test
    void inlineKeysAndBadRefsAreRefusedWithTheirLines() {
        assertThatThrownBy(() -> parse("""
                apiVersion: ai-governance/v1
                audit:
                  signingKey: "-----BEGIN PRIVATE KEY-----MC4CAQAwBQYDK2VwBCIEI"
                  notesRef: refs/heads/main
                """)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("signingKey must be the path of a PEM file")
                .hasMessageContaining("notesRef must be a valid ref under refs/notes/")
                .hasMessageContaining(".ai-governance.yml:3:3: audit.signingKey")
                .hasMessageContaining(".ai-governance.yml:4:3: audit.notesRef");
    }
}
