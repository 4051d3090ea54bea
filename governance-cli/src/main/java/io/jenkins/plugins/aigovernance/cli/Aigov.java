package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aigov}: the governance gates from a terminal or any CI system. */
@Command(name = "aigov",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false, // no method is a subcommand: picocli then does not scan every method for @Command
        versionProvider = Aigov.Version.class,
        description = "Risk, scope, approval, canary and audit gates for AI-made changes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the gate passed (scored, allowed, satisfied, promoted, verified)",
            "1:the gate did not pass (denied, not satisfied, rolled back, tampered)",
            "2:bad input (usage, invalid files, unknown revisions, unreachable servers)",
            "3:internal error",
            "4:a person must decide (approval pending, canary inconclusive)"})
public final class Aigov {

    /** What every command's exit codes mean; each command's {@code --help} lists them. */
    static final java.util.Map<String, String> EXIT_CODES = exitCodes();

    private static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("0", "the gate passed (scored, allowed, satisfied, promoted, verified, valid)");
        m.put("1", "the gate did not pass (denied, not satisfied, rolled back, tampered)");
        m.put("2", "bad input (usage, invalid files, unknown revisions, unreachable servers)");
        m.put("3", "internal error");
        m.put("4", "a person must decide (approval pending, canary inconclusive)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The subcommands in the order help lists them, each built only when needed: building a command's model reflects over
     * all its options (and loads its classes), so a run builds the one it names, not all of them ({@link #commandLine}).
     */
    private static final class Registry {
        /**
         * Made on first use, not when {@link Aigov} initialises: {@code --version} never needs it, and its twelve
         * constructor references (one of them to picocli's Java 5 {@code HelpCommand}, which no CDS archive holds) are
         * linked through the lambda bootstrap, a tenth of that run.
         */
        static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = commands();
    }

    private static java.util.Map<String, java.util.function.Supplier<Object>> commands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("risk", RiskCommand::new);
        m.put("scope", ScopeCommand::new);
        m.put("approval", ApprovalCommand::new);
        m.put("canary", CanaryCommand::new);
        m.put("audit", AuditCommand::new);
        m.put("metrics", MetricsCommand::new);
        m.put("policy", PolicyCommand::new);
        m.put("notes", NotesCommand::new);
        m.put("hook", HookCommand::new);
        m.put("commit-msg", CommitMsgCommand::new);
        m.put("backtest", BacktestCommand::new);
        m.put("maturity", MaturityCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line for {@code args}: with the one subcommand {@code args[0]} names; with none for {@code --version}
     * ({@code -V}) alone; with every subcommand otherwise ({@code --help}, {@code help}, no or unknown command), so help and
     * usage errors list them all. Every subcommand gets the shared exit-code list.
     */
    static CommandLine commandLine(boolean colour, String... args) {
        CommandLine cl = new CommandLine(new Aigov());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        String first = args.length == 0 ? "" : args[0];
        boolean versionOnly = versionOnly(args);
        if (Registry.COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, Registry.COMMANDS.get(first).get());
        } else if (!versionOnly) {
            Registry.COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        withExitCodes(cl);
        return cl;
    }

    /** Runs the command line without colour (for tests and embedding) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, false, args);
    }

    /**
     * Runs the command line and returns its exit code.
     *
     * @param colour whether help may use ANSI colours (only when the output is a terminal)
     */
    public static int run(PrintWriter out, PrintWriter err, boolean colour, String... args) {
        if (versionOnly(args)) {
            return printVersion(out, err);
        }
        return run(commandLine(colour, args), out, err, args);
    }

    /** Whether {@code args} is {@code --version} (or {@code -V}) alone. */
    static boolean versionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /**
     * {@code --version} without building the command model (picocli reflects over the annotations of {@link Aigov} and
     * its mixins first, about half of the run): the lines of {@link Version}, each on its own line, as picocli prints
     * them (they hold no format specifiers or markup; {@code StartupTest} compares both outputs).
     */
    static int printVersion(PrintWriter out, PrintWriter err) {
        try {
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
        } catch (java.io.IOException e) {
            return exitCodeOf(e, err);
        }
        out.flush();
        return ExitCode.OK;
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
            if (versionOnly(args)) { // no repository is opened: JGit's file-system probe is not needed
                code = printVersion(out, err);
            } else {
                java.util.concurrent.FutureTask<Void> git = gitStartup(System.getenv());
                CommandLine cl = commandLine(terminal(System.getenv()), args);
                code = awaitGitStartup(git, err);
                if (code == ExitCode.OK) {
                    code = run(cl, out, err, args);
                }
            }
        } catch (Throwable t) {
            code = ExitCode.INTERNAL_ERROR;
        }
        System.exit(code);
    }

    /**
     * Starts JGit's set-up on a second thread while picocli builds the command model on this one (the two were a third of
     * a short run, one after the other; docs/performance.md, start-up): the file-system probe with the system config named
     * ({@link #gitSystemConfig}), which the returned task completes and {@link #main} awaits before any repository is
     * opened; then, not awaited, what every repository read needs first: JGit's file-store attributes, whose shutdown hook
     * reads JGit's message bundle (about 1,000 messages, set by reflection), the system and user git config (JGit keeps
     * them, and reads them again when the files change), the SHA-256 provider, the built-in agent catalogue every
     * provenance check uses, and the number symbols of the locale {@code printf} formats with. A thread that reaches a class
     * being initialised waits for it, so the work is done once. The thread is a daemon: it never holds the JVM open.
     */
    static java.util.concurrent.FutureTask<Void> gitStartup(java.util.Map<String, String> env) {
        java.util.concurrent.FutureTask<Void> config = new java.util.concurrent.FutureTask<>(() -> {
            org.eclipse.jgit.util.FS.DETECTED.setGitSystemConfig(gitSystemConfig(env).toFile());
            return null;
        });
        Thread t = new Thread(() -> {
            config.run();
            try {
                java.lang.invoke.MethodHandles.lookup().ensureInitialized(org.eclipse.jgit.util.FS.FileStoreAttributes.class);
                org.eclipse.jgit.util.SystemReader.getInstance().getUserConfig();
                java.security.MessageDigest.getInstance("SHA-256");
                io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue.builtIn();
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.getDefault(java.util.Locale.Category.FORMAT));
            } catch (ReflectiveOperationException | java.security.GeneralSecurityException | java.io.IOException
                    | org.eclipse.jgit.errors.ConfigInvalidException | RuntimeException | LinkageError e) {
                // only done early: the read that needs it does it again and reports what fails
            }
        }, "aigov-git-startup");
        t.setDaemon(true);
        t.start();
        return config;
    }

    /** Waits for {@link #gitStartup}'s config step: {@link ExitCode#OK}, else the exit code of what it threw (reported). */
    static int awaitGitStartup(java.util.concurrent.FutureTask<Void> config, PrintWriter err) {
        try {
            config.get();
            return ExitCode.OK;
        } catch (java.util.concurrent.ExecutionException e) {
            return exitCodeOf(e, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return exitCodeOf(e, err);
        }
    }

    /**
     * The system-wide git config file, named without running {@code git}: {@code GIT_CONFIG_SYSTEM} when set (git 2.32+),
     * else {@code /etc/gitconfig}, where distributions' git packages keep it. JGit otherwise finds it by running
     * {@code git --version} and {@code git config --system --show-origin --list} (two child processes, about a third of a
     * short run's time); {@code GIT_CONFIG_NOSYSTEM} still skips the file (JGit's {@code SystemReader} checks it first).
     * Set once, in {@link #main}, before any repository is opened: the CLI is the only code in its JVM.
     */
    static java.nio.file.Path gitSystemConfig(java.util.Map<String, String> env) {
        String named = env.get("GIT_CONFIG_SYSTEM");
        return java.nio.file.Path.of(named == null || named.isEmpty() ? "/etc/gitconfig" : named);
    }

    /**
     * Whether output goes to a terminal that takes colours: a console is attached (Java 17: none when standard input or
     * output is redirected), {@code NO_COLOR} is not set (no-color.org) and {@code TERM} is not {@code dumb}.
     */
    static boolean terminal(java.util.Map<String, String> env) {
        return System.console() != null && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
    }

    /** Gives every command without its own list the shared exit codes, so each {@code --help} lists them. */
    private static void withExitCodes(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            withExitCodes(sub);
        }
    }

    /** The project version, from {@code version.properties} (filtered by the build), else the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            String v = null;
            try (java.io.InputStream in = Aigov.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    v = p.getProperty("version");
                }
            }
            if (v == null || v.startsWith("${")) {
                v = Aigov.class.getPackage().getImplementationVersion();
            }
            return new String[] {"aigov " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
