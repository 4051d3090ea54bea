package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Functions;
import io.jenkins.plugins.aigovernance.engine.Documents;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import org.jvnet.localizer.Localizable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One line of a build's governance trail: what happened, when, who was involved, whether it stopped
 * the build, and the engine's document about it (stored as JSON text in the build's
 * {@code ai-governance.xml}, see {@link TrailFile}).
 *
 * <p>The line for people is kept structured (a {@link Localizable}: the plugin's message key and its
 * arguments) and rendered when it is shown, in the locale of the request that shows it (the page's or
 * REST API's {@code Accept-Language}), as core's {@code HealthReport} and {@code OfflineCause} keep theirs.
 * Lines recorded before that (and lines given as plain text) keep their text.
 */
@Restricted(NoExternalUse.class)
@ExportedBean(defaultVisibility = 2)
public final class GovernanceRecord {

    private final RecordKind kind;
    private final long timestamp;
    /** Plain text of the line, or {@code null} when {@link #message} holds it. */
    private final String summary;
    /** The line as a message of the plugin, or {@code null} for plain text (records from before 1.x). */
    private final Localizable message;

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
        this(kind, timestamp, summary, null, outcome, actor, blocked, durationMillis, document);
    }

    private GovernanceRecord(
            RecordKind kind,
            long timestamp,
            String summary,
            Localizable message,
            String outcome,
            String actor,
            boolean blocked,
            long durationMillis,
            String document) {
        this.kind = kind;
        this.timestamp = timestamp;
        this.summary = summary;
        this.message = message;
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

    /**
     * A record stamped now whose line is a message of the plugin ({@code Messages._Key(args)}), rendered in
     * the viewer's locale. Its arguments are stored as their {@code String.valueOf} text (the trail file holds
     * text, not objects), so give the values a person should read.
     */
    public static GovernanceRecord of(
            @NonNull RecordKind kind,
            @NonNull Localizable summary,
            @CheckForNull String outcome,
            @CheckForNull String document) {
        return new GovernanceRecord(
                kind, System.currentTimeMillis(), null, summary, outcome, null, false, -1, document);
    }

    /** The same record with an actor. */
    public GovernanceRecord by(@CheckForNull String userId) {
        return new GovernanceRecord(
                kind, timestamp, summary, message, outcome, userId, blocked, durationMillis, document);
    }

    /** The same record marked as stopping the change. */
    public GovernanceRecord blocking(boolean stops) {
        return new GovernanceRecord(kind, timestamp, summary, message, outcome, actor, stops, durationMillis, document);
    }

    /** The same record with a duration. */
    public GovernanceRecord lasting(long millis) {
        return new GovernanceRecord(kind, timestamp, summary, message, outcome, actor, blocked, millis, document);
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

    /** The line for people, in the locale of the current request (the controller's default outside one). */
    @Exported
    public String getSummary() {
        return summaryIn(Functions.getCurrentLocale());
    }

    /** The line for people in {@code locale}. */
    @NonNull
    public String summaryIn(@NonNull Locale locale) {
        if (message != null) {
            return message.toString(locale);
        }
        return summary == null ? "" : summary;
    }

    /**
     * The message key of the line ({@code AiRiskScoreStep.Summary}), stable across locales, or {@code null}
     * when the line is plain text.
     */
    @Exported
    @CheckForNull
    public String getSummaryKey() {
        return message == null ? null : message.getKey();
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
