package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One decision or action in the chain of custody of a change. Every field but {@code id},
 * {@code type} and {@code time} may be absent.
 *
 * @param id          unique id (a UUID)
 * @param type        what happened
 * @param time        when
 * @param fingerprint the change fingerprint ({@code sha256:...}) approvals and gates name
 * @param repository  repository URL or name
 * @param commit      head commit of the change
 * @param commitTime  time of the change's first commit (DORA lead time starts here)
 * @param build       pipeline run, e.g. {@code payments/main#42}
 * @param actor       the person or system that acted (the approver for {@code approval-given})
 * @param agent       the AI agent that proposed the change
 * @param changeSource who made the change
 * @param tier        its risk tier
 * @param outcome     short result: allow, deny, approved, promote, rollback, success, failed ...
 * @param touches     categories of what the change touches ({@code iam}, {@code network}, ...), filled by the caller
 * @param details     the gate's own document (risk assessment, scope decision, canary verdict ...)
 * @param blastRadius the change's 0–100 blast radius from its risk assessment
 * @param dependents  services that depend on what the change touches, from its risk assessment
 * @param commitTimes author time of every commit in the change ({@code commitTime} is the earliest of them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        String id,
        AuditEventType type,
        Instant time,
        String fingerprint,
        String repository,
        String commit,
        Instant commitTime,
        String build,
        String actor,
        String agent,
        ChangeSource changeSource,
        RiskTier tier,
        String outcome,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> touches,
        ObjectNode details,
        Integer blastRadius,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dependents,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Instant> commitTimes) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        touches = touches == null ? List.of() : List.copyOf(touches);
        dependents = dependents == null ? List.of() : List.copyOf(dependents);
        commitTimes = commitTimes == null ? List.of() : List.copyOf(commitTimes);
    }

    /** A new event of {@code type} at {@code time} with a random id. */
    public static Builder builder(AuditEventType type, Instant time) {
        return new Builder(type, time);
    }

    /** The same event with another id. */
    public AuditEvent withId(String newId) {
        return new AuditEvent(newId, type, time, fingerprint, repository, commit, commitTime, build, actor, agent, changeSource, tier, outcome,
                touches, details, blastRadius, dependents, commitTimes);
    }

    /** The same event without its {@code details} document (what a build's page keeps). */
    public AuditEvent withoutDetails() {
        return new AuditEvent(id, type, time, fingerprint, repository, commit, commitTime, build, actor, agent, changeSource, tier, outcome,
                touches, null, blastRadius, dependents, commitTimes);
    }

    /** Whether the change counts as AI: made by or with an AI agent, or of unknown or unrecorded source ({@link RecordedSource}). */
    public boolean aiChange() {
        return RecordedSource.countsAsAi(changeSource);
    }

    /**
     * Whether this is a {@code rollback} that restored service: any outcome but {@code rollback-failed}
     * (or {@code failed}). A failed rollback still marks the deployment as failed, but restores nothing.
     */
    public boolean restores() {
        return type == AuditEventType.ROLLBACK && !"rollback-failed".equalsIgnoreCase(outcome) && !"failed".equalsIgnoreCase(outcome);
    }

    /** Fluent construction of an {@link AuditEvent}. */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private final AuditEventType type;
        private final Instant time;
        private String fingerprint;
        private String repository;
        private String commit;
        private Instant commitTime;
        private String build;
        private String actor;
        private String agent;
        private ChangeSource changeSource;
        private RiskTier tier;
        private String outcome;
        private List<String> touches = List.of();
        private ObjectNode details;
        private Integer blastRadius;
        private List<String> dependents = List.of();
        private List<Instant> commitTimes = List.of();

        private Builder(AuditEventType type, Instant time) {
            this.type = type;
            this.time = time;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder fingerprint(String v) { fingerprint = v; return this; }
        public Builder repository(String v) { repository = v; return this; }
        public Builder commit(String v) { commit = v; return this; }
        public Builder commitTime(Instant v) { commitTime = v; return this; }
        public Builder build(String v) { build = v; return this; }
        public Builder actor(String v) { actor = v; return this; }
        public Builder agent(String v) { agent = v; return this; }
        public Builder changeSource(ChangeSource v) { changeSource = v; return this; }
        public Builder tier(RiskTier v) { tier = v; return this; }
        public Builder outcome(String v) { outcome = v; return this; }
        public Builder touches(String... v) { touches = List.of(v); return this; }
        public Builder touches(List<String> v) { touches = v; return this; }
        public Builder details(ObjectNode v) { details = v; return this; }
        public Builder blastRadius(Integer v) { blastRadius = v; return this; }
        public Builder dependents(List<String> v) { dependents = v; return this; }
        public Builder commitTimes(List<Instant> v) { commitTimes = v; return this; }

        public AuditEvent build() {
            return new AuditEvent(id, type, time, fingerprint, repository, commit, commitTime, build, actor, agent, changeSource, tier,
                    outcome, touches, details, blastRadius, dependents, commitTimes);
        }
    }
}
