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
            }
            return ExitCode.OK;
        }
    }
}
