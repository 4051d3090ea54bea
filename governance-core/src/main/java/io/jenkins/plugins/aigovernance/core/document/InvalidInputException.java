package io.jenkins.plugins.aigovernance.core.document;

/**
 * An input (a file, a revision, a directory, a server answer) could not be used. The message names
 * the input; nothing was changed on disk. Front ends map this to the "bad input" exit code.
 */
public class InvalidInputException extends GovernanceException {
    private static final long serialVersionUID = 1L;
    private final String input;

    public InvalidInputException(String input, String message) {
        super(input + ": " + message);
        this.input = input;
    }

    public InvalidInputException(String input, String message, Throwable cause) {
        super(input + ": " + message, cause);
        this.input = input;
    }

    /** The name of the input that was refused (a path, a revision, a URL). */
    public String input() {
        return input;
    }
}
