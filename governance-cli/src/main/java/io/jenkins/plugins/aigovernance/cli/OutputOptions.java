package io.jenkins.plugins.aigovernance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.aigovernance.core.JsonDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --json}: print the engine's result document instead of the report. */
public final class OutputOptions {

    @Option(names = "--json", description = "Print the result as JSON (the same document the Jenkins steps return).")
    boolean json;

    private final ObjectMapper mapper = JsonDocuments.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void writeJson(PrintWriter out, Object value) throws IOException {
        out.println(mapper.writeValueAsString(value));
        out.flush();
    }
}
