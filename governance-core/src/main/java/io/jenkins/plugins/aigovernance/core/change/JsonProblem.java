package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Describes a Jackson read error for people: what is wrong, and at which line and column. */
final class JsonProblem {

    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");
    private static final Pattern CONSTRAINT = Pattern.compile(", from `StreamReadConstraints\\.get(\\w+)\\(\\)`");

    private JsonProblem() {
    }

    static String describe(JsonProcessingException e) {
        return describe(e, e.getLocation());
    }

    /** As {@link #describe(JsonProcessingException)}, with a location for errors that carry none. */
    static String describe(JsonProcessingException e, JsonLocation fallback) {
        JsonLocation at = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation() : fallback;
        String where = at == null || at.getLineNr() <= 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = SOURCE.matcher(firstLine(e.getOriginalMessage())).replaceAll("[");
        if (e instanceof StreamConstraintsException) {
            Matcher m = CONSTRAINT.matcher(message);
            if (m.find()) {
                String limit = Character.toLowerCase(m.group(1).charAt(0)) + m.group(1).substring(1);
                message = message.substring(0, m.start()) + ", limit " + limit + message.substring(m.end());
            }
            return "over a limit" + where + ": " + message;
        }
        return "malformed JSON" + where + ": " + message;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
