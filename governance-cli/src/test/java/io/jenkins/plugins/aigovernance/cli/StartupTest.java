package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up builds (docs/performance.md): only the command a run names, and no git child process for the system config. */
class StartupTest {

    @TempDir
    Path dir;

    /**
     * {@code main} sets JGit up on a second thread while picocli builds the model ({@code Aigov.gitStartup}): a run as its own
     * process prints exactly what the same command run in this JVM prints, for a change and for an error.
     */
    @Test
    void theMainEntryWithItsSecondThreadPrintsWhatTheInProcessRunPrints() throws Exception {
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.write("README.md", "# app\n").write("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n")
                    .commit("initial");
            git.write("src/App.java", "class App {}\n").write("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n")
                    .commit("Fix the app");
            String repo = git.directory().toString();
            for (String[] args : new String[][] {{"risk", "--repo", repo, "--base", "HEAD~1", "--head", "HEAD"},
                    {"risk", "--repo", repo, "--base", "no-such-revision"}}) {
                ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                        System.getProperty("java.class.path"), Aigov.class.getName());
                pb.command().addAll(java.util.List.of(args));
                io.jenkins.plugins.aigovernance.core.ci.CiEnvironment.BRANCH_VARIABLES.forEach(pb.environment()::remove);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                int code = p.waitFor();
                StringWriter inOut = new StringWriter();
                StringWriter inErr = new StringWriter();
                int inCode = Aigov.run(new PrintWriter(inOut), new PrintWriter(inErr), args);
                assertThat(code).as(err).isEqualTo(inCode);
                assertThat(out).isEqualTo(inOut.toString());
                assertThat(err).isEqualTo(inErr.toString());
            }
        }
    }

    @Test
    void aRunBuildsOnlyTheCommandItNamesAndHelpListsThemAll() {
        assertThat(Aigov.commandLine(false, "risk", "--repo", ".").getSubcommands()).containsOnlyKeys("risk");
        assertThat(Aigov.commandLine(false, "--version").getSubcommands()).isEmpty();
        String[] all = {"risk", "scope", "approval", "canary", "audit", "metrics", "policy", "notes", "hook", "commit-msg", "backtest", "maturity", "help"};
        assertThat(Aigov.commandLine(false, "--help").getSubcommands()).containsOnlyKeys(all);
        assertThat(Aigov.commandLine(false, "help", "risk").getSubcommands()).containsOnlyKeys(all);
        assertThat(Aigov.commandLine(false, "no-such-command").getSubcommands()).containsOnlyKeys(all);
        assertThat(Aigov.commandLine(false, "backtest", "--since", "90d").getSubcommands()).containsOnlyKeys("backtest");
        assertThat(Aigov.commandLine(false, "maturity", "--log", "a.jsonl").getSubcommands()).containsOnlyKeys("maturity");
    }

    @Test
    void helpAndUsageErrorsStillNameEveryCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Aigov.run(new PrintWriter(out), new PrintWriter(err), "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("risk").contains("audit").contains("notes").contains("Exit codes:");
        StringWriter err2 = new StringWriter();
        assertThat(Aigov.run(new PrintWriter(new StringWriter()), new PrintWriter(err2), "rsik")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err2.toString()).contains("rsik").contains("risk");
        StringWriter v = new StringWriter();
        assertThat(Aigov.run(new PrintWriter(v), new PrintWriter(new StringWriter()), "--version")).isEqualTo(ExitCode.OK);
        assertThat(v.toString()).startsWith("aigov ");
    }

    @Test
    void versionWithoutTheCommandModelPrintsWhatPicocliPrints() {
        for (String flag : new String[] {"--version", "-V"}) {
            StringWriter fast = new StringWriter();
            StringWriter fastErr = new StringWriter();
            assertThat(Aigov.run(new PrintWriter(fast), new PrintWriter(fastErr), flag)).isEqualTo(ExitCode.OK);
            StringWriter picocli = new StringWriter();
            StringWriter picocliErr = new StringWriter();
            int code = Aigov.run(Aigov.commandLine(false, flag), new PrintWriter(picocli), new PrintWriter(picocliErr), flag);
            assertThat(code).isEqualTo(ExitCode.OK);
            assertThat(fast.toString()).isEqualTo(picocli.toString()).startsWith("aigov ").contains("Java " + System.getProperty("java.version"));
            assertThat(fastErr.toString()).isEqualTo(picocliErr.toString()).isEmpty();
        }
        assertThat(Aigov.versionOnly("--version")).isTrue();
        assertThat(Aigov.versionOnly("--version", "risk")).isFalse();
        assertThat(Aigov.versionOnly("risk", "--version")).isFalse();
        assertThat(Aigov.versionOnly()).isFalse();
    }

    @Test
    void theSystemGitConfigIsNamedFromTheEnvironmentAsGitDoes() {
        assertThat(Aigov.gitSystemConfig(Map.of())).isEqualTo(Path.of("/etc/gitconfig"));
        assertThat(Aigov.gitSystemConfig(Map.of("GIT_CONFIG_SYSTEM", "/opt/git/etc/gitconfig"))).isEqualTo(Path.of("/opt/git/etc/gitconfig"));
        assertThat(Aigov.gitSystemConfig(Map.of("GIT_CONFIG_SYSTEM", ""))).isEqualTo(Path.of("/etc/gitconfig"));
    }
}
