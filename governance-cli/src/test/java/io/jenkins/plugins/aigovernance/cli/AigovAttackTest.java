package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bypass attempts through {@code aigov}, as a user or an agent would make them, against real git
 * repositories, real files and real HTTP servers on 127.0.0.1: none may pass a gate, and each must
 * end with the exit code the CLI documents (2 bad input naming it, 1 gate failed, 3 internal error).
 */
class AigovAttackTest {

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
        commit(Map.of("README.md", "# app\n", "src/app.py", "print(1)\n", "Jenkinsfile", "buildPlugin()\n"), ALICE);
    }

    @AfterEach
    void close() {
        git.close();
    }

    private void commit(Map<String, String> files, PersonIdent who) throws Exception {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = repo.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        git.add().addFilepattern(".").call();
        git.commit().setMessage("change").setAuthor(who).setCommitter(who).setSign(false).call();
    }

    // ---- item 6: a change judged by rules it edits

    @Test
    void aPolicyFileTheChangeLoosensIsReadAtTheBaseRevisionAndTheReportSaysSo() throws Exception {
        commit(Map.of("governance/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: strict, version: \"1\"}\nrisk:\n  defaultTier: HIGH\n"),
                ALICE);
        commit(Map.of("governance/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: loose, version: \"2\"}\nrisk:\n  defaultTier: LOW\n",
                "src/app.py", "print(2)\n"), AGENT);
        Path policy = repo.resolve("governance/policy.yml");
        AigovRun r = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "--fail-on", "HIGH");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("strict@1").contains("read at the base revision").contains("the change edits governance/policy.yml");
        AigovRun j = aigov("risk", "--repo", repo.toString(), "--policy", policy.toString(), "--json");
        JsonNode doc = json.readTree(j.out());
        // editing the policy file the change is judged by is a change to the governance policy itself
        assertThat(doc.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.get("policy").asText()).contains("read at the base revision");
    }

    @Test
    void aChangeThatOnlyEditsTheNamedPolicyFileIsAGovernancePolicyChange() throws Exception {
        // red team, third landing: the base policy makes src/** CRITICAL; an agent's change touches nothing but that file
        commit(Map.of("gov/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: strict, version: \"1\"}\nrisk:\n  rules:\n"
                + "    - {id: all-src, tier: CRITICAL, reason: Source, match: {paths: [\"src/**\"]}}\n"), ALICE);
        commit(Map.of("gov/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: loose, version: \"2\"}\n"), AGENT);
        String policy = repo.resolve("gov/policy.yml").toString();
        JsonNode risk = json.readTree(aigov("risk", "--repo", repo.toString(), "--policy", policy, "--json").out());
        assertThat(risk.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(risk.get("reasons").findValuesAsText("rule")).contains("governance-policy-file");
        assertThat(risk.toString()).contains("gov/policy.yml");
        AigovRun scope = aigov("scope", "--repo", repo.toString(), "--policy", policy, "-e", "staging", "--json");
        JsonNode decision = json.readTree(scope.out());
        assertThat(decision.get("outcome").asText()).as(scope.out()).isEqualTo("deny");
        assertThat(decision.toString()).contains("ai-no-governance-policy-file");
        // the same file is ordinary code when it is not the policy in force
        JsonNode plain = json.readTree(aigov("risk", "--repo", repo.toString(), "--json").out());
        assertThat(plain.get("reasons").findValuesAsText("rule")).doesNotContain("governance-policy-file");
    }

    @Test
    void aPolicyFileTheChangeAddsIsRefused() throws Exception {
        commit(Map.of("mine.yml", "apiVersion: ai-governance/v1\nmetadata: {name: mine, version: \"1\"}\n"), AGENT);
        AigovRun r = aigov("scope", "--repo", repo.toString(), "--policy", repo.resolve("mine.yml").toString(), "-e", "staging");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("mine.yml").contains("adds the policy file");
    }

    // ---- item 5: duplicate keys and trailing data

    @Test
    void aPlansSecondActionsCannotTurnADeleteIntoANoOp() throws Exception {
        commit(Map.of("infra/main.tf", "# db\n"), AGENT);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
                 "resource_changes":[{"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main",
                   "provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["delete"],"actions":["no-op"],"before":{},"after":null}}]}
                """);
        AigovRun r = aigov("scope", "--repo", repo.toString(), "--plan", plan.toString(), "-e", "staging");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("plan.json").contains("actions");
    }

    @Test
    void anOpaAnswerWithTwoResultsFailsClosed() throws Exception {
        commit(Map.of("src/app.py", "print(3)\n"), AGENT);
        HttpServer opa = server("{\"result\":{\"deny\":[\"stop\"]},\"result\":{\"deny\":[]}}", null);
        try {
            AigovRun r = aigov("scope", "--repo", repo.toString(), "-e", "staging", "--opa-url", "http://127.0.0.1:" + opa.getAddress().getPort());
            assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains("127.0.0.1").contains("failing closed");
        } finally {
            opa.stop(0);
        }
    }

    @Test
    void anAuditLogLineInAnotherSpellingIsTampered() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        AigovRun a = aigov("audit", "append", "--log", log.toString(), "--event",
                "{\"type\":\"risk-assessed\",\"time\":\"2026-03-01T09:00:00Z\",\"actor\":\"alice\",\"outcome\":\"assessed\"}");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(aigov("audit", "verify", "--log", log.toString()).code()).isZero();
        String line = Files.readString(log);
        Files.writeString(log, line.replace("\"actor\":\"alice\"", "\"actor\":\"alice\",\"actor\":\"mallory\""));
        AigovRun dup = aigov("audit", "verify", "--log", log.toString());
        assertThat(dup.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(dup.out() + dup.err()).contains("actor");
        Files.writeString(log, line.replace("\"actor\":\"alice\"", "\"actor\":\"\\u0061lice\""));
        AigovRun respelled = aigov("audit", "verify", "--log", log.toString());
        assertThat(respelled.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(respelled.out() + respelled.err()).contains("canonical");
    }

    // ---- item 7: the approval ledger

    private String fingerprint() throws Exception {
        AigovRun r = aigov("approval", "requirements", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return json.readTree(r.out()).get("fingerprint").asText();
    }

    @Test
    void aForgedSealCannotHideADenial() throws Exception {
        commit(Map.of("config/prod/settings.properties", "replicas=3\n"), ALICE);
        String fp = fingerprint();
        String now = Instant.now().minusSeconds(60).toString();
        String deny = "{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-1\",\"recordedAt\":\"" + now + "\",\"decision\":{\"kind\":\"deny\","
                + "\"approverId\":\"lee\",\"fingerprint\":\"" + fp + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + now + "\",\"comment\":\"no\"}}";
        String broken = deny + "}";
        String seal = "{\"v\":1,\"type\":\"torn-write-sealed\",\"recordedAt\":\"" + now + "\",\"sealedOffset\":0,\"sealedLength\":"
                + broken.length() + "}";
        Path ledger = dir.resolve("ledger.jsonl");
        Files.writeString(ledger, broken + "\n" + seal + "\n");
        AigovRun r = aigov("approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("ledger.jsonl").contains("not an incomplete write");
    }

    @Test
    void skippedLedgerLinesAreReportedInTextAndJson() throws Exception {
        commit(Map.of("config/prod/settings.properties", "replicas=3\n"), ALICE);
        fingerprint();
        Path ledger = dir.resolve("ledger.jsonl");
        Files.writeString(ledger, "\n{\"v\":1,\"type\":\"decis");
        AigovRun text = aigov("approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString());
        assertThat(text.code()).as(text.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(text.out()).contains("ledger        skipped line 1").contains("blank").contains("skipped line 2")
                .contains("incomplete last line");
        AigovRun j = aigov("approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString(), "--json");
        JsonNode skipped = json.readTree(j.out()).get("ledgerSkipped");
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(1).get("skip").asText()).isEqualTo("unsealed-tail");
        assertThat(json.readTree(j.out()).get("status").asText()).isEqualTo("pending");
    }

    private static String ledgerDecision(String fp, String kind, String who, String group, Instant at) {
        return "{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-x\",\"recordedAt\":\"" + at + "\",\"decision\":{\"kind\":\"" + kind
                + "\",\"approverId\":\"" + who + "\",\"environment\":\"production\"" + (group == null ? "" : ",\"groups\":[\"" + group + "\"]") + ",\"fingerprint\":\"" + fp
                + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + at + "\"" + (group == null ? ",\"comment\":\"no\"" : "") + "}}";
    }

    @Test
    void aWholeDenialWithoutItsNewlineIsReadAndATornTailApprovesNothing() throws Exception {
        commit(Map.of("config/prod/settings.properties", "replicas=3\n"), ALICE);
        String fp = fingerprint();
        Instant opened = Instant.now().minusSeconds(120);
        String approvals = ledgerDecision(fp, "approve", "sam", "senior-engineers", opened.plusSeconds(10)) + "\n"
                + ledgerDecision(fp, "approve", "lee", "team-leads", opened.plusSeconds(20)) + "\n";
        Path ledger = dir.resolve("ledger.jsonl");
        Files.writeString(ledger, approvals);
        String[] check = {"approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString(),
            "--opened-at", opened.toString(), "--json", "--no-git-notes"};
        AigovRun approved = aigov(check);
        assertThat(approved.code()).as(approved.out() + approved.err()).isZero();
        // a complete denial whose newline is missing is a record, not a torn write
        Files.writeString(ledger, approvals + ledgerDecision(fp, "deny", "kim", null, opened.plusSeconds(30)));
        AigovRun denied = aigov(check);
        assertThat(denied.code()).as(denied.out() + denied.err()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(json.readTree(denied.out()).get("status").asText()).isEqualTo("denied");
        assertThat(json.readTree(denied.out()).get("ledgerSkipped")).isEmpty();
        // a torn last line may be a denial still being written: nothing is approved while it is there
        Files.writeString(ledger, approvals + ledgerDecision(fp, "deny", "kim", null, opened.plusSeconds(30)).substring(0, 60));
        AigovRun torn = aigov(check);
        assertThat(torn.code()).as(torn.out() + torn.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(json.readTree(torn.out()).get("status").asText()).isEqualTo("pending");
        assertThat(json.readTree(torn.out()).get("satisfied").asBoolean()).isFalse();
        assertThat(json.readTree(torn.out()).get("ledgerSkipped").get(0).get("skip").asText()).isEqualTo("unsealed-tail");
        AigovRun tornText = aigov(java.util.Arrays.copyOf(check, check.length - 2));
        assertThat(tornText.out()).contains("PENDING").contains("no approval counts until the next append seals it");
    }

    @Test
    void aNewRequestDoesNotReviveApprovalsGivenBeforeIt() throws Exception {
        commit(Map.of("config/prod/settings.properties", "replicas=3\n"), ALICE);
        String fp = fingerprint();
        Instant before = Instant.now().minusSeconds(30L * 24 * 3600);
        Instant reopened = Instant.now().minusSeconds(60);
        StringBuilder l = new StringBuilder();
        for (Object[] who : new Object[][] {{"sam", "senior-engineers", before}, {"lee", "team-leads", reopened.plusSeconds(30)}}) {
            l.append("{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-x\",\"recordedAt\":\"").append(who[2]).append("\",\"decision\":")
                    .append("{\"kind\":\"approve\",\"approverId\":\"").append(who[0]).append("\",\"groups\":[\"").append(who[1])
                    .append("\"],\"fingerprint\":\"").append(fp).append("\",\"tierSeen\":\"HIGH\",\"at\":\"").append(who[2]).append("\"}}\n");
        }
        Path ledger = dir.resolve("ledger.jsonl");
        Files.writeString(ledger, l);
        // the first request got one of its two approvals, then expired
        AigovRun old = aigov("approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString(),
                "--opened-at", before.minusSeconds(60).toString(), "--json");
        assertThat(old.code()).as(old.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(json.readTree(old.out()).get("status").asText()).isEqualTo("expired");
        // a new request: lee's approval counts for it, sam's (given to the expired request) does not
        AigovRun revived = aigov("approval", "check", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--approvals", ledger.toString(),
                "--opened-at", reopened.toString(), "--json");
        assertThat(revived.code()).as(revived.out()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(json.readTree(revived.out()).get("refused").toString()).contains("before-request").contains("sam");
    }

    // ---- item 8: timeouts, ranges, exit codes

    @Test
    void anOpaServerStallingMidBodyIsCutOffByTheTimeout() throws Exception {
        commit(Map.of("src/app.py", "print(4)\n"), AGENT);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer opa = server("{\"result\":{\"deny\":[]}}", release);
        try {
            AigovRun r = aigov("scope", "--repo", repo.toString(), "-e", "staging", "--opa-url", "http://127.0.0.1:" + opa.getAddress().getPort(),
                    "--opa-timeout", "500ms");
            assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains("did not answer within 500ms");
        } finally {
            release.countDown();
            opa.stop(0);
        }
    }

    @Test
    void datesPastInstantsRangeExit2NamingTheField() throws Exception {
        commit(Map.of("config/prod/settings.properties", "replicas=3\n"), ALICE);
        String fp = fingerprint();
        Path approvals = dir.resolve("approvals.json");
        Files.writeString(approvals, "[{\"kind\":\"approve\",\"approverId\":\"sam\",\"groups\":[\"senior-engineers\"],\"fingerprint\":\"" + fp
                + "\",\"tierSeen\":\"HIGH\",\"at\":\"+1000000000-12-31T23:59:59Z\"}]");
        AigovRun r = aigov("approval", "check", "--repo", repo.toString(), "--approvals", approvals.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("approvals.json").contains("'at'");

        Files.writeString(approvals, "[]");
        AigovRun opened = aigov("approval", "check", "--repo", repo.toString(), "--approvals", approvals.toString(), "--opened-at",
                "+1000000000-12-31T23:59:59Z");
        assertThat(opened.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(opened.err()).contains("--opened-at");

        Path log = dir.resolve("audit.jsonl");
        Files.writeString(log, "");
        for (String since : new String[] {"999999999d", "P999999999D", "+999999999-01-01T00:00:00Z"}) {
            AigovRun q = aigov("audit", "query", "--log", log.toString(), "--since", since);
            assertThat(q.code()).as(since + ": " + q.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(q.err()).contains("--since");
        }
    }

    @CommandLine.Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @CommandLine.Option(names = "--stack")
        boolean stack;

        @Override
        public Integer call() {
            if (stack) {
                throw new StackOverflowError("deep");
            }
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryAndOtherInternalErrorsExit3NeverOne() {
        for (String[] args : new String[][] {{"explode"}, {"explode", "--stack"}}) {
            CommandLine cl = new CommandLine(new Aigov()).addSubcommand("explode", new Explode());
            StringWriter err = new StringWriter();
            int code = Aigov.run(cl, new PrintWriter(new StringWriter()), new PrintWriter(err), args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCode.INTERNAL_ERROR);
            assertThat(err.toString()).contains("internal error");
        }
    }

    // ---- item 9: rules that can never match, links and submodules

    @Test
    void policyValidateRefusesGlobsThatCanNeverMatch() throws Exception {
        for (String glob : new String[] {"infra//iam/**", "infra/iam/", "infra\\\\iam\\\\*.json"}) {
            Path p = dir.resolve("p.yml");
            Files.writeString(p, "apiVersion: ai-governance/v1\nmetadata: {name: p, version: \"1\"}\nrisk:\n  rules:\n    - id: iam\n"
                    + "      tier: CRITICAL\n      reason: IAM\n      match: {paths: [\"" + glob + "\"]}\n");
            AigovRun r = aigov("policy", "validate", p.toString());
            assertThat(r.code()).as(glob).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.out() + r.err()).as(glob).contains("risk.rules[0].match.paths[0]").contains("write '");
        }
    }

    @Test
    void anAgentsLinkToTheJenkinsfileIsTheJenkinsfile() throws Exception {
        Files.createSymbolicLink(repo.resolve("src/pipeline.groovy"), Path.of("../Jenkinsfile"));
        git.add().addFilepattern(".").call();
        git.commit().setMessage("helper").setAuthor(AGENT).setCommitter(AGENT).setSign(false).call();
        AigovRun r = aigov("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("ai-no-ci-definitions");
    }

    @Test
    void aManifestKindWithALookAlikeLetterIsRefused() throws Exception {
        commit(Map.of("k8s/rbac.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterR\u043eleBinding\nmetadata:\n  name: x\n"), AGENT);
        AigovRun r = aigov("scope", "--repo", repo.toString(), "-e", "staging");
        // a changed file that might be a manifest and cannot be read fails closed for that file alone (issue 11):
        // the gate refuses it, it never stops the whole change, and the reason names the file
        assertThat(r.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("notes").contains("k8s/rbac.yaml");
        AigovRun json = aigov("scope", "--repo", repo.toString(), "-e", "staging", "--json");
        assertThat(json.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(json.out()).contains("\"notes\"").contains("\"input\" : \"k8s/rbac.yaml\"");
    }

    /** An OPA stand-in answering {@code body}; with {@code stall}, it sends five bytes and waits for the latch. */
    private static HttpServer server(String body, CountDownLatch stall) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        s.createContext("/", ex -> {
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                if (stall == null) {
                    o.write(b);
                    return;
                }
                o.write(b, 0, 5);
                o.flush();
                stall.await(30, TimeUnit.SECONDS);
                o.write(b, 5, b.length - 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException gone) {
                // the client hung up
            }
        });
        s.start();
        return s;
    }
}
