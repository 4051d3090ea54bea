package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigov hook install} and real {@code git commit}s through the installed hook, which runs this build's aigov. */
class CommitMsgHookTest {

    @TempDir
    Path repo;
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    /** What a git command run by {@link #git} returned and printed. */
    private record GitRun(int code, String out, String err) {
    }

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    /** Runs git in the repository with a clean environment; the hook finds this build through AIGOV_CLASSPATH. */
    private GitRun git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("AIGOV_"));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("AIGOV_CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new GitRun(p.waitFor(), out, err);
    }

    private GitRun ok(String... args) throws Exception {
        GitRun r = git(args);
        assertThat(r.code()).as("git %s%n%s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private String message(String rev) throws Exception {
        return ok("log", "-1", "--format=%B", rev).out();
    }

    private String head() throws Exception {
        return ok("rev-parse", "HEAD").out().strip();
    }

    private void write(String path, String text) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private JsonNode risk() {
        AigovRun r = aigov("risk", "--repo", repo.toString(), "--json");
        assertThat(r.code()).as(r.err()).isIn(0, 1, 4);
        try {
            return json.readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError(r.out(), e);
        }
    }

    @BeforeEach
    void repository() throws Exception {
        ok("init", "-q", "-b", "main");
        ok("config", "user.name", "Alice Smith");
        ok("config", "user.email", "alice@corp.example");
        ok("config", "commit.gpgsign", "false");
        write("README.md", "hello\n");
        ok("add", ".");
        ok("commit", "-q", "-m", "init");
        AigovRun install = aigov("hook", "install", "--repo", repo.toString());
        assertThat(install.code()).as(install.err()).isZero();
        assertThat(install.out()).contains("installed commit-msg hook").contains(repo.resolve(".git/hooks/commit-msg").toString());
    }

    @Test
    void humanCommitsAreLeftAlone() throws Exception {
        write("src/App.java", "class App {}\n");
        ok("add", ".");
        GitRun c = ok("commit", "-q", "-m", "Add the app", "-m", "Signed-off-by: Alice Smith <alice@corp.example>");
        assertThat(message("HEAD")).isEqualTo("Add the app\n\nSigned-off-by: Alice Smith <alice@corp.example>\n\n");
        assertThat(c.err()).contains("no AI involvement found");
    }

    @Test
    void aCommitMadeWithAnAiToolGetsTheEnginesBlock() throws Exception {
        write("config/prod/settings.properties", "replicas=3\n");
        ok("add", ".");
        ok("commit", "-q", "-m", "Scale prod", "-m", "Co-authored-by: Claude <noreply@anthropic.com>");
        String msg = message("HEAD");
        assertThat(msg).startsWith("Scale prod\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\n[AI-GOVERNANCE]\n");
        GovernanceBlock b = GovernanceBlock.parse(msg).orElseThrow();
        // the block says what the engine says about the commit as made
        JsonNode risk = risk();
        assertThat(b.changeSource()).isEqualTo("ai-assisted");
        assertThat(b.riskTier()).isEqualTo(risk.get("tier").asText());
        assertThat(b.blastRadius()).isEqualTo(risk.get("blastRadius").asText());
        assertThat(b.scopePolicyVersion()).isEqualTo(risk.get("policy").asText());
        assertThat(b.approvedBy()).isNull();
        assertThat(b.approvedAt()).isNull();
    }

    @Test
    void anAgentsCommitNamesTheAgentAndCommitAllIsJudgedByWhatItCommits() throws Exception {
        write("db/migrate/001_orders.sql", "CREATE TABLE orders (id int);\n");
        ok("add", ".");
        ok("commit", "-q", "-m", "orders table");
        write("db/migrate/001_orders.sql", "DROP TABLE orders;\n");
        // commit -a: git hands the hook a temporary index (GIT_INDEX_FILE) holding the modification
        ok("commit", "-q", "-a", "--author", "Copilot <198982749+Copilot@users.noreply.github.com>", "-m", "drop orders");
        GovernanceBlock b = GovernanceBlock.parse(message("HEAD")).orElseThrow();
        JsonNode risk = risk();
        assertThat(risk.get("effectiveSource").asText()).isEqualTo("ai-agent");
        assertThat(b.changeSource()).isEqualTo(risk.get("agentId").asText());
        assertThat(b.riskTier()).isEqualTo("CRITICAL").isEqualTo(risk.get("tier").asText());
    }

    @Test
    void aBlockThatContradictsTheEvidenceStopsTheCommit() throws Exception {
        String before = head();
        write("src/App.java", "class App {}\n");
        ok("add", ".");
        GitRun human = git("commit", "-q", "-m", "Add the app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\n[AI-GOVERNANCE]\nchange_source: human\n[/AI-GOVERNANCE]");
        assertThat(human.code()).isNotZero();
        assertThat(human.err()).contains("commit refused").contains("claims less AI involvement than the evidence shows: ai-assisted");

        GitRun lowTier = git("commit", "-q", "-m", "Add the app\n\nAI-Agent: claude-code\n\n[AI-GOVERNANCE]\nrisk_tier: LOW\n[/AI-GOVERNANCE]");
        assertThat(lowTier.code()).isNotZero();
        assertThat(lowTier.err()).contains("risk_tier 'LOW' is not the engine's tier");

        GitRun preApproved = git("commit", "-q", "-m",
                "Add the app\n\n[AI-GOVERNANCE]\nchange_source: claude-code\napproved_by: cto\n[/AI-GOVERNANCE]");
        assertThat(preApproved.code()).isNotZero();
        assertThat(preApproved.err()).contains("approved_by cannot be claimed in a commit message");

        GitRun otherAgent = git("commit", "-q", "--author", "Copilot <198982749+Copilot@users.noreply.github.com>", "-m",
                "Add the app\n\n[AI-GOVERNANCE]\nchange_source: kiro-ai-agent-v2.1\n[/AI-GOVERNANCE]");
        assertThat(otherAgent.code()).isNotZero();
        assertThat(otherAgent.err()).contains("change_source names agent 'kiro-ai-agent-v2.1'");

        GitRun malformed = git("commit", "-q", "-m", "Add the app\n\n[AI-GOVERNANCE]\nchange_source: human\n");
        assertThat(malformed.code()).isNotZero();
        assertThat(malformed.err()).contains("cannot be read");

        assertThat(head()).as("no commit was made").isEqualTo(before);
    }

    @Test
    void aCompleteTrueBlockIsAcceptedAsWritten() throws Exception {
        write("src/App.java", "class App {}\n");
        ok("add", ".");
        // a hook manager's flow: aigov commit-msg on the message file, then again (idempotent), then the commit
        Path msg = home.resolve("MSG");
        Files.writeString(msg, "Add the app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
        AigovRun first = aigov("commit-msg", msg.toString(), "--repo", repo.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("block written");
        String written = Files.readString(msg);
        AigovRun second = aigov("commit-msg", msg.toString(), "--repo", repo.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).contains("agrees with the evidence");
        assertThat(Files.readString(msg)).isEqualTo(written);
        GitRun commit = ok("commit", "-q", "-F", msg.toString());
        assertThat(commit.err()).contains("agrees with the evidence");
        assertThat(message("HEAD")).isEqualTo(written + "\n");
    }

    @Test
    void aForeignHookIsNeverReplacedSilently() throws Exception {
        Path hook = repo.resolve(".git/hooks/commit-msg");
        Files.writeString(hook, "#!/bin/sh\n# the team's own hook\nexit 0\n");
        AigovRun refused = aigov("hook", "install", "--repo", repo.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("did not install").contains("--force");
        assertThat(Files.readString(hook)).contains("the team's own hook");

        AigovRun forced = aigov("hook", "install", "--repo", repo.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(repo.resolve(".git/hooks/commit-msg.pre-aigov"))).contains("the team's own hook");
        assertThat(Files.readString(hook)).contains("aigov hook install");
        // installing again updates our own hook in place
        AigovRun again = aigov("hook", "install", "--repo", repo.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("updated commit-msg hook");
    }

    @Test
    void coreHooksPathIsWhereGitLooks() throws Exception {
        ok("config", "core.hooksPath", "githooks");
        AigovRun install = aigov("hook", "install", "--repo", repo.toString());
        assertThat(install.code()).as(install.err()).isZero();
        assertThat(repo.resolve("githooks/commit-msg")).isExecutable();
        write("src/App.java", "class App {}\n");
        ok("add", "src");
        ok("commit", "-q", "-m", "Add the app", "-m", "AI-Agent: claude-code");
        assertThat(message("HEAD")).contains("[AI-GOVERNANCE]").contains("change_source: claude-code");
    }

    @Test
    void installWarnsWhenTheHookCouldNotRunAigovHere(@TempDir Path bin) throws Exception {
        // red team, third landing: installed from java -jar with no aigov on the PATH, every commit failed
        String warning = HookCommand.hookRunner(Map.of("PATH", bin.toString()));
        assertThat(warning).contains("AIGOV_JAR").contains("every commit will fail");
        assertThat(HookCommand.hookRunner(Map.of("PATH", bin.toString(), "AIGOV_JAR", "/opt/aigov.jar"))).isNull();
        assertThat(HookCommand.hookRunner(Map.of("PATH", bin.toString(), "AIGOV_CLASSPATH", "/opt/classes"))).isNull();
        Path aigov = Files.writeString(bin.resolve("aigov"), "#!/bin/sh\n");
        aigov.toFile().setExecutable(true);
        assertThat(HookCommand.hookRunner(Map.of("PATH", bin.toString()))).isNull();
    }
}
