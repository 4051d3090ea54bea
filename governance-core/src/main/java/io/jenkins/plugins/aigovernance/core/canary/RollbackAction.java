package io.jenkins.plugins.aigovernance.core.canary;

/** Undoes a canary when a run decides to roll back. */
@FunctionalInterface
public interface RollbackAction {

    /** Called once with the rollback verdict; an exception is recorded in the verdict. */
    void rollback(CanaryVerdict verdict) throws Exception;
}
