package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * The emergency override ({@code approval.breakGlass}). Off unless {@code enabled: true}; then only
 * the people in {@code allowed} may use it, always with a reason, and the result is recorded as a
 * break-glass approval. Nobody (administrators included) has it implicitly.
 *
 * @param enabled whether break-glass exists at all (default false)
 * @param allowed name globs over the ids and emails of the people who may use it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BreakGlassPolicy(Boolean enabled, List<String> allowed) {

    public BreakGlassPolicy {
        enabled = enabled != null && enabled;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < allowed.size(); i++) {
            v.compile(at + "/allowed/" + i, allowed.get(i), Glob::identity);
        }
        if (enabled && allowed.isEmpty()) {
            v.error(at + "/allowed", "break-glass is enabled but names nobody who may use it");
        }
    }
}
