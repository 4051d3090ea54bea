package io.jenkins.plugins.aigovernance.cli;

/** The exit codes of {@code aigov}; documented in docs/cli.md. */
public final class ExitCode {
    /** The command ran and its gate passed (scored, allowed, satisfied, promoted, verified). */
    public static final int OK = 0;
    /** The command ran and its gate did not pass (denied, not satisfied, rolled back, tampered, over threshold). */
    public static final int GATE_FAILED = 1;
    /** Bad input: usage, unreadable or invalid files, unknown revisions, unreachable servers. */
    public static final int BAD_INPUT = 2;
    /** A bug: something the engine did not expect. */
    public static final int INTERNAL_ERROR = 3;
    /** The gate needs a person: approval pending, canary inconclusive. */
    public static final int NEEDS_HUMAN = 4;

    private ExitCode() {
    }
}
