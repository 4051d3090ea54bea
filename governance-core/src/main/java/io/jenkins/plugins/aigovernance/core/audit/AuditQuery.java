package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.Set;

/**
 * What to look for in the audit trail. Absent (null / empty) filters match everything; given filters
 * must all match. {@link AuditIndex#events} applies them to single events, {@link AuditIndex#changes}
 * to whole changes: a change matches when events of it inside the time range match them (tier and
 * source: the change's highest tier and most-AI source over all its events).
 *
 * @param since       events at or after (inclusive)
 * @param until       events before (exclusive)
 * @param fingerprint fingerprint, or a prefix of it
 * @param commit      commit id, or a prefix of it (at least 4 characters)
 * @param agent       AI agent id
 * @param actor       who acted
 * @param approver    who approved (an {@code approval-given} actor)
 * @param outcome     outcome (allow, deny, approved, rollback ...)
 * @param types       event types
 * @param tiers       risk tiers (for changes: the highest tier any event gave)
 * @param sources     change sources (for changes: the most-AI source any event gave); a missing source is {@code unknown}
 *                    ({@link RecordedSource})
 * @param touches     categories; matches when any of them is touched
 * @param limit       at most this many results (0: no limit)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuditQuery(Instant since, Instant until, String fingerprint, String commit, String agent, String actor, String approver,
        String outcome, Set<AuditEventType> types, Set<RiskTier> tiers, Set<ChangeSource> sources, Set<String> touches, int limit) {

    public AuditQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        tiers = tiers == null ? Set.of() : Set.copyOf(tiers);
        sources = sources == null ? Set.of() : Set.copyOf(sources);
        touches = touches == null ? Set.of() : Set.copyOf(touches);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** Matches everything. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, null, 0);
    }

    /** Changes that count as AI: made by or with an AI agent, or of unknown or unrecorded source ({@link RecordedSource}). */
    public static AuditQuery aiChanges() {
        return all().sources(RecordedSource.AI);
    }

    public AuditQuery since(Instant v) {
        return new AuditQuery(v, until, fingerprint, commit, agent, actor, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery until(Instant v) {
        return new AuditQuery(since, v, fingerprint, commit, agent, actor, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery fingerprint(String v) {
        return new AuditQuery(since, until, v, commit, agent, actor, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery commit(String v) {
        return new AuditQuery(since, until, fingerprint, v, agent, actor, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery agent(String v) {
        return new AuditQuery(since, until, fingerprint, commit, v, actor, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery actor(String v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, v, approver, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery approver(String v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, v, outcome, types, tiers, sources, touches, limit);
    }

    public AuditQuery outcome(String v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, v, types, tiers, sources, touches, limit);
    }

    public AuditQuery types(Set<AuditEventType> v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, outcome, v, tiers, sources, touches, limit);
    }

    public AuditQuery tiers(Set<RiskTier> v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, outcome, types, v, sources, touches, limit);
    }

    public AuditQuery sources(Set<ChangeSource> v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, outcome, types, tiers, v, touches, limit);
    }

    public AuditQuery touching(String... v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, outcome, types, tiers, sources, Set.of(v), limit);
    }

    public AuditQuery limit(int v) {
        return new AuditQuery(since, until, fingerprint, commit, agent, actor, approver, outcome, types, tiers, sources, touches, v);
    }
}
