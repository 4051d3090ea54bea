package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads top-level sections of a plan that {@link TerraformPlanReader} itself skips ({@code prior_state},
 * {@code planned_values}, {@code configuration}, ...), in the same streaming pass, e.g. to build the resource graph.
 */
@FunctionalInterface
public interface PlanSectionListener {

    /**
     * Called with the parser at the first token of the value of top-level field {@code field}.
     *
     * @return true when the listener consumed the whole value (the parser is at its last token), false to let
     *         the reader skip it
     * @throws IOException from the parser; {@link io.jenkins.plugins.aigovernance.core.document.InvalidInputException} for content
     */
    boolean section(String field, JsonParser parser) throws IOException;
}
