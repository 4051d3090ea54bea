package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.document.GovernanceException;

/** The audit log could not be read or written; the message names the file. */
public class AuditLogException extends GovernanceException {
    private static final long serialVersionUID = 1L;

    public AuditLogException(String message) {
        super(message);
    }

    public AuditLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
