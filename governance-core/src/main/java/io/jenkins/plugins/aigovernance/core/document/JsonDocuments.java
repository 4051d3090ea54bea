package io.jenkins.plugins.aigovernance.core.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON form of every engine result: the CLI's {@code --json} output, the plugin steps'
 * return values and the audit records are written with a mapper from here. Instants are ISO-8601
 * strings, absent values are left out, and unknown fields are refused when reading.
 *
 * <p>The reading rules every JSON reader of the engine shares (docs/policy-reference.md, "Reading
 * rules"): a key given twice in one object is refused ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}:
 * tools disagree on which copy counts), anything after the document is refused
 * ({@link DeserializationFeature#FAIL_ON_TRAILING_TOKENS}), and an instant must lie in the years
 * 0000 to 9999 (RFC 3339), so that no date arithmetic can leave {@link Instant}'s range.
 */
public final class JsonDocuments {

    /** The earliest instant read: 0000-01-01T00:00:00Z (RFC 3339 years start at 0000). */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest instant read: 9999-12-31T23:59:59.999999999Z (RFC 3339 years end at 9999). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private JsonDocuments() {
    }

    /** A new mapper with the project's settings (mappers are thread-safe once configured; keep one per component). */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("aigov-instant-range").addDeserializer(Instant.class, new RangeCheckedInstant()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /**
     * A streaming JSON factory with the shared reading rules (duplicate keys refused) and these limits;
     * streaming readers must still check themselves that nothing follows the document.
     */
    public static JsonFactory strictFactory(StreamReadConstraints constraints) {
        return JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /** A mapper over {@link #strictFactory}: duplicate keys and trailing data refused, these limits. */
    public static ObjectMapper strictMapper(StreamReadConstraints constraints) {
        return new ObjectMapper(strictFactory(constraints)).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Whether an instant lies in the range every reader accepts ({@link #EARLIEST} to {@link #LATEST}). */
    public static boolean inRange(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    /** ISO-8601 instants as {@link InstantDeserializer#INSTANT} reads them, refused outside {@link #EARLIEST}..{@link #LATEST}. */
    private static final class RangeCheckedInstant extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String field = p.currentName();
            Instant t = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (t != null && !inRange(t)) {
                throw InvalidFormatException.from(p, "'" + (field == null ? "instant" : field) + "' is " + t
                        + ", outside the years 0000 to 9999 that dates may use", t, Instant.class);
            }
            return t;
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }
}
