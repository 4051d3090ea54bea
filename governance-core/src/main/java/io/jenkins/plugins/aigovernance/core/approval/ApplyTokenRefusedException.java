package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.document.GovernanceException;

/** No apply token: the approval is not satisfied, or it is for another change than the current one. */
public class ApplyTokenRefusedException extends GovernanceException {
    private static final long serialVersionUID = 1L;

    public ApplyTokenRefusedException(String message) {
        super(message);
    }
}
