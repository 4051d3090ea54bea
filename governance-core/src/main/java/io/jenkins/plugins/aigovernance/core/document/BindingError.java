package io.jenkins.plugins.aigovernance.core.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Jackson error from binding a YAML or JSON document to records, described for people: the field
 * it is about and what is wrong. Policy files and canary plans report their errors with it.
 *
 * @param pointer the field as a JSON pointer ({@code /risk/rules/2/tier}), empty for the whole document
 * @param field   the field as a path ({@code risk.rules[2].tier}), empty for the whole document
 * @param message an unknown field with the known ones, the message of the record's own check, what the field
 *                takes against what it holds, or the first line of Jackson's message without Java class names
 */
public record BindingError(String pointer, String field, String message) {

    /** Describes {@code e}. */
    public static BindingError of(JsonProcessingException e) {
        StringBuilder pointer = new StringBuilder();
        StringBuilder field = new StringBuilder();
        String message = e.getOriginalMessage();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    pointer.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
                    field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    pointer.append('/').append(r.getIndex());
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            if (m instanceof UnrecognizedPropertyException u) {
                List<String> known = new ArrayList<>();
                if (u.getKnownPropertyIds() != null) {
                    u.getKnownPropertyIds().forEach(o -> known.add(String.valueOf(o)));
                }
                Collections.sort(known);
                message = "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")");
            } else {
                Throwable c = m.getCause();
                while (c != null && !(c instanceof IllegalArgumentException)) {
                    c = c.getCause();
                }
                if (c != null) {
                    message = c.getMessage();
                }
            }
        }
        if (e instanceof MismatchedInputException mi && !(e instanceof UnrecognizedPropertyException) && message != null
                && message.equals(e.getOriginalMessage()) && (message.startsWith("Cannot deserialize") || message.startsWith("Cannot construct"))) {
            // Jackson's own wording names Java types; a reader's own message (a date out of range) is kept
            message = mismatch(mi);
        }
        return new BindingError(pointer.toString(), field.toString(), withoutClassNames(firstLine(message)));
    }

    /** {@code expected a list, got a text ('x')}: what the field takes, in the document's words, not Java's. */
    private static String mismatch(MismatchedInputException e) {
        String expected = describe(e.getTargetType());
        String got;
        if (e instanceof InvalidFormatException f) {
            got = "'" + f.getValue() + "'";
        } else {
            Matcher m = FROM.matcher(String.valueOf(e.getOriginalMessage()));
            got = m.find() ? describeToken(m.group(1)) + (m.group(2) == null ? "" : " (" + m.group(2) + ")") : null;
        }
        return "expected " + expected + (got == null ? "" : ", got " + got);
    }

    private static final Pattern FROM = Pattern.compile("from (String|Object|Array|Number|Integer|Floating-point|Boolean|Null)[ -]\\w*\\s*(?:value)?\\s*(?:\\('([^']*)'\\))?");

    private static String describeToken(String token) {
        return switch (token) {
            case "String" -> "a text";
            case "Object" -> "an object";
            case "Array" -> "a list";
            case "Boolean" -> "true or false";
            case "Null" -> "null";
            default -> "a number";
        };
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a text";
        }
        if (type == Instant.class || Temporal.class.isAssignableFrom(type)) {
            return "a time (ISO-8601, such as 2026-03-02T09:12:00Z)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class || type == float.class
                || type == short.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "an object (a mapping)";
    }

    /**
     * Jackson names Java types ({@code `java.util.ArrayList`}, {@code (java.time.format.DateTimeParseException)},
     * {@code JsonToken.START_OBJECT}); a person reading an error about their document gets none of them: a
     * qualified name becomes its simple name, and token names their kind.
     */
    static String withoutClassNames(String message) {
        String m = message.replaceAll("\\(token `JsonToken\\.[A-Z_]+`\\)", "");
        m = m.replaceAll("`?\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*)(?:\\[\\])?`?", "$1");
        m = m.replaceAll("\\s+\\(although at least one Creator exists\\)", "");
        return m.replaceAll("\\s{2,}", " ").strip();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable document";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
