package io.jenkins.plugins.aigovernance.core.policy;

/**
 * One thing wrong with a policy file.
 *
 * @param file   the file as the user named it
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param field  the field path ({@code risk.rules[2].tier}), empty for the whole document
 */
public record PolicyProblem(String file, int line, int column, String field, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
