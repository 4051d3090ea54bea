package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aigov policy validate|show}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Validate or print a policy.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Show.class})
final class PolicyCommand {

    /** {@code aigov policy validate FILE}. */
    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a policy file; errors name the line and field.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", defaultValue = PolicyLoader.DEFAULT_FILE, description = "Policy file (default: ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() {
            GovernancePolicy p = new PolicyLoader().load(file);
            spec.commandLine().getOut().printf("%s: valid (%s)%n", file, p.versionLabel());
            return ExitCode.OK;
        }
    }

    /** {@code aigov policy show [FILE]}: the effective policy after merging with the defaults. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective policy (the file laid over the built-in defaults), or the defaults.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Policy file; without it the built-in defaults are printed.")
        Path file;

        @Override
        public Integer call() {
            PolicyLoader loader = new PolicyLoader();
            if (file == null) {
                spec.commandLine().getOut().print(loader.defaultsYaml());
            } else {
                spec.commandLine().getOut().print(loader.toYaml(loader.load(file)));
            }
            return ExitCode.OK;
        }
    }
}
