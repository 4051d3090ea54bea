package io.jenkins.plugins.aigovernance.core.question;

import java.util.List;

/**
 * The person who answered a blocking question, as the identity system reports them at the moment of
 * answering (Jenkins: the authenticated user of the request that settled the {@code input}).
 *
 * @param id          the person's id in the identity system; never blank
 * @param displayName for people to read (the id when the system has none); never used to decide
 * @param groups      the groups or roles the person holds now (policy group names)
 */
public record Respondent(String id, String displayName, List<String> groups) {

    public Respondent {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a respondent needs an id");
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
