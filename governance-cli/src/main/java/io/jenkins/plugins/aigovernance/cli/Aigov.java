package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aigov}: the governance gates from a terminal or any CI system. */
@Command(name = "aigov",
        mixinStandardHelpOptions = true,
        versionProvider = Aigov.Version.class,
        description = "Risk, scope, approval, canary and audit gates for AI-made changes.",
        subcommands = {RiskCommand.class, ScopeCommand.class, ApprovalCommand.class, CanaryCommand.class, AuditCommand.class,
            MetricsCommand.class, PolicyCommand.class, NotesCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the gate passed (scored, allowed, satisfied, promoted, verified)",
            "1:the gate did not pass (denied, not satisfied, rolled back, tampered)",
            "2:bad input (usage, invalid files, unknown revisions, unreachable servers)",
            "3:internal error",
            "4:a person must decide (approval pending, canary inconclusive)"})
public final class Aigov {

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(new CommandLine(new Aigov()), out, err, args);
    }

    /**
     * Runs a command line built on {@link Aigov} and returns its exit code: every error the engine
     * names exits 2, anything else that escapes a command (a bug, {@link OutOfMemoryError},
     * {@link StackOverflowError}) exits 3 — never 1, which means "the gate did not pass".
     */
    static int run(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> exitCodeOf(ex, err));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("aigov: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            err.flush();
            return ExitCode.BAD_INPUT;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) { // Errors are not handed to the execution exception handler
            code = exitCodeOf(t, err);
        }
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCodeOf(Throwable ex, PrintWriter err) {
        Throwable t = ex;
        while ((t instanceof CommandLine.ExecutionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GovernanceException) { // InvalidInputException and every other error the engine names
            err.println("aigov: " + t.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        try {
            err.println("aigov: internal error: " + t);
            if (!(t instanceof VirtualMachineError)) {
                t.printStackTrace(err);
            }
            err.flush();
        } catch (Throwable ignored) { // out of memory even for the message: the exit code still says internal error
        }
        return ExitCode.INTERNAL_ERROR;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        int code;
        try {
            code = run(out, err, args);
        } catch (Throwable t) {
            code = ExitCode.INTERNAL_ERROR;
        }
        System.exit(code);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Aigov.class.getPackage().getImplementationVersion();
            return new String[] {"aigov " + (v == null ? "development build" : v)};
        }
    }
}
