package io.jenkins.plugins.aigovernance.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The engine's JSON documents as the plugin passes them around: as JSON text (across the remoting
 * channel and in {@code build.xml}) and as maps (step return values, REST API, Jelly pages).
 */
@Restricted(NoExternalUse.class)
public final class Documents {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    /** Configured once, never changed afterwards (thread-safe). */
    private static final ObjectMapper MAPPER = JsonDocuments.newMapper();

    private Documents() {}

    /** An engine result as JSON text. */
    public static String toJson(Object result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + result.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** An engine result as a map (what Pipeline steps return). */
    public static Map<String, Object> toMap(Object result) {
        return MAPPER.convertValue(result, MAP);
    }

    /** JSON text as a map. */
    public static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored governance document is not JSON", e);
        }
    }

    /** JSON text as a tree (for documents the engine reads as trees, such as the facts of a risk assessment). */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored governance document is not JSON", e);
        }
    }

    /** JSON text as an engine record. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored governance document is not a " + type.getSimpleName(), e);
        }
    }
}
