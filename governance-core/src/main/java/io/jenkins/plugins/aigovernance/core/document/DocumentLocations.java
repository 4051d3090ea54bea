package io.jenkins.plugins.aigovernance.core.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a YAML or JSON document starts, by JSON pointer, from one streaming pass: puts
 * errors that name a field (binding errors, validation findings) on their line.
 */
public final class DocumentLocations {

    private final Map<String, JsonLocation> where;

    private DocumentLocations(Map<String, JsonLocation> where) {
        this.where = where;
    }

    /**
     * Reads the locations of a document that was already read once; a failure here only loses line
     * numbers, so it is not reported.
     */
    public static DocumentLocations of(JsonFactory factory, byte[] bytes) {
        Map<String, JsonLocation> where = new HashMap<>();
        try (JsonParser p = factory.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    where.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // the document was read once already; only line numbers are lost
        }
        return new DocumentLocations(where);
    }

    /** Where the value at {@code pointer} starts, or {@code null} when the document has no such value. */
    public JsonLocation exact(String pointer) {
        return where.get(pointer);
    }

    /** Where the value at {@code pointer} starts, else its nearest enclosing value; {@code null} when none is found. */
    public JsonLocation nearest(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation loc = where.get(p);
            if (loc != null || p.isEmpty()) {
                return loc;
            }
            int cut = p.lastIndexOf('/');
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
    }
}
