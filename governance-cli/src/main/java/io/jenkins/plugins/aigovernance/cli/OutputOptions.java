package io.jenkins.plugins.aigovernance.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Option;

/** {@code --json}: print the engine's result document instead of the report. */
public final class OutputOptions {

    /**
     * The JSON writer, built on first use only (initialisation-on-demand holder): building it loads about 475
     * classes, which a command that prints no JSON (e.g. {@code --version}) must not pay for at start-up.
     * Immutable once built, so one serves every command.
     */
    private static final class Json {
        static final ObjectWriter WRITER = JsonDocuments.newMapper().writerWithDefaultPrettyPrinter();

        private Json() {
        }
    }

    @Option(names = "--json", description = "Print the result as JSON (the same document the Jenkins steps return).")
    boolean json;

    /** Prints {@code result}: its JSON document with {@code --json}, else the human report. */
    <T> void print(PrintWriter out, T result, BiConsumer<PrintWriter, T> report) throws IOException {
        if (json) {
            writeJson(out, result);
        } else {
            report.accept(out, result);
        }
    }

    /** Prints a result's JSON document. */
    static void writeJson(PrintWriter out, Object value) throws IOException {
        out.println(Json.WRITER.writeValueAsString(value));
        out.flush();
    }
}
