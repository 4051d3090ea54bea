package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.audit.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red team, fourth landing: an agent (or a person skipping review) gets a risky change or record past the gates through
 * {@code aigov}, against real git repositories made here. Each test first shows what the attack tries, then that nothing
 * gets through.
 */
class GateEvasionAttackTest {

    private static final PersonIdent AGENT = new PersonIdent("Claude", "noreply@anthropic.com");
    private static final PersonIdent ALICE = new PersonIdent("Alice Smith", "alice@corp.example");

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
        commit(Map.of("README.md", "# app\n", "src/app.py", "print(1)\n"), ALICE, "base");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private void commit(Map<String, String> files, PersonIdent who, String message) throws Exception {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = repo.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private JsonNode risk() throws Exception {
        AigovRun r = aigov("risk", "--repo", repo.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return json.readTree(r.out());
    }

    // ---- the audit log: an append without the key on a signed log

    @Test
    void anAppendWithoutTheSigningKeyOnASignedLogIsRefusedNamingTheLog() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path key = dir.resolve("audit.key");
        Path pub = dir.resolve("audit.pub");
        Files.writeString(key, Ed25519Keys.pem(keys.getPrivate()));
        Files.writeString(pub, Ed25519Keys.pem(keys.getPublic()));
        Path log = dir.resolve("audit.jsonl");
        String event = "{\"type\":\"risk-assessed\",\"time\":\"2026-03-01T09:00:00Z\",\"actor\":\"alice\",\"outcome\":\"assessed\"}";
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", event, "--signing-key", key.toString()).code()).isZero();
        String signed = Files.readString(log);

        // before: the record went in unsigned, and the log no longer verified with its key from that record on
        AigovRun unsigned = aigov("audit", "append", "--log", log.toString(), "--event",
                "{\"type\":\"approval-given\",\"time\":\"2026-03-01T09:05:00Z\",\"actor\":\"mallory\",\"outcome\":\"approved\"}");
        assertThat(unsigned.code()).as(unsigned.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unsigned.err()).contains(log.toString()).contains("signed").contains("--signing-key");
        assertThat(Files.readString(log)).isEqualTo(signed);
        AigovRun verify = aigov("audit", "verify", "--log", log.toString(), "--public-key", pub.toString());
        assertThat(verify.code()).as(verify.out()).isZero();

        // the key's holder still appends; an unsigned log stays open to unsigned appends
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", event, "--signing-key", key.toString()).code()).isZero();
        Path plain = dir.resolve("plain.jsonl");
        assertThat(aigov("audit", "append", "--log", plain.toString(), "--event", event).code()).isZero();
        assertThat(aigov("audit", "append", "--log", plain.toString(), "--event", event).code()).isZero();
    }

    @Test
    void anAppendSignedWithAnotherKeyOnASignedLogIsRefusedNamingTheLog() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path key = dir.resolve("audit.key");
        Path pub = dir.resolve("audit.pub");
        Files.writeString(key, Ed25519Keys.pem(keys.getPrivate()));
        Files.writeString(pub, Ed25519Keys.pem(keys.getPublic()));
        Path malloryKey = dir.resolve("mallory.key");
        Files.writeString(malloryKey, Ed25519Keys.pem(Ed25519Keys.generate().getPrivate()));
        Path log = dir.resolve("audit.jsonl");
        String event = "{\"type\":\"risk-assessed\",\"time\":\"2026-03-01T09:00:00Z\",\"actor\":\"alice\",\"outcome\":\"assessed\"}";
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", event, "--signing-key", key.toString()).code()).isZero();
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", event, "--signing-key", key.toString()).code()).isZero();
        String signed = Files.readString(log);

        // before: the record went in signed with mallory's key, and the log no longer verified with its own key from there on
        AigovRun foreign = aigov("audit", "append", "--log", log.toString(), "--event",
                "{\"type\":\"approval-given\",\"time\":\"2026-03-01T09:05:00Z\",\"actor\":\"mallory\",\"outcome\":\"approved\"}",
                "--signing-key", malloryKey.toString());
        assertThat(foreign.code()).as(foreign.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(foreign.err()).contains(log.toString()).contains("signed with another key").contains("record 2").contains("--signing-key");
        assertThat(Files.readString(log)).isEqualTo(signed);
        AigovRun verify = aigov("audit", "verify", "--log", log.toString(), "--public-key", pub.toString());
        assertThat(verify.code()).as(verify.out()).isZero();

        // the key's holder still appends; a signed log's writer is not refused after its own records
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", event, "--signing-key", key.toString()).code()).isZero();
        assertThat(aigov("audit", "verify", "--log", log.toString(), "--public-key", pub.toString()).code()).isZero();
    }

    // ---- the audit log: the query side file rewritten so an AI change reads as human

    @Test
    void aQuerySideFileThatHidesAnAiChangeFailsVerify() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        String fp = "sha256:" + "a".repeat(64);
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", "{\"type\":\"risk-assessed\",\"fingerprint\":\"" + fp
                + "\",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"CRITICAL\",\"touches\":[\"iam\"]}").code()).isZero();
        assertThat(aigov("audit", "query", "--log", log.toString(), "--ai", "--touches", "iam").out()).contains("1 changes");
        Path side = io.jenkins.plugins.aigovernance.core.audit.AuditIndex.sideFile(log);
        byte[] idx = Files.readAllBytes(side);
        // header: magic, format, indexed end, line count, the last hash (UTF), row count; then offsets and times, types, tiers, sources
        int at = 8 + 4 + 8 + 8;
        at += 2 + (((idx[at] & 0xff) << 8) | (idx[at + 1] & 0xff));
        int rows = java.nio.ByteBuffer.wrap(idx, at, 4).getInt();
        at += 4 + rows * 16 + rows * 2;
        assertThat(idx[at]).isEqualTo((byte) io.jenkins.plugins.aigovernance.core.classification.ChangeSource.AI_AGENT.ordinal());
        idx[at] = (byte) io.jenkins.plugins.aigovernance.core.classification.ChangeSource.HUMAN.ordinal();
        Files.write(side, idx);
        // the attack: the incident question no longer finds the AI change, and the log itself still verifies
        assertThat(aigov("audit", "query", "--log", log.toString(), "--ai", "--touches", "iam").out()).contains("0 changes");
        // before: verify passed; now it finds the side file lying, sets it aside and queries answer from the log again
        AigovRun verify = aigov("audit", "verify", "--log", log.toString());
        assertThat(verify.code()).as(verify.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(verify.err()).contains(side.toString()).contains("TAMPERED").contains("source");
        // stdout says so too (scripts read stdout), and never "verified"
        assertThat(verify.out()).startsWith(log + ": TAMPERED query side file").contains("TAMPERED query side file audit.jsonl.idx")
                .contains("source").doesNotContain("verified");
        assertThat(Files.exists(side.resolveSibling(side.getFileName() + ".mismatch"))).isTrue();
        assertThat(aigov("audit", "query", "--log", log.toString(), "--ai", "--touches", "iam").out()).contains("1 changes");
        assertThat(aigov("audit", "verify", "--log", log.toString()).code()).isZero();
        // the same in JSON: the log verified, its side file did not
        Files.write(side, idx);
        AigovRun json = aigov("audit", "verify", "--log", log.toString(), "--json");
        assertThat(json.code()).isEqualTo(ExitCode.GATE_FAILED);
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(doc.get("verified").asBoolean()).isTrue();
        assertThat(doc.get("sideFile").get("status").asText()).isEqualTo("MISMATCH");
        assertThat(doc.get("sideFile").get("detail").asText()).contains("source");
    }

    @Test
    void bytesAppendedAfterAValidQuerySideFileAreReportedAndNotUsed() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        assertThat(aigov("audit", "append", "--log", log.toString(), "--event", "{\"type\":\"risk-assessed\",\"fingerprint\":\"sha256:"
                + "a".repeat(64) + "\",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"CRITICAL\"}").code()).isZero();
        assertThat(aigov("audit", "query", "--log", log.toString(), "--ai").out()).contains("1 changes");
        Path side = io.jenkins.plugins.aigovernance.core.audit.AuditIndex.sideFile(log);
        assertThat(aigov("audit", "verify", "--log", log.toString()).out()).contains("its 1 rows answer as the log does");
        Files.write(side, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, java.nio.file.StandardOpenOption.APPEND);
        AigovRun verify = aigov("audit", "verify", "--log", log.toString());
        assertThat(verify.code()).as(verify.err()).isZero(); // the log is intact; queries do not use the damaged side file
        assertThat(verify.out()).doesNotContain("answer as the log does")
                .contains("query side file audit.jsonl.idx not checked: queries do not use it (8 bytes after the end of the index");
        assertThat(aigov("audit", "query", "--log", log.toString(), "--ai").out()).contains("1 changes");
        AigovRun json = aigov("audit", "verify", "--log", log.toString(), "--json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("sideFile").get("status").asText())
                .isIn("NOT_USED", "MATCHES"); // the query above rebuilt it from the log
    }

    // ---- provenance: a co-author trailer or marker the tool wrote, mangled on the way (squash editors, rewording)

    @ParameterizedTest
    @ValueSource(strings = {
        "Co-authored-by: Claude <noreply@anthropic.com",             // the closing bracket lost
        "Co-authored-by: Claude <noreply@anthropic.com> (bot)",      // a comment after the address
        "Co-authored-by: Claude <noreply@anthropic.com>, Alice Smith <alice@corp.example>", // two on one line
        "Co-authored-by: Alice Smith <alice@corp.example>; noreply@anthropic.com",
        "Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com> via web",
        "Co-authored-by: Claude <NOREPLY@ANTHROP\u0130C.COM>",         // U+0130 folds to i + a combining dot
        "Co-authored-by: Claude <noreply@anthropi\u0307c.com>",        // a lone combining dot above
        "\uD83E\uDD16 Generated with [Claude\u200B Code](https://claude.com/claude-code)", // a zero-width space
        "Generated with [Cl\u0430ude Code]",                        // a Cyrillic a
        "generated  WITH  [claude code]"})
    void aMangledCoAuthorOrMarkerStillNamesTheAgent(String line) throws Exception {
        String message = "Tidy the handler\n\n" + line + "\n";
        commit(Map.of("src/app.py", "print(2)\n"), ALICE, message);
        // before: "human" (no AI markers)
        JsonNode provenance = risk().get("provenance");
        assertThat(provenance.get("source").asText()).as(provenance.toString()).isEqualTo("ai-assisted");
        assertThat(provenance.get("agentId").asText()).isIn("claude-code", "copilot");
    }

    @Test
    void cursorsGitHubAppAsAuthorIsTheCursorAgent() throws Exception {
        commit(Map.of("src/app.py", "print(3)\n"), new PersonIdent("cursor[bot]", "206951365+cursor[bot]@users.noreply.github.com"), "Fix");
        // before: "human", the app's noreply address unknown to the catalogue
        JsonNode provenance = risk().get("provenance");
        assertThat(provenance.get("source").asText()).as(provenance.toString()).isEqualTo("ai-agent");
        assertThat(provenance.get("agentId").asText()).isEqualTo("cursor");
    }

    @Test
    void aPersonCoAuthorWithACommentStaysAPerson() throws Exception {
        commit(Map.of("src/app.py", "print(2)\n"), ALICE, "Pair\n\nCo-authored-by: Bob Jones <bob@corp.example> (pairing)\n");
        assertThat(risk().get("provenance").get("source").asText()).isEqualTo("human");
    }

    // ---- risk under-scoring: a workload that is root on the node

    private static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: dev}
            spec:
              containers:
              - name: shell
                image: busybox
                securityContext: {privileged: true}
            """;

    private static final String HOST_PATH_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: agent, namespace: dev}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers: [{name: a, image: busybox, volumeMounts: [{name: root, mountPath: /host}]}]
                  volumes: [{name: root, hostPath: {path: /}}]
            """;

    private static final String HOST_PID_DAEMONSET = """
            {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "node", "namespace": "dev"},
             "spec": {"selector": {"matchLabels": {"app": "n"}}, "template": {"metadata": {"labels": {"app": "n"}},
               "spec": {"hostPID": true, "containers": [{"name": "n", "image": "busybox"}]}}}}
            """;

    private static final String SYS_ADMIN_CRONJOB = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly, namespace: dev}
            spec:
              schedule: "0 1 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      initContainers: [{name: init, image: busybox, securityContext: {capabilities: {add: [cap_sys_admin]}}}]
                      containers: [{name: job, image: busybox}]
            """;

    @ParameterizedTest
    @ValueSource(strings = {"pod.yaml", "deployment.yaml", "daemonset.json", "cronjob.yml"})
    void aWorkloadThatReachesTheNodeIsCriticalAndDeniedToAgents(String file) throws Exception {
        String manifest = switch (file) {
            case "pod.yaml" -> PRIVILEGED_POD;
            case "deployment.yaml" -> HOST_PATH_DEPLOYMENT;
            case "daemonset.json" -> HOST_PID_DAEMONSET;
            default -> SYS_ADMIN_CRONJOB;
        };
        commit(Map.of("deploy/dev/" + file, manifest), AGENT, "add a debug workload");
        // before: MEDIUM (an ordinary workload in a development namespace), and allowed to the agent
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("privileged-workload");
        assertThat(risk.get("reasons").get(0).get("subjects").toString()).containsAnyOf("Pod/dev/debug", "Deployment/dev/agent",
                "DaemonSet/dev/node", "CronJob/dev/nightly");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "development", "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("outcome").asText()).as(scope.out()).isEqualTo("deny");
        assertThat(decision.toString()).contains("ai-no-privileged-workload");
    }

    // ---- risk under-scoring: a Helm chart's objects

    @Test
    void aHelmTemplatesClusterAdminBindingIsCriticalAndDeniedToAgents() throws Exception {
        commit(Map.of("charts/app/templates/rbac.yaml", """
                {{- if .Values.rbac.create }}
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: "{{ .Release.Name }}-admin"
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: default, namespace: {{ .Release.Namespace }}}]
                {{- end }}
                """, "charts/app/templates/debug.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: {{ .Release.Name }}-debug}
                spec:
                  containers: [{name: shell, image: busybox, securityContext: {privileged: true}}]
                """), AGENT, "chart: rbac and a debug pod");
        // before: MEDIUM, the templates skipped as application code
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("account-level-iam", "rbac", "privileged-workload");
        JsonNode decision = json.readTree(aigov("scope", "--repo", repo.toString(), "-e", "development", "--json").out());
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("ai-no-iam").contains("ai-no-privileged-workload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostNetwork: {{ .Values.hostNetwork }}", "privileged: {{ .Values.privileged }}", "privileged: {{ true }}",
        "\"privileged\": true", "privileged: yes", "add: [SYS_TIME]"})
    void aHelmTemplatesTemplatedPrivilegedSwitchIsCriticalAndDeniedToAgents(String line) throws Exception {
        String where = line.startsWith("hostNetwork") ? "  " : line.startsWith("add") ? "      securityContext:\n        capabilities:\n          "
                : "      securityContext:\n        ";
        String pod = "{{- if .Values.debug }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-debug\nspec:\n"
                + (where.equals("  ") ? where + line + "\n" : "") + "  containers:\n    - name: shell\n      image: busybox\n"
                + (where.equals("  ") ? "" : where + line + "\n") + "{{- end }}\n";
        commit(Map.of("charts/app/templates/debug.yaml", pod, "charts/app/templates/plain.yaml",
                pod.replace("{{- if .Values.debug }}\n", "").replace("{{- end }}\n", "").replace("{{ .Release.Name }}-debug", "debug")),
                AGENT, "chart: a debug pod");
        // before: MEDIUM and allowed to the agent (the value is only known once rendered)
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("privileged-workload");
        assertThat(risk.get("reasons").toString()).contains("Pod/<template>").contains("Pod/debug");
        JsonNode decision = json.readTree(aigov("scope", "--repo", repo.toString(), "-e", "development", "--json").out());
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("ai-no-privileged-workload");
    }

    @Test
    void aHelmTemplatesQuotedKindAndDefaultClusterAdminRoleAreAccountLevel() throws Exception {
        commit(Map.of("charts/app/templates/rbac.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: {{ "ClusterRoleBinding" }}
                metadata:
                  name: {{ .Release.Name }}-admin
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: {{ .Values.role | default "cluster-admin" }}
                subjects: [{kind: ServiceAccount, name: default, namespace: ci}]
                """), AGENT, "chart: rbac");
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("account-level-iam");
        JsonNode decision = json.readTree(aigov("scope", "--repo", repo.toString(), "-e", "development", "--json").out());
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
    }

    @ParameterizedTest
    @ValueSource(strings = {"crb.yaml", "crb.json"})
    void aGitLfsPointerGivenAsManifestsIsAnInputErrorNamingTheFile(String name) throws Exception {
        // before: the YAML pointer was read as a document without apiVersion and kind: 0 resources, exit 0
        commit(Map.of("src/app.py", "print(2)\n"), ALICE, "change");
        Path lfs = dir.resolve("lfs");
        Files.createDirectories(lfs);
        Files.writeString(lfs.resolve(name), "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
        for (Path given : List.of(lfs, lfs.resolve(name))) {
            AigovRun r = aigov("risk", "--repo", repo.toString(), "--manifests", given.toString(), "--json");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(name).contains("Git LFS pointer").contains("git lfs pull");
        }
    }

    // ---- risk under-scoring: files that decide who reviews, what merges, and what a Terraform runner runs

    @ParameterizedTest
    @ValueSource(strings = {".github/settings.yml", ".mergify.yml", ".github/mergify.yml", ".kodiak.toml", "renovate.json",
        ".github/renovate.json5", ".renovaterc"})
    void filesThatDecideWhatMergesWithoutReviewAreHigh(String path) throws Exception {
        commit(Map.of(path, "branches: []\n"), AGENT, "settings");
        // before: MEDIUM, application code
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("HIGH");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("repository-controls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atlantis.yaml", ".spacelift/config.yml"})
    void terraformRunnerConfigurationIsACiDefinition(String path) throws Exception {
        commit(Map.of(path, "version: 3\n"), AGENT, "runner");
        // before: MEDIUM; its custom workflow steps run with the cloud credentials
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("ci-definitions");
        JsonNode decision = json.readTree(aigov("scope", "--repo", repo.toString(), "-e", "staging", "--json").out());
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("ai-no-ci-definitions");
    }

    // ---- fail-open: an environment name outside the globs

    @ParameterizedTest
    @ValueSource(strings = {"production-eu", "eu-production", "prod_us", "prod1", "EU-PROD-2", "live-eu"})
    void aProductionEnvironmentNamedOutsideTheGlobsIsProduction(String environment) throws Exception {
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                metadata: {name: sandbox-agent, version: "1"}
                scope:
                  autonomy:
                    agents:
                      - {id: claude-code, level: 2}
                """);
        commit(Map.of("src/app.py", "print(4)\n"), AGENT, "tweak");
        // before: not production, so the level-2 agent applied its own change there without approval
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("production").asBoolean()).as(scope.out()).isTrue();
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("autonomy-production");
        // and risk rules for production hold: infrastructure code there is HIGH
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        JsonNode risk = json.readTree(aigov("risk", "--repo", repo.toString(), "-e", environment, "--json").out());
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("terraform-code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"preprod", "dev", "staging-eu", "qa1", "sandbox"})
    void namesOfADevelopmentTestOrStagingEnvironmentStayNonProduction(String environment) throws Exception {
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nmetadata: {name: sandbox-agent, version: \"1\"}\n"
                + "scope:\n  autonomy:\n    agents:\n      - {id: claude-code, level: 2}\n");
        commit(Map.of("src/app.py", "print(4)\n"), AGENT, "tweak");
        JsonNode decision = json.readTree(aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", environment, "--json").out());
        assertThat(decision.get("autonomy").get("production").asBoolean()).isFalse();
        assertThat(decision.get("outcome").asText()).isEqualTo("allow");
    }

    // ---- fail-open: a look-alike spelling or a name the vocabulary does not classify

    @ParameterizedTest
    @ValueSource(strings = {"\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "eu-west", "prodeu", "unknownenv", "product-demo"})
    void aLookAlikeOrUnclassifiedEnvironmentIsProduction(String environment) throws Exception {
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nmetadata: {name: sandbox-agent, version: \"1\"}\n"
                + "scope:\n  autonomy:\n    agents:\n      - {id: claude-code, level: 2}\n");
        commit(Map.of("src/app.py", "print(4)\n"), AGENT, "tweak");
        // before: not production, so the level-2 agent applied its own change there (scope ALLOW where -e prod is DENY)
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("production").asBoolean()).as(scope.out()).isTrue();
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("autonomy-production");
        // before: MEDIUM, and an approval check with no approver APPROVED; now the same tier and gate as -e prod
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        String prodTier = json.readTree(aigov("risk", "--repo", repo.toString(), "-e", "prod", "--json").out()).get("tier").asText();
        JsonNode risk = json.readTree(aigov("risk", "--repo", repo.toString(), "-e", environment, "--json").out());
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo(prodTier).isEqualTo("HIGH");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("terraform-code");
        Path none = dir.resolve("none.json");
        Files.writeString(none, "[]");
        AigovRun prodCheck = check(none, "-e", "prod");
        AigovRun check = check(none, "-e", environment);
        assertThat(check.code()).as(check.out() + check.err()).isEqualTo(prodCheck.code()).isNotEqualTo(ExitCode.OK);
        assertThat(check.out()).doesNotContain("APPROVED");
    }

    // ---- the policy's own non-production names (environments.nonProduction): production still wins

    private Path ownEnvironmentsPolicy() throws Exception {
        Path policy = dir.resolve("own-environments.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                metadata: {name: own-environments, version: "1"}
                environments:
                  nonProduction: [perf, "load-*", demo]
                scope:
                  autonomy:
                    agents:
                      - {id: claude-code, level: 2}
                """);
        return policy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"perf", "PERF", "\uff50\uff45\uff52\uff46", "load-eu", "demo"})
    void anEnvironmentThePolicyNamesNonProductionIsNotProduction(String environment) throws Exception {
        Path policy = ownEnvironmentsPolicy();
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        // under the built-in policy the name is unclassified, so production: Terraform code is HIGH there
        JsonNode builtIn = json.readTree(aigov("risk", "--repo", repo.toString(), "--environment", environment, "--json").out());
        assertThat(builtIn.get("reasons").findValuesAsText("rule")).as(environment).contains("terraform-code");
        // the policy names it non-production: no production rule holds, and the level-2 agent may act there
        AigovRun risk = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "--environment", environment, "--json");
        assertThat(risk.code()).as(risk.err()).isZero();
        assertThat(json.readTree(risk.out()).get("reasons").findValuesAsText("rule")).as(risk.out())
                .doesNotContain("terraform-code", "production-infrastructure");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "--environment", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("production").asBoolean()).as(scope.out()).isFalse();
        assertThat(decision.toString()).doesNotContain("autonomy-production");
    }

    @ParameterizedTest
    @ValueSource(strings = {"perf-prod", "prod-perf", "load-live", "perf-\uff50\uff52\uff4f\uff44", "demo_prd", "perfx", "load"})
    void aNameWithAProductionWordOrOutsideTheNonProductionGlobsStaysProduction(String environment) throws Exception {
        Path policy = ownEnvironmentsPolicy();
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        // the attack: a name that starts like a non-production one, to take the change out of production
        AigovRun risk = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "--environment", environment, "--json");
        assertThat(json.readTree(risk.out()).get("reasons").findValuesAsText("rule")).as(risk.out()).contains("terraform-code");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "--environment", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("production").asBoolean()).as(scope.out()).isTrue();
        assertThat(decision.get("outcome").asText()).isEqualTo("deny");
        assertThat(decision.toString()).contains("autonomy-production");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "unk*", "prod*", "*ion", "perf-prod"})
    void aNonProductionGlobThatWouldDeclassifyProductionIsAPolicyErrorNamingLineAndField(String glob) throws Exception {
        Path policy = dir.resolve("declassify.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nenvironments:\n  nonProduction:\n    - perf\n    - '" + glob + "'\n");
        AigovRun validate = aigov("policy", "validate", policy.toString());
        assertThat(validate.code()).as(validate.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(validate.err()).contains("declassify.yml:5:").contains("environments.nonProduction[1]").contains("'" + glob + "'");
        // and no gate runs under it
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        AigovRun risk = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "--environment", "perf");
        assertThat(risk.code()).as(risk.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(risk.err()).contains("environments.nonProduction[1]");
    }

    // ---- autonomy levels per environment: a spelling of production, or an unclassified name, to reach a higher level

    @ParameterizedTest
    @ValueSource(strings = {"PROD", "\uff50\uff52\uff4f\uff44", "pro\u200bd", "\u0440rod", "eu-west", "production-eu"})
    void anAutonomyLevelEscalationThroughASpellingOfProductionGetsTheProductionEntrysLevel(String environment) throws Exception {
        Path policy = dir.resolve("levels.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                metadata: {name: levels, version: "1"}
                scope:
                  autonomy:
                    agents:
                      - id: claude-code
                        level: 2
                        environments:
                          - {environments: ["prod*"], level: 1}
                """);
        commit(Map.of("src/app.py", "print(4)\n"), AGENT, "tweak");
        AigovRun prod = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", "prod", "--json");
        assertThat(json.readTree(prod.out()).get("autonomy").get("levelNumber").asInt()).as(prod.out()).isEqualTo(1);
        // before: only the raw name was matched, so these fell through to the agent's level 2 (denied only as production)
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("levelNumber").asInt()).as(scope.out()).isEqualTo(1);
        assertThat(decision.get("autonomy").get("production").asBoolean()).isTrue();
        assertThat(decision.get("requiresApproval").asBoolean()).isTrue();
        assertThat(decision.toString()).contains("autonomy-propose");
        // a development environment keeps the agent's level
        JsonNode dev = json.readTree(aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", "dev", "--json").out());
        assertThat(dev.get("autonomy").get("levelNumber").asInt()).isEqualTo(2);
        assertThat(dev.get("outcome").asText()).isEqualTo("allow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west", "eu-prod", "live"})
    void aProductionNameNoEntryNamesIsNotRaisedToTheProductionEntrysHigherLevel(String environment) throws Exception {
        Path policy = dir.resolve("operator.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                metadata: {name: operator, version: "1"}
                scope:
                  autonomy:
                    agents:
                      - id: claude-code
                        level: 1
                        environments:
                          - {environments: ["prod*"], level: 3}
                        productionActions:
                          - {paths: ["src/**"]}
                """);
        commit(Map.of("src/app.py", "print(4)\n"), AGENT, "tweak");
        // the names the entry names get its level 3 (and the listed production actions)
        JsonNode named = json.readTree(aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", "prod-eu", "--json").out());
        assertThat(named.get("autonomy").get("levelNumber").asInt()).isEqualTo(3);
        // the attack: a production name the entry does not name, to get level 3 through its match on production
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy.toString(), "-e", environment, "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("autonomy").get("levelNumber").asInt()).as(scope.out()).isEqualTo(1);
        assertThat(decision.get("requiresApproval").asBoolean()).isTrue();
    }

    @Test
    void aRuleForProductionHoldsWhereThePolicysProductionGlobsSaySo() throws Exception {
        Path policy = dir.resolve("eu.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nenvironments:\n  production: [prod, \"eu-*\"]\n");
        commit(Map.of("infra/main.tf", "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        // before: eu-dev was production for the score (eu-*) but terraform-code, whose condition lists production, did not hold
        AigovRun risk = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "-e", "eu-dev", "--json");
        JsonNode doc = json.readTree(risk.out());
        assertThat(doc.get("reasons").findValuesAsText("rule")).as(risk.out()).contains("terraform-code");
        assertThat(doc.get("tier").asText()).isEqualTo("HIGH");
        JsonNode dev = json.readTree(aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "-e", "dev", "--json").out());
        assertThat(dev.get("reasons").findValuesAsText("rule")).doesNotContain("terraform-code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void anEmptyEnvironmentIsAnInputErrorNamingTheOption(String environment) throws Exception {
        for (String command : new String[] {"risk", "scope"}) {
            AigovRun r = aigov(command, "--repo", repo.toString(), "-e", environment);
            assertThat(r.code()).as(command + ": " + r.out() + r.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains("--environment").contains("empty");
        }
        Path none = dir.resolve("none.json");
        Files.writeString(none, "[]");
        AigovRun check = check(none, "--environment=" + environment);
        assertThat(check.code()).as(check.out() + check.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(check.err()).contains("--environment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"env/dev/eu-prod/main.tf", "env/prod-eu/dev/main.tf", "env/sandbox/production-eu/main.tf", "env/dev/prod/main.tf"})
    void aFolderThatNamesProductionMakesTheChangeProduction(String path) throws Exception {
        commit(Map.of("env/dev/other.tf", "locals {}\n", path, "resource \"aws_instance\" \"web\" {}\n"), AGENT, "infra");
        // before: read as development (only a folder named exactly prod counted), so the agent's Terraform code was not production
        AigovRun r = aigov("approval", "requirements", "--repo", repo.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(json.readTree(r.out()).path("environment").asText()).as(r.out()).isEqualTo("production");
        JsonNode risk = risk();
        assertThat(risk.get("reasons").findValuesAsText("rule")).as(risk.toString()).contains("terraform-code");
    }

    // ---- risk under-scoring: Terraform read without a plan

    @Test
    void terraformCodeOfProductionIsHighEvenWithoutAPlan() throws Exception {
        commit(Map.of("infra/main.tf", """
                resource "aws_iam_role_policy" "deployer" {
                  role   = "deployer"
                  policy = jsonencode({Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})
                }
                """), AGENT, "grant the deployer what it needs");
        // before: MEDIUM, "application code or unclassified file"
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("HIGH");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("terraform-code");
        // the same code of a development environment stays what it was
        AigovRun dev = aigov("risk", "--repo", repo.toString(), "-e", "dev", "--json");
        assertThat(json.readTree(dev.out()).get("reasons").findValuesAsText("rule")).doesNotContain("terraform-code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"infra/backend.tf", "infra/prod.tfbackend", "infra/terraform.tfstate", "terraform.tfstate.backup", "infra/backend.hcl"})
    void terraformStateAndBackendConfigurationAreCritical(String path) throws Exception {
        commit(Map.of(path, path.endsWith("tfstate") || path.endsWith("backup") ? "{\"version\": 4, \"resources\": []}\n"
                : "bucket = \"someone-elses-state\"\n"), AGENT, "move the state");
        // before: MEDIUM
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("terraform-state");
        assertThat(risk.get("touches").toString()).contains("infrastructure");
    }

    @Test
    void aKindOrRoleWrittenAsYamlBinaryIsReadAsKubectlReadsIt() throws Exception {
        // base64 of ClusterRoleBinding and cluster-admin: kubectl's YAML reader (go-yaml) decodes !!binary to that text
        commit(Map.of("deploy/crb.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: !!binary Q2x1c3RlclJvbGVCaW5kaW5n
                metadata: {name: everyone-admin}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: !!binary Y2x1c3Rlci1hZG1pbg==}
                subjects: [{kind: Group, name: "system:authenticated"}]
                """), AGENT, "bind");
        // before: MEDIUM, a document without a (string) kind skipped as application code
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("rbac", "account-level-iam", "iam-public-principal");
    }

    @Test
    void aManifestOrPolicyStoredInGitLfsFailsClosed() throws Exception {
        // `*.yaml filter=lfs`: git holds a pointer, the ClusterRoleBinding it deploys is in LFS storage and cannot be read
        String pointer = "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
        commit(Map.of(".gitattributes", "*.yaml filter=lfs diff=lfs merge=lfs -text\n*.json filter=lfs diff=lfs merge=lfs -text\n",
                "deploy/crb.yaml", pointer, "iam/boundary.json", pointer), AGENT, "store the bindings in LFS");
        // before: MEDIUM, the pointer text has no apiVersion/kind and no Statement, so it was not an input
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.toString()).contains("Git LFS pointer");
        assertThat(risk.findValues("kind").stream().map(JsonNode::asText)).contains("read-fail-closed");
    }

    @Test
    void aDeletedLfsPointerAddsNothing() throws Exception {
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n";
        commit(Map.of("data/fixture.json", pointer), ALICE, "fixture in LFS");
        git.rm().addFilepattern("data/fixture.json").call();
        git.commit().setMessage("drop the fixture").setAuthor(ALICE).setCommitter(ALICE).setSign(false).call();
        JsonNode risk = risk();
        assertThat(risk.toString()).doesNotContain("Git LFS pointer");
    }

    // ---- IAM in CloudFormation templates: read by path only, an agent's administrator role was MEDIUM and allowed

    private static String cloudFormation(String attack) {
        String policy = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Actions: {Type: String, Default: 's3:GetObject'}\n"
                + "Conditions:\n  IsProd: !Equals [!Ref 'AWS::AccountId', '111122223333']\nResources:\n  Bucket: {Type: AWS::S3::Bucket}\n";
        return switch (attack) {
            case "managed-policy-arn" -> policy + """
                      Deployer:
                        Type: AWS::IAM::Role
                        Properties:
                          AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}]}
                          ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess']
                    """;
            case "action-parameter" -> policy + """
                      Deployer:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument: {Statement: [{Effect: Allow, Action: !Ref Actions, Resource: '*'}]}
                    """;
            case "if-branch" -> policy + """
                      Deployer:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument: {Statement: [{Effect: Allow, Action: !If [IsProd, 's3:GetObject', '*'], Resource: '*'}]}
                    """;
            case "not-action-parameter" -> policy + """
                      Deployer:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument: {Statement: [{Effect: Allow, NotAction: [!Ref Actions], Resource: '*'}]}
                    """;
            case "sub-built-document" -> policy + """
                      Deployer:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument: !Sub '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${Actions}"}]}'
                    """;
            case "trust-import" -> policy + """
                      Deployer:
                        Type: AWS::IAM::Role
                        Properties:
                          AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: !ImportValue trusted-account}, Action: sts:AssumeRole}]}
                    """;
            case "condition-no-value" -> policy + """
                      Open:
                        Type: AWS::S3::BucketPolicy
                        Properties:
                          Bucket: !Ref Bucket
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Principal: '*'
                                Action: 's3:GetObject'
                                Resource: !Sub '${Bucket.Arn}/*'
                                Condition: !If [IsProd, {StringEquals: {'aws:PrincipalOrgID': o-abc123def4}}, !Ref 'AWS::NoValue']
                    """;
            case "public-acl" -> policy.replace("Bucket: {Type: AWS::S3::Bucket}", "Bucket: {Type: AWS::S3::Bucket, Properties: {AccessControl: PublicReadWrite}}");
            case "lambda-permission" -> policy + """
                      Invoke:
                        Type: AWS::Lambda::Permission
                        Properties: {FunctionName: fn, Action: 'lambda:InvokeFunction', Principal: '*'}
                    """;
            case "sam-policy-template" -> "Transform: AWS::Serverless-2016-10-31\n" + policy + """
                      Fn:
                        Type: AWS::Serverless::Function
                        Properties:
                          Handler: app.handler
                          Runtime: python3.12
                          Policies: [{S3CrudPolicy: {BucketName: !Ref Bucket}}]
                    """;
            case "include-transform" -> policy + """
                      Deployer:
                        Type: AWS::IAM::Role
                        Properties:
                          Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://shared/admin-role.yaml}}
                    """;
            case "repeated-resources" -> policy + "Resources:\n  Deployer: {Type: AWS::SNS::Topic}\n";
            default -> throw new IllegalArgumentException(attack);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"managed-policy-arn", "action-parameter", "if-branch", "not-action-parameter", "sub-built-document", "trust-import",
            "condition-no-value", "public-acl", "lambda-permission", "sam-policy-template", "include-transform", "repeated-resources"})
    void iamInACloudFormationTemplateIsCriticalAndDeniedToAgents(String attack) throws Exception {
        commit(Map.of("infra/" + attack + ".yaml", cloudFormation(attack)), AGENT, "add the stack");
        // before: MEDIUM (a YAML file no reader took for an input) and allowed to the agent
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(attack + "\n" + risk).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).as(attack).containsAnyOf("account-level-iam", "iam-public-principal");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "development");
        assertThat(scope.code()).as(attack + "\n" + scope.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).as(attack).contains("ai-no-iam");
    }

    @Test
    void anAdministratorRoleInLongFormJsonOrADotTemplateFileIsCritical() throws Exception {
        commit(Map.of("infra/stack.json", """
                {"Resources": {"Deployer": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": ["ci"],
                  "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": {"Fn::Join": [":", ["iam", "*"]]}, "Resource": "*"}]}}}}}
                """, "cfn/admin.template", cloudFormation("managed-policy-arn")), AGENT, "add the stacks");
        JsonNode risk = risk();
        assertThat(risk.get("tier").asText()).as(risk.toString()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").toString()).contains("infra/stack.json#Deployer").contains("cfn/admin.template#Deployer");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "-e", "development");
        assertThat(scope.code()).as(scope.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).contains("ai-no-iam");
    }

    @Test
    void removingAPermissionsBoundaryOrWideningTheSharedBoundaryIsCritical() throws Exception {
        String stack = """
                Resources:
                  Boundary:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument: {Statement: [{Effect: Allow, Action: ['s3:*', 'sqs:*'], Resource: '*'}]}
                  App:
                    Type: AWS::IAM::Role
                    Properties:
                      PermissionsBoundary: !Ref Boundary
                      Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}}]
                """;
        commit(Map.of("infra/iam-stack.yaml", stack), ALICE, "the boundary");
        commit(Map.of("infra/iam-stack.yaml", stack.replace("      PermissionsBoundary: !Ref Boundary\n", "")), AGENT, "drop the boundary");
        // before: MEDIUM, the template was not read
        JsonNode removed = json.readTree(aigov("risk", "--repo", repo.toString(), "--base", "HEAD~1", "--json").out());
        assertThat(removed.get("tier").asText()).as(removed.toString()).isEqualTo("CRITICAL");
        assertThat(removed.get("reasons").findValuesAsText("rule")).contains("iam-permission-boundary");
        assertThat(removed.toString()).contains("infra/iam-stack.yaml#App");

        commit(Map.of("infra/iam-stack.yaml", stack.replace("['s3:*', 'sqs:*']", "['s3:*', 'sqs:*', 'iam:*']")), ALICE, "restore");
        JsonNode widened = json.readTree(aigov("risk", "--repo", repo.toString(), "--base", "HEAD~1", "--json").out());
        assertThat(widened.get("reasons").findValuesAsText("rule")).contains("iam-permission-boundary", "account-level-iam");
        assertThat(widened.get("reasons").toString()).contains("infra/iam-stack.yaml#Boundary");
    }

    @Test
    void anOrdinaryWorkloadIsNotPrivileged() throws Exception {
        commit(Map.of("deploy/dev/app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, namespace: dev}
                spec:
                  selector: {matchLabels: {app: a}}
                  template:
                    metadata: {labels: {app: a}}
                    spec:
                      hostNetwork: false
                      containers:
                      - name: a
                        image: app:1
                        securityContext: {privileged: false, capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}}
                      volumes: [{name: cache, emptyDir: {}}]
                """), AGENT, "app");
        JsonNode risk = risk();
        assertThat(risk.get("reasons").findValuesAsText("rule")).doesNotContain("privileged-workload");
        assertThat(risk.get("tier").asText()).isNotEqualTo("CRITICAL");
    }

    // ---- approvals: an approval given while the change headed to staging, replayed to the production gate

    private static final String[][] CRITICAL_APPROVERS = {{"carl", "cto"}, {"sue", "security-team"}, {"cab", "change-advisory-board"}};

    /** A CRITICAL change (a destructive migration, CRITICAL wherever it goes) by Alice; its fingerprint. */
    private String criticalMigration() throws Exception {
        commit(Map.of("db/migrations/001_drop.sql", "ALTER TABLE users DROP COLUMN email;\n"), ALICE, "drop the email column");
        for (String env : new String[] {"staging", "production"}) {
            AigovRun r = aigov("approval", "requirements", "--repo", repo.toString(), "-e", env, "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(json.readTree(r.out()).get("tier").asText()).as(env).isEqualTo("CRITICAL");
            assertThat(json.readTree(r.out()).get("environment").asText()).isEqualTo(env);
        }
        AigovRun r = aigov("approval", "requirements", "--repo", repo.toString(), "--json");
        assertThat(json.readTree(r.out()).path("environment").isTextual()).as("no environment named or read from the change").isFalse();
        return json.readTree(r.out()).get("fingerprint").asText();
    }

    private static String decision(String kind, String id, String group, String fp, String environment, String comment) {
        return "{\"kind\":\"" + kind + "\",\"approverId\":\"" + id + "\",\"email\":\"" + id + "@corp.example\",\"groups\":[\"" + group
                + "\"],\"fingerprint\":\"" + fp + "\",\"tierSeen\":\"CRITICAL\",\"at\":\"" + java.time.Instant.now().minusSeconds(120) + "\""
                + (comment == null ? "" : ",\"comment\":\"" + comment + "\"")
                + (environment == null ? "" : ",\"environment\":\"" + environment + "\"") + "}";
    }

    private Path approvalsFor(String name, String fp, String environment, String... extra) throws Exception {
        List<String> all = new java.util.ArrayList<>();
        for (String[] p : CRITICAL_APPROVERS) {
            all.add(decision("approve", p[0], p[1], fp, environment, null));
        }
        all.addAll(List.of(extra));
        Path f = dir.resolve(name);
        Files.writeString(f, "[" + String.join(",", all) + "]");
        return f;
    }

    private AigovRun check(Path approvals, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("approval", "check", "--repo", repo.toString(), "--approvals", approvals.toString(),
                "--no-git-notes"));
        args.addAll(List.of(more));
        return aigov(args.toArray(String[]::new));
    }

    @Test
    void anApprovalGivenForStagingDoesNotSatisfyTheProductionGate() throws Exception {
        String fp = criticalMigration();
        Path staging = approvalsFor("staging-approvals.json", fp, "staging");
        // the legitimate path: the approvals satisfy the gate they were given for
        AigovRun there = check(staging, "-e", "staging");
        assertThat(there.code()).as(there.out() + there.err()).isEqualTo(ExitCode.OK);
        assertThat(there.out()).contains("environment   staging").contains("APPROVED");

        // before: the same CRITICAL approvals, replayed, approved the production gate (same change, equal tier)
        AigovRun replay = check(staging, "-e", "production");
        assertThat(replay.code()).as(replay.out() + replay.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(replay.out()).contains("environment   production").contains("PENDING").contains("wrong-environment")
                .contains("given for environment staging, not production");
        JsonNode e = json.readTree(check(staging, "-e", "production", "--json").out());
        assertThat(e.get("environment").asText()).isEqualTo("production");
        assertThat(e.get("filled")).isEmpty();
        assertThat(e.get("refused")).hasSize(3).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("wrong-environment"));
        // nor a gate that names no environment (judged as production), nor a name spelled otherwise
        assertThat(check(staging).code()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(check(staging, "-e", "Staging").code()).isEqualTo(ExitCode.NEEDS_HUMAN);

        // approvals given for production pass the production gate
        AigovRun prod = check(approvalsFor("production-approvals.json", fp, "production"), "-e", "production");
        assertThat(prod.code()).as(prod.out() + prod.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void atApplyTimeNoSpellingOfAnEnvironmentSatisfiesTheGateOfAnother() throws Exception {
        // the command line has no apply step: the check right before an apply is `aigov approval check -e ENV`, and it
        // binds the approvals to the environment exactly, so no spelling crosses it, in either direction
        String fp = criticalMigration();
        String fullWidth = "\uff50\uff52\uff4f\uff44\uff55\uff43\uff54\uff49\uff4f\uff4e";
        List<String> spellings = List.of("Production", fullWidth, "produ\u200bction", "\u0440roduction");
        Path staging = approvalsFor("staging.json", fp, "staging");
        for (String prod : spellings) {
            AigovRun r = check(staging, "-e", prod);
            assertThat(r.code()).as(prod + ": " + r.out() + r.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(r.out()).contains("wrong-environment").contains("given for environment staging");
        }
        Path production = approvalsFor("production.json", fp, "production");
        assertThat(check(production, "-e", "production").code()).isEqualTo(ExitCode.OK);
        for (String spelling : spellings) {
            // approvals for production do not satisfy a gate spelled otherwise, nor approvals spelled otherwise production's
            AigovRun other = check(production, "-e", spelling);
            assertThat(other.code()).as(spelling + ": " + other.out() + other.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(other.out()).contains("wrong-environment");
            AigovRun odd = check(approvalsFor("odd.json", fp, spelling), "-e", "production");
            assertThat(odd.code()).as(spelling + ": " + odd.out() + odd.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        }
    }

    @Test
    void aDenialGivenForAnyEnvironmentStopsTheChangeEverywhere() throws Exception {
        String fp = criticalMigration();
        Path approvals = approvalsFor("approvals.json", fp, "production", decision("deny", "dana", "qa", fp, "staging", "drops data staging still reads"));
        AigovRun r = check(approvals, "-e", "production");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("DENIED").contains("denied by     dana (for environment staging; a denial stops the change everywhere)")
                .contains("drops data staging still reads");
        // without the denial the production approvals stand
        assertThat(check(approvalsFor("clean.json", fp, "production"), "-e", "production").code()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aDecisionWithoutAnEnvironmentDoesNotCountWhereTheChangeIsReadAsProductionWithoutE() throws Exception {
        commit(Map.of("env/prod-eu/db/migrations/001_drop.sql", "ALTER TABLE users DROP COLUMN email;\n"), ALICE, "drop the email column");
        AigovRun req = aigov("approval", "requirements", "--repo", repo.toString(), "--json");
        JsonNode requirements = json.readTree(req.out());
        // no -e, but the change is read as production from its path: the check has that environment
        assertThat(requirements.get("environment").asText()).as(req.out()).isEqualTo("production");
        String fp = requirements.get("fingerprint").asText();
        Path unnamed = approvalsFor("unnamed.json", fp, null);
        AigovRun check = check(unnamed);
        assertThat(check.code()).as(check.out() + check.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(check.out()).contains("environment   production").contains("wrong-environment")
                .contains("recorded without an environment").contains("approve again for production");
        // approvals given for production count for it, with -e production or without -e
        Path prod = approvalsFor("prod.json", fp, "production");
        assertThat(check(prod).code()).isEqualTo(ExitCode.OK);
        assertThat(check(prod, "-e", "production").code()).isEqualTo(ExitCode.OK);
    }

    @Test
    void ledgerRecordsWrittenBeforeApprovalsNamedTheirEnvironmentCountOnlyWhereNoneIsNamed() throws Exception {
        String fp = criticalMigration();
        // a ledger as the previous release wrote it: decisions without an environment
        StringBuilder legacy = new StringBuilder();
        for (String[] p : CRITICAL_APPROVERS) {
            legacy.append("{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-0123456789abcdef\",\"recordedAt\":\"")
                    .append(java.time.Instant.now().minusSeconds(100)).append("\",\"decision\":").append(decision("approve", p[0], p[1], fp, null, null))
                    .append("}\n");
        }
        Path ledger = dir.resolve("approvals.jsonl");
        Files.writeString(ledger, legacy);
        AigovRun prod = check(ledger, "-e", "production");
        assertThat(prod.code()).as(prod.out() + prod.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(prod.out()).contains("wrong-environment").contains("written before approvals named theirs")
                .contains("counts only for a check with no environment (none given and none read from the change)").contains("approve again for production");
        assertThat(check(ledger, "-e", "staging").code()).isEqualTo(ExitCode.NEEDS_HUMAN);
        // where no environment is named (nor read from the change) they still count, as they did when they were written
        AigovRun unnamed = check(ledger);
        assertThat(unnamed.code()).as(unnamed.out() + unnamed.err()).isEqualTo(ExitCode.OK);
        assertThat(unnamed.out()).contains("environment   (none named)");

        // the engine's ledger writer records the environment, and such records count for it
        io.jenkins.plugins.aigovernance.core.approval.FileApprovalLedger writer = new io.jenkins.plugins.aigovernance.core.approval.FileApprovalLedger(
                ledger, java.time.Clock.systemUTC());
        for (io.jenkins.plugins.aigovernance.core.approval.Approval a : io.jenkins.plugins.aigovernance.core.approval.Approval.readList("new",
                Files.readAllBytes(approvalsFor("new.json", fp, "production")))) {
            writer.append(io.jenkins.plugins.aigovernance.core.approval.LedgerEntry.decision("apr-fedcba9876543210", a, java.time.Instant.now()));
        }
        assertThat(Files.readAllLines(ledger).subList(3, 6)).allSatisfy(l -> assertThat(l).contains("\"environment\":\"production\""));
        AigovRun now = check(ledger, "-e", "production");
        assertThat(now.code()).as(now.out() + now.err()).isEqualTo(ExitCode.OK);
    }
}
