package io.jenkins.plugins.aigovernance.core.canary;

/** Moves traffic: the engine never does it itself (the CLI runs a command, the Jenkins step a closure). */
@FunctionalInterface
public interface TrafficAction {

    /** Sends {@code weight} percent of traffic to the canary; an exception stops the run and rolls back. */
    void setWeight(int weight) throws Exception;
}
