package io.jenkins.plugins.aigovernance.core.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of known AI agents, read from the resource {@value #RESOURCE} (data, not code): for
 * each agent its id, kind, how it writes commits and every spelling that names it (see
 * {@link KnownAgent}). Immutable and thread-safe; the lookups are hash lookups on
 * {@link Identity#fold folded} keys.
 *
 * <p>Two kinds of lookup, because a commit's display name and an account id deserve different
 * care:
 * <ul>
 * <li>{@link #matchCommitIdentity} (authors, committers, {@code Co-authored-by}): by email, by
 *     GitHub noreply email of a login (with or without the numeric prefix and {@code [bot]}), by a
 *     display name the catalogue lists, or by a {@code [bot]} display name of a login. Plain first
 *     names are never listed, so a person called Claude stays a person.</li>
 * <li>{@link #matchAccount} (approvers, initiators): everything above, plus logins without
 *     {@code [bot]} and the agent's aliases as ids ({@code Claude}, {@code copilot}, {@code devin}),
 *     so no AI identity approves under its bare name. An account named like an agent is refused:
 *     stricter, never looser.</li>
 * </ul>
 */
public final class AgentCatalogue {

    /** The class-path resource holding the built-in catalogue. */
    public static final String RESOURCE = "/io/jenkins/plugins/aigovernance/core/identity/ai-agents.yml";

    private static final AgentCatalogue BUILT_IN = load();

    private record Document(List<KnownAgent> agents) {
        Document {
            agents = agents == null ? List.of() : List.copyOf(agents);
        }
    }

    private final List<KnownAgent> agents;
    private final Map<String, KnownAgent> byId = new HashMap<>();
    private final Map<String, KnownAgent> byEmail = new HashMap<>();
    private final Map<String, KnownAgent> byLogin = new HashMap<>();
    private final Map<String, KnownAgent> byName = new HashMap<>();
    private final Map<String, KnownAgent> byAlias = new HashMap<>();
    private final Map<String, KnownAgent> byTrailer = new HashMap<>();
    /** Folded name patterns: text, whether it is a suffix (else a prefix), agent. */
    private final List<NamePattern> namePatterns = new java.util.ArrayList<>();

    private record NamePattern(String text, boolean suffix, KnownAgent agent) {
        boolean matches(String folded) {
            return suffix ? folded.endsWith(text) : folded.startsWith(text);
        }
    }

    /**
     * A catalogue of these agents.
     *
     * @throws IllegalArgumentException when two agents share an id or a spelling (which would make
     *         a match depend on the order of the file)
     */
    public AgentCatalogue(List<KnownAgent> agents) {
        this.agents = List.copyOf(agents);
        for (KnownAgent a : this.agents) {
            put(byId, a.id(), a, "id");
            a.emailKeys().forEach(k -> put(byEmail, k, a, "email"));
            a.loginKeys().forEach(k -> put(byLogin, k, a, "login"));
            a.exactNameKeys().forEach(k -> put(byName, k, a, "name"));
            a.aliasKeys().forEach(k -> put(byAlias, k, a, "alias"));
            a.trailers().forEach(t -> put(byTrailer, Identity.fold(t), a, "trailer"));
            a.namePatterns().forEach((text, suffix) -> namePatterns.add(new NamePattern(text, suffix, a)));
        }
    }

    private static void put(Map<String, KnownAgent> map, String key, KnownAgent agent, String what) {
        KnownAgent old = map.putIfAbsent(key, agent);
        if (old != null && old != agent) {
            throw new IllegalArgumentException("agents " + old.id() + " and " + agent.id() + " share the " + what + " '" + key + "'");
        }
    }

    /** The built-in catalogue ({@value #RESOURCE}). */
    public static AgentCatalogue builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-in catalogue: {@link BuiltInAgents}, the agents as generated Java, when the resource is the one they were
     * generated from (its length and CRC-32, which {@code BuiltInAgentsTest} checks with its SHA-256), else read from the
     * YAML; {@code BuiltInAgentsTest} proves both equal. Binding the YAML with Jackson on a cold JVM was a tenth of a short
     * {@code aigov risk} (docs/performance.md, start-up).
     */
    private static AgentCatalogue load() {
        byte[] bytes = resource();
        return bytes.length == BuiltInAgents.LENGTH && crc32(bytes) == BuiltInAgents.CRC32 ? new AgentCatalogue(BuiltInAgents.agents())
                : read(new java.io.ByteArrayInputStream(bytes), RESOURCE);
    }

    /** CRC-32 of {@code bytes}. */
    static long crc32(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** The bytes of {@value #RESOURCE}. */
    static byte[] resource() {
        try (InputStream in = AgentCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the agent catalogue " + RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent catalogue " + RESOURCE, e);
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a catalogue in the format of {@value #RESOURCE}: strictly (unknown fields, duplicate
     * keys and trailing documents are errors).
     *
     * @param source names the input in error messages
     * @throws IllegalArgumentException naming {@code source} when the catalogue cannot be read
     */
    public static AgentCatalogue read(InputStream in, String source) {
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            Document d = yaml.readValue(in, Document.class);
            if (d == null || d.agents().isEmpty()) {
                throw new IllegalArgumentException(source + ": the agent catalogue lists no agents");
            }
            return new AgentCatalogue(d.agents());
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read the agent catalogue: " + e.getMessage(), e);
        }
    }

    /** Every agent, in catalogue order. */
    public List<KnownAgent> agents() {
        return agents;
    }

    /** The agent with this id (folded comparison). */
    public Optional<KnownAgent> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The agent a trailer key belongs to ({@code Amp-Thread-ID}, {@code Claude-Session}). */
    public Optional<KnownAgent> byTrailerKey(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byTrailer.get(Identity.fold(key)));
    }

    /** The agent a tool name or alias stands for ({@code claude}, {@code kiro-agent}, {@code Amp}). */
    public Optional<KnownAgent> byAlias(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String f = Identity.fold(name);
        KnownAgent a = byAlias.get(f);
        if (a == null) {
            a = byName.get(f);
        }
        if (a == null) {
            a = byLogin.get(f);
        }
        return Optional.ofNullable(a);
    }

    /**
     * The agent a commit's author, committer or {@code Co-authored-by} names.
     *
     * @param name  display name, or {@code null}
     * @param email email, or {@code null}
     */
    public Optional<KnownAgent> matchCommitIdentity(String name, String email) {
        Optional<KnownAgent> byMail = matchEmail(email);
        if (byMail.isPresent()) {
            return byMail;
        }
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String n = Identity.fold(name);
        KnownAgent a = byName.get(n);
        if (a == null && n.endsWith(KnownAgent.BOT)) {
            a = byLogin.get(n);
        }
        if (a != null) {
            return Optional.of(a);
        }
        for (NamePattern p : namePatterns) {
            if (p.matches(n)) {
                return Optional.of(p.agent());
            }
        }
        return Optional.empty();
    }

    /**
     * The agent an account (an approver, a build initiator) is: its id or email is any spelling the
     * catalogue knows, its login with or without {@code [bot]}, or an alias.
     */
    public Optional<KnownAgent> matchAccount(String id, String email) {
        Optional<KnownAgent> byMail = matchEmail(email);
        if (byMail.isPresent()) {
            return byMail;
        }
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String f = Identity.accountKey(id);
        if (f.indexOf('@') > 0) {
            return matchEmail(id);
        }
        for (String key : List.of(f, KnownAgent.withoutBot(f), Identity.withoutSeparators(f),
                Identity.withoutSeparators(KnownAgent.withoutBot(f)))) {
            Optional<KnownAgent> a = known(key);
            if (a.isPresent()) {
                return a;
            }
        }
        // an agent's name with only generic words beside it (claude-bot, claude-ai, anthropic-claude, codex_agent)
        Optional<KnownAgent> named = Optional.empty();
        for (String token : f.split("[._\\-]+")) {
            if (token.isEmpty() || GENERIC_ACCOUNT_WORDS.contains(token)) {
                continue;
            }
            Optional<KnownAgent> a = known(token);
            if (a.isEmpty()) {
                named = Optional.empty();
                break;
            }
            named = a;
        }
        if (named.isPresent()) {
            return named;
        }
        return matchCommitIdentity(id, null);
    }

    /**
     * Words that, beside an agent's name in an account id, do not make it a person's: {@code claude-bot},
     * {@code anthropic-claude}, {@code codex-agent} are the agent; {@code claude-dupont} is not matched by this rule.
     */
    private static final Set<String> GENERIC_ACCOUNT_WORDS = Set.of("bot", "bots", "ai", "agent", "agents", "app", "code",
            "coder", "assistant", "dev", "cli", "svc", "service", "automation", "anthropic", "openai", "google", "github",
            "microsoft", "amazon", "aws", "cursor", "cognition", "sourcegraph");

    private Optional<KnownAgent> known(String key) {
        for (Map<String, KnownAgent> m : List.of(byLogin, byAlias, byName)) {
            KnownAgent a = m.get(key);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private Optional<KnownAgent> matchEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        Identity who = Identity.of(email);
        String noreply = "@" + Identity.GITHUB_NOREPLY_FOLDED;
        for (String k : who.keys()) {
            if (k.indexOf('@') < 0) {
                continue;
            }
            KnownAgent a = byEmail.get(k);
            if (a != null) {
                return Optional.of(a);
            }
            if (k.endsWith(noreply)) {
                String login = k.substring(0, k.length() - noreply.length());
                a = byLogin.get(login);
                if (a == null) {
                    a = byLogin.get(KnownAgent.withoutBot(login));
                }
                if (a != null) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
