package io.jenkins.plugins.aigovernance.core.provenance;

/**
 * An {@code [AI-GOVERNANCE]} block that cannot be trusted: unterminated, an unknown or repeated
 * key, a line that is not {@code key: value}, or an invalid {@code change_source}. The message
 * starts with {@code malformed [AI-GOVERNANCE] block:} and names the line.
 */
public class MalformedGovernanceBlockException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public MalformedGovernanceBlockException(String reason) {
        super("malformed [AI-GOVERNANCE] block: " + reason);
        this.reason = reason;
    }

    /** What is wrong, without the prefix ("unknown key 'foo' on line 3"). */
    public String reason() {
        return reason;
    }
}
