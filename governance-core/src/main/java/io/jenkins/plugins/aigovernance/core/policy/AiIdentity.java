package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * An AI identity as it appears in git: author, committer or {@code Co-authored-by} names and emails.
 *
 * @param id     the agent id reported in provenance and matched by scope rules ({@code claude-code})
 * @param kind   {@code agent} (acts on its own: author means AI agent) or {@code assistant} (co-author means AI-assisted)
 * @param emails name globs over email addresses ({@code noreply@anthropic.com}, {@code *+Copilot@users.noreply.github.com})
 * @param names  name globs over display names ({@code Claude*})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AiIdentity(String id, String kind, List<String> emails, List<String> names) {

    public AiIdentity {
        emails = emails == null ? List.of() : List.copyOf(emails);
        names = names == null ? List.of() : List.copyOf(names);
        kind = kind == null ? "agent" : kind;
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/id", id, "id");
        if (!kind.equals("agent") && !kind.equals("assistant")) {
            v.error(at + "/kind", "kind must be 'agent' or 'assistant', not '" + kind + "'");
        }
        if (emails.isEmpty() && names.isEmpty()) {
            v.error(at, "an AI identity needs emails or names");
        }
        for (int i = 0; i < emails.size(); i++) {
            v.compile(at + "/emails/" + i, emails.get(i), Glob::identity);
        }
        for (int i = 0; i < names.size(); i++) {
            v.compile(at + "/names/" + i, names.get(i), Glob::identity);
        }
    }
}
