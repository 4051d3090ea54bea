package io.jenkins.plugins.aigovernance.core.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Jackson error from binding a YAML or JSON document to records, described for people: the field
 * it is about and what is wrong. Policy files and canary plans report their errors with it.
 *
 * @param pointer the field as a JSON pointer ({@code /risk/rules/2/tier}), empty for the whole document
 * @param field   the field as a path ({@code risk.rules[2].tier}), empty for the whole document
 * @param message an unknown field with the known ones, the message of the record's own check, or
 *                the first line of Jackson's message
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
        return new BindingError(pointer.toString(), field.toString(), firstLine(message));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable document";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
