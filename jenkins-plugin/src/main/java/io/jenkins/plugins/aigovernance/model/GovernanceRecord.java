package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.engine.Documents;
import java.util.Date;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One line of a build's governance trail: what happened, when, who was involved, whether it stopped
 * the build, and the engine's document about it (stored as JSON text in {@code build.xml}).
 */
@ExportedBean(defaultVisibility = 2)
public final class GovernanceRecord {

    private final RecordKind kind;
    private final long timestamp;
    private final String summary;
    private final String outcome;
    private final String actor;
    private final boolean blocked;
    private final long durationMillis;
    private final String document;

    /**
     * @param kind           what it is about
     * @param timestamp      epoch milliseconds
     * @param summary        one line for people
     * @param outcome        short machine-readable outcome ({@code approved}, {@code refused}, {@code rolled-back}...), or {@code null}
     * @param actor          Jenkins user id involved, or {@code null}
     * @param blocked        whether this stopped the change
     * @param durationMillis how long it took (approval wait, canary run), or {@code -1}
     * @param document       the engine's JSON document, or {@code null}
     */
    public GovernanceRecord(
            @NonNull RecordKind kind,
            long timestamp,
            @NonNull String summary,
            @CheckForNull String outcome,
            @CheckForNull String actor,
            boolean blocked,
            long durationMillis,
            @CheckForNull String document) {
        this.kind = kind;
        this.timestamp = timestamp;
        this.summary = summary;
        this.outcome = outcome;
        this.actor = actor;
        this.blocked = blocked;
        this.durationMillis = durationMillis;
        this.document = document;
    }

    /** A record stamped now, with no actor, not blocking, no duration. */
    public static GovernanceRecord of(
            @NonNull RecordKind kind,
            @NonNull String summary,
            @CheckForNull String outcome,
            @CheckForNull String document) {
        return new GovernanceRecord(kind, System.currentTimeMillis(), summary, outcome, null, false, -1, document);
    }

    /** The same record with an actor. */
    public GovernanceRecord by(@CheckForNull String userId) {
        return new GovernanceRecord(kind, timestamp, summary, outcome, userId, blocked, durationMillis, document);
    }

    /** The same record marked as stopping the change. */
    public GovernanceRecord blocking(boolean stops) {
        return new GovernanceRecord(kind, timestamp, summary, outcome, actor, stops, durationMillis, document);
    }

    /** The same record with a duration. */
    public GovernanceRecord lasting(long millis) {
        return new GovernanceRecord(kind, timestamp, summary, outcome, actor, blocked, millis, document);
    }

    public RecordKind getKindValue() {
        return kind;
    }

    @Exported
    public String getKind() {
        return kind.json();
    }

    @Exported
    public long getTimestamp() {
        return timestamp;
    }

    public Date getTime() {
        return new Date(timestamp);
    }

    @Exported
    public String getSummary() {
        return summary;
    }

    @Exported
    @CheckForNull
    public String getOutcome() {
        return outcome;
    }

    @Exported
    @CheckForNull
    public String getActor() {
        return actor;
    }

    @Exported
    public boolean isBlocked() {
        return blocked;
    }

    @Exported
    public long getDurationMillis() {
        return durationMillis;
    }

    /** The engine's document as a map (REST API and pages), or {@code null}. */
    @Exported(name = "document")
    @CheckForNull
    public Map<String, Object> getDocument() {
        return document == null ? null : Documents.parse(document);
    }

    /** The engine's document as stored. */
    @CheckForNull
    public String getDocumentJson() {
        return document;
    }
}
