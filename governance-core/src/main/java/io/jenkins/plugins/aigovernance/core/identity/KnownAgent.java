package io.jenkins.plugins.aigovernance.core.identity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One AI agent of the {@link AgentCatalogue}: its id, how it writes commits and every spelling that
 * names it. All comparisons use {@link Identity#fold folded} text, so case, compatibility forms,
 * zero-width characters and look-alike letters do not matter.
 *
 * @param id       agent id ({@code claude-code}); lower case letters, digits and {@code -}
 * @param kind     {@code agent} or {@code assistant}
 * @param product  who makes it, for people
 * @param commits  how it writes commits, for people
 * @param emails   email addresses it writes
 * @param logins   accounts; each also matches without its {@code [bot]} suffix and as GitHub noreply
 *                 email ({@code [id+]login@users.noreply.github.com})
 * @param names    distinctive display names; a leading or trailing {@code *} matches any prefix or suffix
 * @param aliases  tool names and approver ids that mean this agent (never display names of commits)
 * @param branches branch globs its changes come from
 * @param trailers trailer keys only this tool writes (session or thread ids)
 * @param markers  message text only this tool writes
 * @param sources  where the spellings come from
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KnownAgent(
        String id,
        String kind,
        String product,
        CommitHabits commits,
        List<String> emails,
        List<String> logins,
        List<String> names,
        List<String> aliases,
        List<String> branches,
        List<String> trailers,
        List<String> markers,
        List<String> sources) {

    /** The kind of an agent that acts on its own. */
    public static final String AGENT = "agent";
    /** The kind of an assistant a person drives. */
    public static final String ASSISTANT = "assistant";

    public KnownAgent {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("agent id must be lower-case letters, digits and '-': '" + id + "'");
        }
        kind = kind == null ? AGENT : kind;
        if (!kind.equals(AGENT) && !kind.equals(ASSISTANT)) {
            throw new IllegalArgumentException("agent " + id + ": kind must be 'agent' or 'assistant', not '" + kind + "'");
        }
        emails = copy(emails);
        logins = copy(logins);
        names = copy(names);
        aliases = copy(aliases);
        branches = copy(branches);
        trailers = copy(trailers);
        markers = copy(markers);
        sources = copy(sources);
        if (emails.isEmpty() && logins.isEmpty() && names.isEmpty() && aliases.isEmpty()) {
            throw new IllegalArgumentException("agent " + id + " has no emails, logins, names or aliases");
        }
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** The folded keys of every login: as written, without {@code [bot]}, and with it. */
    @JsonIgnore
    Set<String> loginKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (String l : logins) {
            String f = Identity.fold(l);
            String bare = withoutBot(f);
            out.add(f);
            out.add(bare);
            out.add(bare + BOT);
        }
        return out;
    }

    /** Folded emails (plus tag dropped, as {@link Identity} does). */
    @JsonIgnore
    Set<String> emailKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (String e : emails) {
            for (String k : Identity.of(e).keys()) {
                if (k.indexOf('@') > 0) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** Folded exact display names (those without a {@code *}). */
    @JsonIgnore
    Set<String> exactNameKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (!n.startsWith("*") && !n.endsWith("*")) {
                out.add(Identity.fold(n));
            }
        }
        return out;
    }

    /** The {@code *} name patterns, folded: {@code true} for a suffix ({@code * (aider)}), {@code false} for a prefix. */
    @JsonIgnore
    java.util.Map<String, Boolean> namePatterns() {
        java.util.Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (String n : names) {
            if (n.startsWith("*") && n.length() > 1) {
                out.put(Identity.fold(n.substring(1)), true);
            } else if (n.endsWith("*") && n.length() > 1) {
                out.put(Identity.fold(n.substring(0, n.length() - 1)), false);
            }
        }
        return out;
    }

    /** Folded aliases and the id itself. */
    @JsonIgnore
    Set<String> aliasKeys() {
        Set<String> out = new LinkedHashSet<>();
        out.add(Identity.fold(id));
        for (String a : aliases) {
            out.add(Identity.fold(a));
        }
        return out;
    }

    /** The folded {@code [bot]} suffix of GitHub app logins. */
    static final String BOT = Identity.fold("[bot]");

    static String withoutBot(String folded) {
        return folded.endsWith(BOT) ? folded.substring(0, folded.length() - BOT.length()) : folded;
    }

    /** Whether this agent acts on its own ({@code agent}) rather than being driven by a person. */
    @JsonIgnore
    public boolean isAgent() {
        return kind.toLowerCase(Locale.ROOT).equals(AGENT);
    }
}
