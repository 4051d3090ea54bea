package io.jenkins.plugins.aigovernance.core.document;

/** Base of every error the engine reports; its message is meant for the person running the gate. */
public class GovernanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GovernanceException(String message) {
        super(message);
    }

    public GovernanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
