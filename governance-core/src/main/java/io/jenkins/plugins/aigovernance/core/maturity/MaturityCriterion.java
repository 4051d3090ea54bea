package io.jenkins.plugins.aigovernance.core.maturity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One line of the scorecard: a criterion of a level, what was measured, and what to do next.
 *
 * @param id       stable id ({@code classified-before-merge}, ...), as docs/maturity.md lists them
 * @param level    the level (1 to 4) the criterion belongs to
 * @param title    what it checks, for people
 * @param status   passed, failed or unknown
 * @param value    the measured number in {@code unit}, absent when unknown
 * @param unit     {@code ratio} (0 to 1), {@code count} or {@code seconds}
 * @param measured the measurement in words ({@code 49 of 50 AI changes}), or why it is unknown
 * @param target   the target in words ({@code at least 95%})
 * @param next     what to do next: how to pass, or how to keep passing
 * @param subjects up to {@value #MAX_SUBJECTS} examples behind a failure (fingerprints, IAM objects)
 * @param source   where the criterion comes from (the framework's checkpoint or "what done looks like" item)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaturityCriterion(String id, int level, String title, CriterionStatus status, Double value, String unit, String measured,
        String target, String next, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> subjects, String source) {

    /** Examples listed per criterion at most. */
    public static final int MAX_SUBJECTS = 10;

    public MaturityCriterion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        if (level < 1 || level > MaturityScorecard.LEVELS.size()) {
            throw new IllegalArgumentException("level must be 1 to " + MaturityScorecard.LEVELS.size() + ", not " + level);
        }
        if (status == CriterionStatus.UNKNOWN && value != null) {
            throw new IllegalArgumentException(id + ": an unknown criterion has no value");
        }
        subjects = subjects == null ? List.of() : List.copyOf(subjects.subList(0, Math.min(MAX_SUBJECTS, subjects.size())));
    }

    public boolean passed() {
        return status == CriterionStatus.PASSED;
    }
}
