package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical byte form a record's hash is computed over: UTF-8 JSON without whitespace, object
 * members sorted by name (Java {@link String#compareTo}, i.e. UTF-16 code units), array order kept,
 * strings with Jackson's standard escaping (only {@code "}, {@code \} and control characters escaped),
 * numbers as Jackson writes the parsed value (integers as digits, decimals via {@link Double#toString}).
 * Values are taken as they stand in the record, so fields a later engine adds are covered as well.
 */
final class CanonicalJson {

    private final JsonFactory factory = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.newMapper().getFactory();

    byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> f : fields) {
                g.writeFieldName(f.getKey());
                write(g, f.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode e : node) {
                write(g, e);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }
}
