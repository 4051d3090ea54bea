package io.jenkins.plugins.aigovernance.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of {@code aigov} ({@link Aigov#run}): its exit code ({@link ExitCode}) and what it printed to
 * standard output and standard error. The CLI tests' common runner.
 */
record AigovRun(int code, String out, String err) {

    /** Runs {@code aigov args...} in this JVM. */
    static AigovRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new AigovRun(code, out.toString(), err.toString());
    }
}
