package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * What {@link AuditIndex} takes from one event, as the verifier reads it: the texts of the members the index keeps
 * ({@code type, time, fingerprint, commit, agent, actor, outcome, repository, build, tier, changeSource}) and the strings
 * of {@code touches}, with the index's rules (a {@code null} member is absent, a number or boolean is taken as its text,
 * {@code touches} other than an array is absent). A member whose value the index cannot take as it reads the log (an
 * object or array where it expects text, anything but strings in {@code touches}) makes the row {@link #irregular}.
 *
 * <p>A scratch holder filled once per record by the verifier's pass ({@link CanonicalRecordCheck}, or {@link #read} for a
 * record the full check accepted) so that the side-file comparison ({@link AuditIndex.SideFileCheck}) allocates nothing
 * per row; one per verification, not thread-safe.
 */
final class EventRow {

    String type;
    String time;
    String fingerprint;
    String commit;
    String agent;
    String actor;
    String outcome;
    String repository;
    String build;
    String tier;
    String changeSource;
    boolean hasTouches;
    int touchCount;
    String[] touches = new String[8];
    /** The first member the index cannot take as it reads the log, or null. */
    String irregular;

    void reset() {
        type = time = fingerprint = commit = agent = actor = outcome = repository = build = tier = changeSource = null;
        hasTouches = false;
        touchCount = 0;
        irregular = null;
    }

    /** Whether {@code name} is a member the index reads as text. */
    static boolean textMember(String name) {
        return switch (name) {
            case "type", "time", "fingerprint", "commit", "agent", "actor", "outcome", "repository", "build", "tier", "changeSource" -> true;
            default -> false;
        };
    }

    /** Takes the scalar value the parser is on as the text of member {@code name} (one of {@link #textMember}). */
    void text(String name, JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken().isStructStart()) {
            irregular = irregular == null ? name : irregular;
            return;
        }
        String v = p.getText();
        switch (name) {
            case "type" -> type = v;
            case "time" -> time = v;
            case "fingerprint" -> fingerprint = v;
            case "commit" -> commit = v;
            case "agent" -> agent = v;
            case "actor" -> actor = v;
            case "outcome" -> outcome = v;
            case "repository" -> repository = v;
            case "build" -> build = v;
            case "tier" -> tier = v;
            case "changeSource" -> changeSource = v;
            default -> throw new IllegalArgumentException(name);
        }
    }

    void startTouches() {
        hasTouches = true;
        touchCount = 0;
    }

    /** One element of {@code touches}: a string is kept, anything else makes the row irregular. */
    void touch(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            irregular = irregular == null ? "touches" : irregular;
            return;
        }
        if (touchCount == touches.length) {
            touches = Arrays.copyOf(touches, touchCount * 2);
        }
        touches[touchCount++] = p.getText();
    }

    /** Fills the row from a whole record line (for records the streaming check left to the full check; rare). */
    void read(JsonFactory factory, byte[] line, int len) throws IOException {
        reset();
        try (JsonParser p = factory.createParser(line, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                irregular = "record";
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("event".equals(name) && v == JsonToken.START_OBJECT) {
                    readEvent(p);
                } else if (v.isStructStart()) {
                    p.skipChildren();
                }
            }
        }
    }

    private void readEvent(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (textMember(name)) {
                text(name, p);
                if (v.isStructStart()) {
                    p.skipChildren();
                }
            } else if ("touches".equals(name) && v == JsonToken.START_ARRAY) {
                startTouches();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    touch(p);
                    if (p.currentToken().isStructStart()) {
                        p.skipChildren();
                    }
                }
            } else if (v.isStructStart()) {
                p.skipChildren();
            }
        }
    }
}
