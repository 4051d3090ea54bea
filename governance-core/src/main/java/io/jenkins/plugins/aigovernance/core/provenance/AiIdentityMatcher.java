package io.jenkins.plugins.aigovernance.core.provenance;

import io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.identity.KnownAgent;
import io.jenkins.plugins.aigovernance.core.policy.AiIdentity;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The AI identities a detector knows: the built-in {@link AgentCatalogue} first, then the policy's
 * {@code provenance.aiIdentities} (globs compiled once, matched against the spelling as written and
 * its {@link Identity#clean clean} form). A policy adds identities; it cannot remove a catalogue
 * agent. Maps tool names from trailers, blocks and records ("claude", "Claude Code 1.0", "kiro")
 * to agent ids.
 */
final class AiIdentityMatcher {

    /** A matched AI identity: its agent id and kind ({@code agent} or {@code assistant}). */
    record Match(String id, String kind) {
        boolean isAgent() {
            return kind.equals(KnownAgent.AGENT);
        }
    }

    private record Compiled(AiIdentity identity, List<Glob> emails, List<Glob> names) {
    }

    private final AgentCatalogue catalogue;
    private final List<Compiled> identities = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    AiIdentityMatcher(List<AiIdentity> aiIdentities) {
        this(AgentCatalogue.builtIn(), aiIdentities);
    }

    AiIdentityMatcher(AgentCatalogue catalogue, List<AiIdentity> aiIdentities) {
        this.catalogue = catalogue;
        for (KnownAgent a : catalogue.agents()) {
            ids.add(a.id());
        }
        for (AiIdentity id : aiIdentities) {
            identities.add(new Compiled(id, id.emails().stream().map(Glob::name).toList(), id.names().stream().map(Glob::name).toList()));
            ids.add(id.id().toLowerCase(Locale.ROOT));
        }
    }

    AgentCatalogue catalogue() {
        return catalogue;
    }

    /** The catalogue agent, else the first policy identity whose email or name globs match (policy order). */
    Optional<Match> match(String name, String email) {
        Optional<KnownAgent> known = catalogue.matchCommitIdentity(name, email);
        if (known.isPresent()) {
            return Optional.of(new Match(known.get().id(), known.get().kind()));
        }
        String n = name == null ? "" : name.strip();
        String e = email == null ? "" : email.strip();
        for (Compiled c : identities) {
            if (!e.isEmpty() && c.emails.stream().anyMatch(g -> g.matches(e) || g.matches(Identity.clean(e)))) {
                return Optional.of(new Match(c.identity.id(), c.identity.kind()));
            }
            if (!n.isEmpty() && c.names.stream().anyMatch(g -> g.matches(n) || g.matches(Identity.clean(n)))) {
                return Optional.of(new Match(c.identity.id(), c.identity.kind()));
            }
        }
        return Optional.empty();
    }

    Optional<Match> match(GitIdentity who) {
        return match(who.name(), who.email());
    }

    /** An address anywhere in a text: no spaces, brackets, quotes or list separators around the {@code @}. */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("[^\\s<>,;\"'()\\[\\]]+@[^\\s<>,;\"'()\\[\\]]+");

    /**
     * The first AI identity a trailer value names in any of its parts, for values that are not one clean
     * {@code Name <email>}: {@code Claude <noreply@anthropic.com} (no closing bracket), {@code Claude
     * <noreply@anthropic.com> (bot)}, two co-authors on one line. Each address in it, and each {@code ,}- or
     * {@code ;}-separated part read as {@code Name <email>} or as a name, is matched; empty when none is AI.
     */
    Optional<Match> matchWithin(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = ADDRESS.matcher(value);
        while (m.find()) {
            Optional<Match> hit = match("", m.group());
            if (hit.isPresent()) {
                return hit;
            }
        }
        for (String part : value.split("[,;]")) {
            Optional<GitIdentity> who = GitIdentity.parse(part);
            String name = who.map(GitIdentity::name).orElse(part.split("<", 2)[0]);
            Optional<Match> hit = who.isPresent() ? match(who.get()) : Optional.empty();
            if (hit.isEmpty() && !name.isBlank()) {
                hit = match(name, "");
            }
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code id} is the id of a catalogue agent or a configured identity. */
    boolean isKnownId(String id) {
        return id != null && ids.contains(id.toLowerCase(Locale.ROOT));
    }

    /**
     * The agent id a tool name stands for: the id of the identity it names (as {@code Name <email>},
     * as an id or alias of the catalogue, as a name its globs match, or as a {@code -}-separated
     * prefix or extension of an id: {@code claude} and {@code kiro-ai-agent-v2.1} map to
     * {@code claude-code} and {@code kiro}); otherwise the name in lower case with versions
     * ({@code /1.2}, {@code @1.2}, {@code :model}, {@code v1.2}) dropped and other separators turned
     * into {@code -}. {@code null} for a blank value.
     */
    String agentId(String tool) {
        if (tool == null || tool.isBlank()) {
            return null;
        }
        String v = tool.strip();
        Optional<GitIdentity> who = GitIdentity.parse(v);
        if (who.isPresent()) {
            Optional<Match> hit = match(who.get());
            if (hit.isPresent()) {
                return hit.get().id();
            }
            v = who.get().name().isEmpty() ? who.get().email() : who.get().name();
        }
        Optional<KnownAgent> direct = catalogue.byAlias(v);
        if (direct.isPresent()) {
            return direct.get().id();
        }
        String name = v.split("[/@:(\\[]", 2)[0].strip();
        if (name.isEmpty()) {
            name = v;
        }
        String normalized = normalize(name);
        for (String candidate : List.of(name, normalized)) {
            Optional<KnownAgent> a = catalogue.byAlias(candidate);
            if (a.isPresent()) {
                return a.get().id();
            }
        }
        for (Compiled c : identities) {
            String id = c.identity.id().toLowerCase(Locale.ROOT);
            if (id.equals(normalized) || c.names.stream().anyMatch(g -> g.matches(tool.strip()))) {
                return c.identity.id();
            }
        }
        if (!normalized.isEmpty()) {
            // kiro-ai-agent-v2 -> kiro, gemini-cli-nightly -> gemini-cli -> gemini: the longest known prefix
            String[] parts = normalized.split("-");
            for (int n = parts.length - 1; n >= 1; n--) {
                String prefix = String.join("-", java.util.Arrays.copyOf(parts, n));
                Optional<KnownAgent> a = catalogue.byAlias(prefix);
                if (a.isPresent()) {
                    return a.get().id();
                }
                for (Compiled c : identities) {
                    if (c.identity.id().equalsIgnoreCase(prefix)) {
                        return c.identity.id();
                    }
                }
            }
            for (Compiled c : identities) {
                String id = c.identity.id().toLowerCase(Locale.ROOT);
                if (id.startsWith(normalized + "-")) {
                    return c.identity.id();
                }
            }
            for (KnownAgent a : catalogue.agents()) {
                if (a.id().startsWith(normalized + "-")) {
                    return a.id();
                }
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
