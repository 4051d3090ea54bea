package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the audit events of one change in one pipeline run, the same way for the Jenkins steps and
 * {@code aigov audit append --risk}: every event carries the change's fingerprint, head commit,
 * agent, recorded source, tier and touched kinds ({@link ChangeFacts}); {@code risk-assessed},
 * {@code deployment-done} and {@code rollback} also carry the blast radius, the dependents and the
 * commit times, so an incident query and the DORA lead time need no other event.
 */
public final class ChangeEvents {

    private final ChangeFacts facts;
    private final String repository;
    private final String build;

    /**
     * @param facts      what the risk assessment said ({@link ChangeFacts#none()} without one)
     * @param repository repository or job name, or {@code null}
     * @param build      the pipeline run ({@code folder/job#42}), or {@code null}
     */
    public ChangeEvents(ChangeFacts facts, String repository, String build) {
        this.facts = Objects.requireNonNull(facts, "facts");
        this.repository = repository;
        this.build = build;
    }

    public ChangeFacts facts() {
        return facts;
    }

    /** An event of the change at {@code time}. */
    public AuditEvent event(AuditEventType type, Instant time, String outcome, String actor, ObjectNode details) {
        return complete(AuditEvent.builder(type, time).outcome(outcome).actor(actor).details(details).build());
    }

    /**
     * The {@code deployment-done} event of the change, or empty when {@code thisRun} (the events this
     * run appended so far) already holds one for the same fingerprint: a build deploys a change once,
     * at the first of an apply and a canary promotion to complete.
     */
    public Optional<AuditEvent> deploymentDone(DeploymentTrigger trigger, Instant time, String actor, ObjectNode details,
            Iterable<AuditEvent> thisRun) {
        for (AuditEvent e : thisRun) {
            if (e.type() == AuditEventType.DEPLOYMENT_DONE && Objects.equals(e.fingerprint(), facts.fingerprint())) {
                return Optional.empty();
            }
        }
        return Optional.of(event(AuditEventType.DEPLOYMENT_DONE, time, trigger.outcome(), actor, details));
    }

    /** {@code partial} with every field it leaves absent filled from the change's facts, the repository and the build. */
    public AuditEvent complete(AuditEvent partial) {
        boolean full = switch (partial.type()) {
            case RISK_ASSESSED, DEPLOYMENT_DONE, ROLLBACK -> true;
            default -> false;
        };
        return new AuditEvent(partial.id(), partial.type(), partial.time(), or(partial.fingerprint(), facts.fingerprint()),
                or(partial.repository(), repository), or(partial.commit(), facts.commit()), or(partial.commitTime(), facts.firstCommitTime()),
                or(partial.build(), build), partial.actor(), or(partial.agent(), facts.agent()), or(partial.changeSource(), facts.changeSource()),
                or(partial.tier(), facts.tier()), partial.outcome(), partial.touches().isEmpty() ? facts.touches() : partial.touches(),
                partial.details(), full ? or(partial.blastRadius(), facts.blastRadius()) : partial.blastRadius(),
                full && partial.dependents().isEmpty() ? facts.dependents() : partial.dependents(),
                full && partial.commitTimes().isEmpty() ? facts.commitTimes() : partial.commitTimes());
    }

    private static <T> T or(T v, T fallback) {
        return v != null ? v : fallback;
    }
}
