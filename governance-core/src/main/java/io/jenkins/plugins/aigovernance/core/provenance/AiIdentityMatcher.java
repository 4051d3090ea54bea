package io.jenkins.plugins.aigovernance.core.provenance;

import io.jenkins.plugins.aigovernance.core.policy.AiIdentity;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The policy's AI identities with their globs compiled once: matches git identities and maps tool
 * names from trailers and records ("claude", "Claude Code 1.0", "cursor") to identity ids.
 */
final class AiIdentityMatcher {

    private record Compiled(AiIdentity identity, List<Glob> emails, List<Glob> names) {
    }

    private final List<Compiled> identities = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    AiIdentityMatcher(List<AiIdentity> aiIdentities) {
        for (AiIdentity id : aiIdentities) {
            identities.add(new Compiled(id, id.emails().stream().map(Glob::name).toList(), id.names().stream().map(Glob::name).toList()));
            ids.add(id.id().toLowerCase(Locale.ROOT));
        }
    }

    /** The first identity whose email or name globs match (policy order). */
    Optional<AiIdentity> match(String name, String email) {
        String n = name == null ? "" : name.strip();
        String e = email == null ? "" : email.strip();
        for (Compiled c : identities) {
            if (!e.isEmpty() && c.emails.stream().anyMatch(g -> g.matches(e))) {
                return Optional.of(c.identity);
            }
            if (!n.isEmpty() && c.names.stream().anyMatch(g -> g.matches(n))) {
                return Optional.of(c.identity);
            }
        }
        return Optional.empty();
    }

    Optional<AiIdentity> match(GitIdentity who) {
        return match(who.name(), who.email());
    }

    /** Whether {@code id} is the id of a configured identity. */
    boolean isKnownId(String id) {
        return id != null && ids.contains(id.toLowerCase(Locale.ROOT));
    }

    /**
     * The agent id a tool name stands for: the id of the identity it names (as {@code Name <email>},
     * as its id, as a name its globs match, or as a {@code -}-separated prefix or extension of an id:
     * {@code claude} and {@code gemini-cli} map to {@code claude-code} and {@code gemini}); otherwise
     * the name in lower case with versions ({@code /1.2}, {@code @1.2}, {@code :model}, {@code v1.2})
     * dropped and other separators turned into {@code -}. {@code null} for a blank value.
     */
    String agentId(String tool) {
        if (tool == null || tool.isBlank()) {
            return null;
        }
        String v = tool.strip();
        Optional<GitIdentity> who = GitIdentity.parse(v);
        if (who.isPresent()) {
            Optional<AiIdentity> hit = match(who.get());
            if (hit.isPresent()) {
                return hit.get().id();
            }
            v = who.get().name().isEmpty() ? who.get().email() : who.get().name();
        }
        String name = v.split("[/@:(\\[]", 2)[0].strip();
        if (name.isEmpty()) {
            name = v;
        }
        String normalized = normalize(name);
        for (Compiled c : identities) {
            String id = c.identity.id().toLowerCase(Locale.ROOT);
            if (id.equals(normalized) || c.names.stream().anyMatch(g -> g.matches(tool.strip()))) {
                return c.identity.id();
            }
        }
        for (Compiled c : identities) {
            String id = c.identity.id().toLowerCase(Locale.ROOT);
            if (!normalized.isEmpty() && (id.startsWith(normalized + "-") || normalized.startsWith(id + "-"))) {
                return c.identity.id();
            }
        }
        return normalized.isEmpty() ? v.toLowerCase(Locale.ROOT) : normalized;
    }

    private static String normalize(String name) {
        StringBuilder sb = new StringBuilder();
        for (String token : name.toLowerCase(Locale.ROOT).split("[^a-z0-9.]+")) {
            if (token.isEmpty() || token.matches("v?[0-9][0-9.]*")) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : "-").append(token.replace('.', '-'));
        }
        return sb.toString();
    }
}
