package io.jenkins.plugins.aigovernance.core.canary.expr;

/**
 * A condition could not be parsed, type-checked or evaluated. The message starts with the 1-based
 * column where the problem is. It is an {@link IllegalArgumentException} so that policy validation
 * reports it as a problem of the field that holds the condition.
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final String reason;

    public ExpressionException(int column, String reason) {
        super("column " + column + ": " + reason);
        this.column = column;
        this.reason = reason;
    }

    /** 1-based column of the offending character or token. */
    public int column() {
        return column;
    }

    /** The message without the column. */
    public String reason() {
        return reason;
    }
}
