package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bypasses a red-team pass over the merged engine found with the built-in policy, each replayed through {@code aigov}
 * over a real git repository: an AI agent's change must never pass the scope gate, and its risk must not read lower
 * than what the change really does.
 */
class RedTeamRegressionTest {

    private static final PersonIdent AGENT = new PersonIdent("Claude", "noreply@anthropic.com");
    private static final PersonIdent ALICE = new PersonIdent("Alice Smith", "alice@corp.example");
    private static final String ADMIN_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    private Path repo;
    private Git git;
    private final ObjectMapper json = new ObjectMapper();

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    @BeforeEach
    void repository() throws Exception {
        repo = dir.resolve("repo");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        write("README.md", "# app\n".getBytes(StandardCharsets.UTF_8));
        commit(ALICE);
    }

    @AfterEach
    void close() {
        git.close();
    }

    private void write(String path, byte[] content) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
    }

    private void commit(PersonIdent who) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        git.commit().setMessage("change").setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private JsonNode risk() throws Exception {
        AigovRun r = aigov("risk", "--repo", repo.toString(), "-e", "staging", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return json.readTree(r.out());
    }

    private static List<String> notesFor(JsonNode doc, String input) {
        List<String> kinds = new ArrayList<>();
        doc.path("notes").forEach(n -> {
            if (input.equals(n.path("input").asText())) {
                kinds.add(n.path("kind").asText());
            }
        });
        return kinds;
    }

    @Test
    void renamingAPolicyDocumentToANameThatIsNotReadIsItsDeletion() throws Exception {
        byte[] guard = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        for (String target : List.of("docs/guard.md", "config/guard.json.bak")) {
            write("config/guard.json", guard);
            commit(ALICE);
            Files.createDirectories(repo.resolve(target).getParent());
            Files.move(repo.resolve("config/guard.json"), repo.resolve(target));
            commit(AGENT);
            JsonNode doc = risk();
            assertThat(doc.get("tier").asText()).as(target).isIn("HIGH", "CRITICAL");
            AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "staging");
            assertThat(scope.code()).as(target + "\n" + scope.out()).isEqualTo(ExitCode.GATE_FAILED);
            assertThat(scope.out()).contains("ai-no-iam");
        }
    }

    @Test
    void anAgentsClusterRoleBindingIsDeniedLikeAnyIamChange() throws Exception {
        write("deploy/crb.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: app-admin
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: cluster-admin
                subjects:
                  - kind: ServiceAccount
                    name: default
                    namespace: app
                """.getBytes(StandardCharsets.UTF_8));
        commit(AGENT);
        assertThat(risk().get("tier").asText()).isEqualTo("CRITICAL");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(scope.code()).as(scope.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).contains("ai-no-iam").contains("ClusterRoleBinding");
    }

    @Test
    void jenkinsConfigurationAsCodeIsACiDefinitionForScopeAsForRisk() throws Exception {
        write("casc.yaml", "jenkins:\n  systemMessage: \"configured by an agent\"\n".getBytes(StandardCharsets.UTF_8));
        commit(AGENT);
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(scope.code()).as(scope.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).contains("ai-no-ci-definitions");
    }

    @Test
    void anOversizedPolicyDocumentFailsClosedWhereverItsStatementIs() throws Exception {
        String padded = "{\"Padding\":\"" + "x".repeat(9_000_000) + "\"," + ADMIN_POLICY.substring(1);
        write("config/big.json", padded.getBytes(StandardCharsets.UTF_8));
        commit(AGENT);
        JsonNode doc = risk();
        assertThat(notesFor(doc, "config/big.json")).contains("read-fail-closed");
        assertThat(doc.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(aigov("scope", "--repo", repo.toString(), "-e", "staging").code()).isEqualTo(ExitCode.GATE_FAILED);
    }

    @Test
    void anOversizedLockfileThatNamesNoPolicyOrManifestIsNotAnInput() throws Exception {
        StringBuilder lock = new StringBuilder("{\"lockfileVersion\":3,\"packages\":{");
        for (int i = 0; lock.length() < 9_000_000; i++) {
            lock.append(i == 0 ? "" : ",").append("\"node_modules/p").append(i).append("\":{\"version\":\"1.0.").append(i).append("\"}");
        }
        write("package-lock.json", lock.append("}}").toString().getBytes(StandardCharsets.UTF_8));
        commit(AGENT);
        JsonNode doc = risk();
        assertThat(notesFor(doc, "package-lock.json")).doesNotContain("read-fail-closed");
        assertThat(doc.get("tier").asText()).isNotEqualTo("CRITICAL");
    }

    @Test
    void aUtf16PolicyDocumentIsReadWithOrWithoutAByteOrderMark() throws Exception {
        byte[] le = ADMIN_POLICY.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[le.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(le, 0, withBom, 2, le.length);
        for (Map.Entry<String, byte[]> e : Map.of("config/bom.json", withBom, "config/nobom.json",
                ADMIN_POLICY.getBytes(StandardCharsets.UTF_16BE)).entrySet()) {
            write(e.getKey(), e.getValue());
        }
        commit(AGENT);
        JsonNode doc = risk();
        assertThat(doc.get("tier").asText()).isEqualTo("CRITICAL");
        List<String> documents = new ArrayList<>();
        doc.path("reasons").forEach(r -> r.path("subjects").forEach(s -> documents.add(s.asText())));
        assertThat(String.join(" ", documents)).contains("config/bom.json").contains("config/nobom.json");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(scope.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).contains("config/bom.json").contains("config/nobom.json");
    }
}
