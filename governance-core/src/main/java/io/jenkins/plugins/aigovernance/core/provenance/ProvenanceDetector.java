package io.jenkins.plugins.aigovernance.core.provenance;

import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.identity.KnownAgent;
import io.jenkins.plugins.aigovernance.core.policy.AgentBranch;
import io.jenkins.plugins.aigovernance.core.policy.AiIdentity;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import io.jenkins.plugins.aigovernance.core.policy.ProvenancePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * Decides who made a change from its commits, the branch name and the records attached to the
 * commits. One detector per policy; it is immutable and thread-safe, globs are compiled once.
 *
 * <h2>Evidence per commit</h2>
 * AI identities are the agents of the built-in {@link io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue}
 * (matched in every spelling: case, NFKC, look-alike letters, {@code [bot]}, GitHub noreply with or
 * without the numeric prefix) plus the policy's {@link AiIdentity} globs; a policy adds, never
 * removes. Trailers are read on every line of the message ({@link Trailers#everywhere}), not only in
 * git's last paragraph, with keys compared folded: no later paragraph, block or spelling hides one.
 * Evidence only adds: the commit's source is the maximum of everything found.
 * <ul>
 * <li><b>Author / committer</b> matching an AI identity: kind {@code agent} → AI agent
 *     (also when only the committer matches: the agent committed it); kind {@code assistant}
 *     (aider's {@code Name (aider)}) → AI-assisted.</li>
 * <li><b>{@code Co-authored-by}</b> naming an AI identity → AI-assisted with that id: a person
 *     authored the commit and drove the tool (Claude Code's {@code Co-Authored-By: Claude
 *     <noreply@anthropic.com>}, Codex, Cursor, Copilot CLI). Only when the author is itself an AI
 *     agent does an AI co-author count as AI agent. On an agent-authored commit, human co-authors
 *     are the requesters (Copilot coding agent commits as {@code Copilot} with the requesting user
 *     as co-author).</li>
 * <li><b>Trailers</b>: {@code AI-Agent: <tool>} → AI agent; {@code AI-Assisted: true|<tool>},
 *     {@code Generated-by}, {@code Assisted-by}, {@code AI-Tool}, {@code Claude-Session} →
 *     AI-assisted ({@code AI-Assisted: false} is no evidence; a {@code Name <email>} value that is
 *     not an AI identity is a person, not a tool). {@code Requested-by} / {@code Prompted-by} name
 *     requesters. The agent id is the identity a tool name maps to, else the tool name in lower case.</li>
 * <li><b>Tool trailers</b> of the catalogue ({@code Amp-Thread-ID}, {@code Claude-Session}) → AI-assisted with that agent.</li>
 * <li><b>Message markers</b> of the catalogue ({@code Generated with [Claude Code]}, {@code Generated with [Devin]}) → AI-assisted.</li>
 * <li><b>{@code [AI-GOVERNANCE]} block</b> in the message or in a note under
 *     {@value #GOVERNANCE_NOTES_REF}: its {@code change_source}; an agent id there
 *     ({@code kiro-ai-agent-v2.1}) → AI agent with that id (mapped through the catalogue). Its
 *     other fields are claims kept with the commit, never used to lower a finding. Sources combine by
 *     {@link ChangeSource#max}, so a block saying {@code human} never hides AI evidence. A malformed
 *     block makes the commit unknown.</li>
 * <li><b>git-ai</b> notes ({@value GitAiAuthorshipLog#NOTES_REF}) and <b>Agent Trace</b> records
 *     (notes under {@value AgentTraceRecord#NOTES_REF}, or lines the commit appends to
 *     {@value AgentTraceRecord#TRACE_FILE}): AI sessions or AI lines → AI-assisted, the tool as agent
 *     id, the prompting humans as requesters; AI lines over the lines the commit adds (against its
 *     first parent) → {@code aiLineShare}. An unreadable note or record makes the commit unknown.</li>
 * <li>Otherwise: an author without email, or (when {@code humanIdentities} is set) an author email
 *     outside it → unknown; else human ("no AI markers").</li>
 * </ul>
 *
 * <h2>Combining</h2>
 * The change's source is the maximum over its commits and the branch (a branch matching an
 * {@link AgentBranch} pattern → AI agent). Its agent id is the most specific one seen: AI-agent
 * evidence before AI-assisted, configured identity ids before other names, newer commits first.
 * {@code aiLineShare} is the sum of AI lines over the sum of added lines of the commits that have
 * line records; {@code null} when none has. No commits → {@link Provenance#unknown}.
 */
public final class ProvenanceDetector {

    /** Notes ref read for {@code [AI-GOVERNANCE]} blocks attached to commits. */
    public static final String GOVERNANCE_NOTES_REF = "refs/notes/ai-governance";

    private static final int MAX_EVIDENCE_VALUE = 120;
    /** {@code AI-Assisted} values that are no evidence, {@link Identity#fold folded}; any other value is. */
    private static final Set<String> FALSE_VALUES = folded("false", "no", "none", "0", "off", "n");
    private static final Set<String> TRUE_VALUES = folded("true", "yes", "1", "on", "y");
    /** GitHub's web-flow committer: a platform, never a requester. */
    private static final String GITHUB_WEB_FLOW = "noreply@github.com";

    /**
     * An agent branch pattern, with its {@link Identity#fold folded} form when folding keeps every pattern character
     * ({@code *?[]{},\\}) in place: a branch matches when its name matches the pattern or its folded name matches the
     * folded pattern, so {@code clаude/fix} (Cyrillic {@code а}) and {@code ＣＯＰＩＬＯＴ/x} are agent branches too.
     */
    private record BranchPattern(Glob glob, Glob folded, AgentBranch branch) {
        BranchPattern(AgentBranch branch) {
            this(Glob.name(branch.pattern()), foldedGlob(branch.pattern()), branch);
        }

        boolean matches(String name, String foldedName) {
            return glob.matches(name) || (folded != null && folded.matches(foldedName));
        }

        private static Glob foldedGlob(String pattern) {
            String f = Identity.fold(pattern);
            if (f.isEmpty() || !patternCharacters(f).equals(patternCharacters(pattern))) {
                return null;
            }
            try {
                return Glob.name(f);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static String patternCharacters(String s) {
            return s.replaceAll("[^*?\\[\\]{},\\\\]", "");
        }
    }

    private record Candidate(ChangeSource source, String agentId) {
    }

    private final AiIdentityMatcher identities;
    private final List<Glob> humanIdentities;
    private final List<BranchPattern> branches;

    /**
     * @throws IllegalArgumentException when a glob of the policy does not compile (policies are
     *         validated when loaded, so this means an unvalidated policy)
     */
    public ProvenanceDetector(ProvenancePolicy policy) {
        this.identities = new AiIdentityMatcher(policy.aiIdentities());
        this.humanIdentities = policy.humanIdentities().stream().map(Glob::name).toList();
        List<BranchPattern> patterns = new ArrayList<>();
        for (AgentBranch b : policy.agentBranches()) {
            patterns.add(new BranchPattern(b));
        }
        for (KnownAgent a : identities.catalogue().agents()) {
            for (String b : a.branches()) {
                patterns.add(new BranchPattern(new AgentBranch(b, a.id())));
            }
        }
        this.branches = List.copyOf(patterns);
    }

    /**
     * Detects the provenance of a change.
     *
     * @param repo    the repository holding the commits and their notes; {@code null} to judge by
     *                commit metadata and branch only
     * @param commits the change's commits, newest first (as {@code git log} lists them)
     * @param branch  the branch the change comes from ({@code copilot/fix-123},
     *                {@code refs/heads/...}, {@code origin/...}), or {@code null}
     */
    public Provenance detect(Repository repo, List<CommitInfo> commits, String branch) {
        Findings branchFindings = branchFindings(branch);
        List<CommitInfo> list = commits == null ? List.of() : commits.stream().filter(c -> c != null).toList();
        if (list.isEmpty()) {
            Provenance unknown = Provenance.unknown("no commits to inspect");
            if (branchFindings == null) {
                return unknown;
            }
            List<String> evidence = new ArrayList<>(branchFindings.evidence);
            evidence.addAll(unknown.evidence());
            return new Provenance(ChangeSource.AI_AGENT, branchFindings.bestAgent(identities), null, evidence, List.of(), List.of());
        }
        List<Findings> findings = new ArrayList<>();
        List<String> problems;
        try (RepositoryRecords records = RepositoryRecords.open(repo,
                List.of(GitAiAuthorshipLog.NOTES_REF, AgentTraceRecord.NOTES_REF, GOVERNANCE_NOTES_REF))) {
            problems = List.copyOf(records.problems());
            for (CommitInfo c : list) {
                findings.add(assess(c, records));
            }
        }
        return combine(findings, branchFindings, problems);
    }

    private Provenance combine(List<Findings> findings, Findings branchFindings, List<String> problems) {
        ChangeSource source = null;
        List<Candidate> candidates = new ArrayList<>();
        Set<String> evidence = new LinkedHashSet<>();
        Set<String> requesters = new LinkedHashSet<>();
        List<CommitProvenance> commits = new ArrayList<>();
        List<String> plainHuman = new ArrayList<>();
        long aiLines = 0;
        long lineBase = 0;
        if (branchFindings != null) {
            source = branchFindings.source;
            evidence.addAll(branchFindings.evidence);
        }
        for (String p : problems) {
            source = ChangeSource.UNKNOWN.max(source);
            evidence.add(p);
        }
        for (Findings f : findings) {
            source = source == null ? f.source : source.max(f.source);
            candidates.addAll(f.candidates);
            if (f.noMarkers) {
                plainHuman.add(f.shortId);
            } else {
                evidence.addAll(f.evidence);
            }
            requesters.addAll(f.requesters);
            if (f.lineBase > 0) {
                aiLines += f.aiLines;
                lineBase += f.lineBase;
            }
            commits.add(f.toCommitProvenance(identities));
        }
        if (branchFindings != null) {
            candidates.addAll(branchFindings.candidates);
        }
        if (!plainHuman.isEmpty()) {
            evidence.add(plainHuman.size() == 1 ? "no AI markers in " + plainHuman.get(0) : "no AI markers in " + plainHuman.size() + " commits");
        }
        Double share = lineBase > 0 ? (double) aiLines / lineBase : null;
        return new Provenance(source, bestAgent(candidates, identities), share, new ArrayList<>(evidence), new ArrayList<>(requesters), commits);
    }

    private Findings branchFindings(String branch) {
        String name = branchName(branch);
        if (name == null) {
            return null;
        }
        // the name and every tail after a '/': a remote prefix other than origin (upstream/claude/x, fork/copilot/y)
        // never hides an agent branch; matching a tail can only add AI evidence
        for (String candidate = name; candidate != null; ) {
            String folded = Identity.fold(candidate);
            for (BranchPattern p : branches) {
                if (p.matches(candidate, folded)) {
                    Findings f = new Findings(null, "");
                    f.source = ChangeSource.AI_AGENT;
                    f.candidates.add(new Candidate(ChangeSource.AI_AGENT, p.branch.agent()));
                    f.evidence.add("branch " + name + " matches agent branch pattern " + p.branch.pattern() + " (" + p.branch.agent() + ")");
                    return f;
                }
            }
            int slash = candidate.indexOf('/');
            candidate = slash < 0 || slash == candidate.length() - 1 ? null : candidate.substring(slash + 1);
        }
        return null;
    }

    /** The branch name without {@code refs/heads/}, {@code refs/remotes/<remote>/} or {@code origin/}. */
    static String branchName(String branch) {
        if (branch == null || branch.isBlank()) {
            return null;
        }
        String b = branch.strip();
        if (b.startsWith("refs/heads/")) {
            b = b.substring("refs/heads/".length());
        } else if (b.startsWith("refs/remotes/")) {
            String rest = b.substring("refs/remotes/".length());
            int slash = rest.indexOf('/');
            b = slash < 0 ? rest : rest.substring(slash + 1);
        } else if (b.startsWith("origin/")) {
            b = b.substring("origin/".length());
        }
        return b.isEmpty() ? null : b;
    }

    private Findings assess(CommitInfo c, RepositoryRecords records) {
        Findings f = new Findings(c.id(), shortId(c.id()));
        Optional<AiIdentityMatcher.Match> author = identities.match(c.authorName(), c.authorEmail());
        Optional<AiIdentityMatcher.Match> committer = identities.match(c.committerName(), c.committerEmail());
        boolean authorIsAgent = author.isPresent() && author.get().isAgent();
        GitIdentity authorWho = new GitIdentity(c.authorName(), c.authorEmail());
        GitIdentity committerWho = new GitIdentity(c.committerName(), c.committerEmail());

        author.ifPresent(id -> f.add(kindSource(id), id.id(), "author " + authorWho + " is AI " + id.kind() + " " + id.id()));
        if (committer.isPresent() && !(author.isPresent() && author.get().id().equals(committer.get().id()))) {
            AiIdentityMatcher.Match id = committer.get();
            f.add(kindSource(id), id.id(), "committer " + committerWho + " is AI " + id.kind() + " " + id.id());
        }
        if (authorIsAgent && committer.isEmpty() && !committerWho.email().isEmpty()
                && !committerWho.normalizedEmail().equals(authorWho.normalizedEmail())
                && !committerWho.normalizedEmail().equals(GITHUB_WEB_FLOW)) {
            f.requesters.add(committerWho.toString());
        }

        trailers(c, f, authorIsAgent);
        String message = c.message() == null ? "" : c.message();
        String cleanMessage = Nfkc.of(message).toLowerCase(Locale.ROOT);
        for (KnownAgent agent : identities.catalogue().agents()) {
            for (String marker : agent.markers()) {
                if (cleanMessage.contains(Nfkc.of(marker).toLowerCase(Locale.ROOT))) {
                    f.add(ChangeSource.AI_ASSISTED, agent.id(), "'" + marker + "' in message");
                }
            }
        }

        governanceBlock(f, message, "message");
        try {
            String note = records.note(GOVERNANCE_NOTES_REF, c.id());
            if (note != null) {
                governanceBlock(f, note, "note " + GOVERNANCE_NOTES_REF);
            }
        } catch (IOException | RuntimeException e) {
            f.add(ChangeSource.UNKNOWN, null, "cannot read note " + GOVERNANCE_NOTES_REF + ": " + e.getMessage());
        }

        lineRecords(c, f, records);

        if (author.isEmpty()) {
            if (authorWho.email().isEmpty()) {
                f.add(ChangeSource.UNKNOWN, null, "no author email");
            } else if (!humanIdentities.isEmpty() && humanIdentities.stream().noneMatch(g -> g.matches(authorWho.email()))) {
                f.add(ChangeSource.UNKNOWN, null, "author " + authorWho.email() + " is not a verified human identity");
            }
        }
        if (f.source == null) {
            f.source = ChangeSource.HUMAN;
            f.noMarkers = true;
            f.evidence.add("no AI markers in " + f.shortId);
        }
        return f;
    }

    private static ChangeSource kindSource(AiIdentityMatcher.Match id) {
        return id.isAgent() ? ChangeSource.AI_AGENT : ChangeSource.AI_ASSISTED;
    }

    /** Trailer keys the detector reads, by {@link Identity#fold folded} spelling. */
    private static final Map<String, String> KEYS = keys("Co-authored-by", "Co-developed-by", "Requested-by", "Prompted-by", "AI-Agent",
            "AI-Assisted", "Generated-by", "Assisted-by", "AI-Tool", "Claude-Session");

    private static Set<String> folded(String... values) {
        Set<String> out = new java.util.HashSet<>();
        for (String v : values) {
            out.add(Identity.fold(v));
        }
        return Set.copyOf(out);
    }

    private static Map<String, String> keys(String... keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(Identity.fold(k), k.toLowerCase(Locale.ROOT));
        }
        return Map.copyOf(m);
    }

    private void trailers(CommitInfo c, Findings f, boolean authorIsAgent) {
        for (Trailer t : Trailers.everywhere(c.message()).all()) {
            String folded = Identity.fold(t.key());
            String key = KEYS.getOrDefault(folded, "");
            String value = t.value();
            Optional<KnownAgent> toolTrailer = identities.catalogue().byTrailerKey(t.key());
            if (toolTrailer.isPresent()) {
                f.add(ChangeSource.AI_ASSISTED, toolTrailer.get().id(), shorten(t));
                continue;
            }
            switch (key) {
                case "co-authored-by", "co-developed-by" -> {
                    Optional<GitIdentity> who = t.identity();
                    Optional<AiIdentityMatcher.Match> ai = who.isPresent() ? identities.match(who.get()) : identities.match(value, null);
                    if (who.isEmpty() && ai.isEmpty()) {
                        continue;
                    }
                    if (ai.isPresent()) {
                        ChangeSource s = authorIsAgent && ai.get().isAgent() ? ChangeSource.AI_AGENT : ChangeSource.AI_ASSISTED;
                        f.add(s, ai.get().id(), "Co-authored-by: " + who.map(GitIdentity::toString).orElse(value));
                    } else if (authorIsAgent) {
                        f.requesters.add(who.get().toString());
                    }
                }
                case "requested-by", "prompted-by" -> {
                    if (!value.isEmpty()) {
                        f.requesters.add(t.identity().map(GitIdentity::toString).orElse(value));
                    }
                }
                case "ai-agent" -> f.add(ChangeSource.AI_AGENT, identities.agentId(value), shorten(t));
                case "ai-assisted" -> {
                    String v = Identity.fold(value);
                    if (FALSE_VALUES.contains(v) || v.isEmpty()) {
                        continue;
                    }
                    f.add(ChangeSource.AI_ASSISTED, TRUE_VALUES.contains(v) ? null : identities.agentId(value), shorten(t));
                }
                case "generated-by", "assisted-by", "ai-tool" -> {
                    Optional<GitIdentity> who = t.identity();
                    if (value.isEmpty() || who.isPresent() && identities.match(who.get()).isEmpty()) {
                        continue; // a person, not a tool
                    }
                    f.add(ChangeSource.AI_ASSISTED, identities.agentId(value), shorten(t));
                }
                case "claude-session" -> f.add(ChangeSource.AI_ASSISTED, identities.agentId("claude-code"), shorten(t));
                default -> {
                }
            }
        }
    }

    private static String shorten(Trailer t) {
        String s = t.toString();
        return s.length() <= MAX_EVIDENCE_VALUE ? s : s.substring(0, MAX_EVIDENCE_VALUE - 3) + "...";
    }

    private void governanceBlock(Findings f, String text, String where) {
        try {
            Optional<GovernanceBlock> block = GovernanceBlock.parse(text);
            if (block.isEmpty()) {
                return;
            }
            if (f.block == null || where.startsWith("note")) {
                f.block = block.get(); // the note, written later, wins over the message
            }
            ChangeSource claimed = block.get().source();
            String in = where.equals("message") ? "" : " (" + where + ")";
            if (block.get().agentId() != null) {
                // the seed standard's form: an agent id means an AI agent with that id
                f.add(ChangeSource.AI_AGENT, identities.agentId(block.get().agentId()),
                        "[AI-GOVERNANCE] change_source: " + block.get().agentId() + " (an AI agent id)" + in);
            } else if (claimed != null) {
                f.add(claimed, null, "[AI-GOVERNANCE] change_source: " + claimed.json() + in);
            }
        } catch (MalformedGovernanceBlockException e) {
            String in = where.equals("message") ? "" : " (" + where + ")";
            f.add(ChangeSource.UNKNOWN, null, e.getMessage() + in);
        }
    }

    private void lineRecords(CommitInfo c, Findings f, RepositoryRecords records) {
        Map<String, List<LineRange>> ai = new LinkedHashMap<>();
        long otherAttested = 0;
        boolean anyRecord = false;

        String gitAiNote = null;
        try {
            gitAiNote = records.note(GitAiAuthorshipLog.NOTES_REF, c.id());
        } catch (IOException | RuntimeException e) {
            f.add(ChangeSource.UNKNOWN, null, "cannot read git-ai note (" + GitAiAuthorshipLog.NOTES_REF + "): " + e.getMessage());
        }
        if (gitAiNote != null) {
            try {
                GitAiAuthorshipLog log = GitAiAuthorshipLog.parse(gitAiNote);
                anyRecord = true;
                log.aiLines().forEach((path, r) -> ai.computeIfAbsent(path, p -> new ArrayList<>()).addAll(r));
                otherAttested += log.humanLines();
                if (!log.sessions().isEmpty() || log.aiLineCount() > 0) {
                    String tool = log.sessions().stream().map(GitAiAuthorshipLog.Session::tool).filter(t -> t != null).findFirst().orElse(null);
                    String model = log.sessions().stream().map(GitAiAuthorshipLog.Session::model).filter(m -> m != null).findFirst().orElse(null);
                    f.add(ChangeSource.AI_ASSISTED, identities.agentId(tool),
                            "git-ai note: " + log.aiLineCount() + " AI lines" + describe(tool, model));
                    for (GitAiAuthorshipLog.Session s : log.sessions()) {
                        if (s.humanAuthor() != null) {
                            f.requesters.add(GitIdentity.parse(s.humanAuthor()).map(GitIdentity::toString).orElse(s.humanAuthor()));
                        }
                    }
                } else {
                    f.evidence.add("git-ai note: no AI lines in " + f.shortId);
                }
            } catch (IllegalArgumentException e) {
                f.add(ChangeSource.UNKNOWN, null, "unreadable git-ai note (" + GitAiAuthorshipLog.NOTES_REF + "): " + e.getMessage());
            }
        }

        List<String> traceTexts = new ArrayList<>();
        try {
            String note = records.note(AgentTraceRecord.NOTES_REF, c.id());
            if (note != null) {
                traceTexts.add(note);
            }
            List<String> appended = records.traceLinesAddedBy(c.id());
            if (!appended.isEmpty()) {
                traceTexts.add(String.join("\n", appended));
            }
        } catch (IOException | RuntimeException e) {
            f.add(ChangeSource.UNKNOWN, null, "cannot read Agent Trace records: " + e.getMessage());
        }
        for (String text : traceTexts) {
            try {
                for (AgentTraceRecord r : AgentTraceRecord.parseAll(text)) {
                    anyRecord = true;
                    r.aiOrMixed().forEach((path, ranges) -> ai.computeIfAbsent(path, p -> new ArrayList<>()).addAll(ranges));
                    otherAttested += (long) r.humanLines() + r.unknownLines();
                    String model = r.models().isEmpty() ? null : r.models().get(0);
                    if (r.aiLineCount() > 0) {
                        f.add(ChangeSource.AI_ASSISTED, identities.agentId(r.tool()),
                                "Agent Trace record: " + r.aiLineCount() + " AI lines" + describe(r.tool(), model));
                    }
                    if (r.unknownLines() > 0) {
                        f.add(ChangeSource.UNKNOWN, null, "Agent Trace record: " + r.unknownLines() + " lines of unknown origin");
                    }
                }
            } catch (IllegalArgumentException e) {
                f.add(ChangeSource.UNKNOWN, null, "unreadable Agent Trace record: " + e.getMessage());
            }
        }

        if (!anyRecord) {
            return;
        }
        long aiLines = 0;
        for (List<LineRange> r : ai.values()) {
            aiLines += LineRange.countDistinct(r);
        }
        OptionalInt added = OptionalInt.empty();
        try {
            added = records.addedLines(c.id());
        } catch (IOException | RuntimeException e) {
            f.evidence.add("cannot diff " + f.shortId + ": " + e.getMessage());
        }
        if (added.isPresent() && added.getAsInt() > 0) {
            f.aiLines = Math.min(aiLines, added.getAsInt());
            f.lineBase = added.getAsInt();
        } else if (aiLines + otherAttested > aiLines) {
            f.aiLines = aiLines;
            f.lineBase = aiLines + otherAttested; // the records' own totals
        }
    }

    private static String describe(String tool, String model) {
        if (tool == null && model == null) {
            return "";
        }
        return " (" + (tool == null ? model : model == null ? tool : tool + ", " + model) + ")";
    }

    private static String shortId(String id) {
        if (id == null || id.isEmpty()) {
            return "(no id)";
        }
        return id.length() > 7 ? id.substring(0, 7) : id;
    }

    /** The most specific agent: AI agent before AI-assisted, known ids before others, first seen first. */
    private static String bestAgent(List<Candidate> candidates, AiIdentityMatcher identities) {
        Candidate best = null;
        int bestScore = -1;
        for (Candidate c : candidates) {
            if (c.agentId == null || c.agentId.isBlank()) {
                continue;
            }
            int score = c.source.ordinal() * 2 + (identities.isKnownId(c.agentId) ? 1 : 0);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best == null ? null : best.agentId;
    }

    /** What one commit (or the branch) shows; filled while reading, then frozen into a record. */
    private static final class Findings {
        final String commit;
        final String shortId;
        ChangeSource source;
        final List<Candidate> candidates = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();
        final Set<String> requesters = new LinkedHashSet<>();
        GovernanceBlock block;
        boolean noMarkers;
        long aiLines;
        long lineBase;

        Findings(String commit, String shortId) {
            this.commit = commit;
            this.shortId = shortId;
        }

        void add(ChangeSource s, String agentId, String what) {
            source = source == null ? s : source.max(s);
            if (agentId != null) {
                candidates.add(new Candidate(s, agentId));
            }
            evidence.add(what + " in " + shortId);
        }

        String bestAgent(AiIdentityMatcher identities) {
            return ProvenanceDetector.bestAgent(candidates, identities);
        }

        CommitProvenance toCommitProvenance(AiIdentityMatcher identities) {
            Double share = lineBase > 0 ? (double) aiLines / lineBase : null;
            return new CommitProvenance(commit, source, bestAgent(identities), share, evidence, new ArrayList<>(requesters), block);
        }
    }
}
