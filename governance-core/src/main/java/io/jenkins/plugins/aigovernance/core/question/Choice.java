package io.jenkins.plugins.aigovernance.core.question;

/**
 * One answer a blocking question offers ({@code Approve}, {@code Deny}, {@code Break glass},
 * {@code Promote}, {@code Roll back}).
 *
 * @param label       the value as offered (a choice parameter's value)
 * @param needsReason whether choosing it without a reason is no decision
 */
public record Choice(String label, boolean needsReason) {

    public Choice {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a choice needs a label");
        }
        label = label.strip();
    }
}
