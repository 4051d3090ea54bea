package io.jenkins.plugins.aigovernance.core.canary;

import io.jenkins.plugins.aigovernance.core.document.GovernanceException;

/**
 * A metric query gave no usable answer: the server was unreachable, timed out, refused the query or
 * answered something unreadable. The measurement becomes an ERROR; it is never a pass.
 */
public class MetricQueryException extends GovernanceException {
    private static final long serialVersionUID = 1L;

    public MetricQueryException(String message) {
        super(message);
    }

    public MetricQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
