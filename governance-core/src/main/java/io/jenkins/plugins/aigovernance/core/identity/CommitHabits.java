package io.jenkins.plugins.aigovernance.core.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How an agent writes its commits, in words, for people to read (the matching uses
 * {@link KnownAgent}'s spellings). Each field may be {@code null}.
 *
 * @param author    who the commit's author is
 * @param committer who the committer is
 * @param trailer   the trailers it adds ({@code Co-authored-by: ...})
 * @param branch    the branches its changes come from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitHabits(String author, String committer, String trailer, String branch) {
}
