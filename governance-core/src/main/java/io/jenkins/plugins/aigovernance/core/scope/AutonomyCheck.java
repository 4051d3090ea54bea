package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The autonomy level a change was judged under.
 *
 * @param agent       the agent id, {@code unknown} when provenance or the id is unknown
 * @param entry       the policy's {@code scope.autonomy.agents} entry that applied; {@code unknownActors} or {@code defaultLevel} otherwise
 * @param level       the level
 * @param levelNumber the level as written in the policy (0..3)
 * @param production  whether the target environment counts as production
 * @param summary     one sentence for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutonomyCheck(String agent, String entry, AutonomyLevel level, int levelNumber, boolean production, String summary) {
}
