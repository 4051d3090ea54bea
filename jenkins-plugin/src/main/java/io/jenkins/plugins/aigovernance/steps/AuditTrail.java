package io.jenkins.plugins.aigovernance.steps;

import hudson.model.Run;
import hudson.model.TaskListener;

/**
 * Appends the build's governance events to the controller's audit log. Placeholder until the audit
 * engine is on the main line.
 */
final class AuditTrail {

    private AuditTrail() {
    }

    static void append(Run<?, ?> run, TaskListener listener, String type, String document) {
        // the audit engine writes the log
    }
}
