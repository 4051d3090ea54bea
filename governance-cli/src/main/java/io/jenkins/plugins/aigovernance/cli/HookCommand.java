package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.commit.CommitMsgHook;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigov hook}: git hooks that run the engine where commits are made. */
@Command(name = "hook", mixinStandardHelpOptions = true, description = "Git hooks that record AI involvement where commits are made.",
        subcommands = {HookCommand.Install.class})
final class HookCommand {

    /** {@code aigov hook install}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install the commit-msg hook (in core.hooksPath, else .git/hooks) that runs 'aigov commit-msg'.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Git repository (default: ${DEFAULT-VALUE}).")
        Path repo;

        @Option(names = "--force", description = "Replace a commit-msg hook aigov did not install (it is kept as commit-msg.pre-aigov).")
        boolean force;

        @Override
        public Integer call() {
            try (Repository r = NotesRepository.open(repo)) {
                CommitMsgHook.Installed i = CommitMsgHook.install(r, force);
                spec.commandLine().getOut().printf("%s commit-msg hook %s%n", i.updated() ? "updated" : "installed", i.hook());
                if (i.previous() != null) {
                    spec.commandLine().getOut().printf("the previous hook is kept as %s%n", i.previous());
                }
                String runner = hookRunner(System.getenv());
                if (runner != null) {
                    spec.commandLine().getErr().println(runner);
                }
            }
            return ExitCode.OK;
        }
    }

    /**
     * A warning when the installed hook could not run aigov in this environment (no {@code AIGOV_CLASSPATH}, no
     * {@code AIGOV_JAR}, no {@code aigov} on the {@code PATH}): what to export so that it can, or {@code null}.
     */
    static String hookRunner(java.util.Map<String, String> env) {
        if (notBlank(env.get("AIGOV_CLASSPATH")) || notBlank(env.get("AIGOV_JAR"))) {
            return null;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, "aigov"))) {
                return null;
            }
        }
        String jar = null;
        try {
            Path self = Path.of(HookCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jar = java.nio.file.Files.isRegularFile(self) ? self.toAbsolutePath().toString() : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            jar = null;
        }
        return "aigov: warning: the hook runs java -jar \"$AIGOV_JAR\", else aigov from the PATH, and neither is set here: "
                + (jar == null ? "put aigov on the PATH or export AIGOV_JAR=/path/to/aigov.jar" : "export AIGOV_JAR=" + jar)
                + " (in your shell profile), or every commit will fail";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
