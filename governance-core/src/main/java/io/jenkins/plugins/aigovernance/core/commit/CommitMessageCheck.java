package io.jenkins.plugins.aigovernance.core.commit;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import io.jenkins.plugins.aigovernance.core.provenance.MalformedGovernanceBlockException;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The {@code commit-msg} check (the framework's "commit metadata at the source"): for a commit made
 * by or with an AI agent, checks or appends the {@code [AI-GOVERNANCE]} block; human commits are
 * left alone.
 *
 * <p>The evidence is what the {@link io.jenkins.plugins.aigovernance.core.provenance.ProvenanceDetector}
 * finds in the commit being made ({@link PendingCommit}: the staged tree, author, committer, the
 * message's trailers and markers, the branch), with the message's own block emptied, so that a
 * block cannot vouch for itself. Lines git strips from the message ({@code #} comments and
 * everything below the {@code >8} scissors line) are not evidence. The tier, blast radius and
 * policy label are the engine's for the staged change ({@link GovernanceEngine#assessRisk}).
 *
 * <ul>
 *   <li>No AI evidence and no block → {@link CommitMessageVerdict.Outcome#HUMAN_UNTOUCHED}.</li>
 *   <li>AI evidence, or a block claiming AI involvement, and no complete block → the block is
 *       appended, or its missing fields filled in ({@code change_source}: the agent id for an AI
 *       agent's commit, {@code ai-assisted} for a person's commit made with an AI tool (an agent id
 *       there would claim an agent); {@code risk_tier}; {@code blast_radius};
 *       {@code scope_policy_version}); an {@code opa_evaluation} already there is kept as the
 *       writer's claim (no OPA decision exists before the pipeline runs).</li>
 *   <li>Refused: a block that cannot be read; a {@code change_source} claiming less AI involvement
 *       than the evidence ({@code human} or {@code unknown} on an AI commit, {@code ai-assisted} on an
 *       agent's) or another agent than the evidence names; a {@code risk_tier}, {@code blast_radius}
 *       or {@code scope_policy_version} other than the engine's; any of {@code approved_by},
 *       {@code approved_at}, {@code rollback_commit} (the pipeline writes those to the git note
 *       after approval, never into history).</li>
 * </ul>
 */
public final class CommitMessageCheck {

    private final GovernanceEngine engine;

    public CommitMessageCheck(GovernanceEngine engine) {
        this.engine = engine;
    }

    /**
     * Checks the message of the commit being made in {@code repoDir}.
     *
     * @param indexFile   the index git commits ({@code GIT_INDEX_FILE}), or {@code null} for the repository's
     * @param policyFile  explicit policy, or {@code null} for {@code .ai-governance.yml} at {@code HEAD}, else built-in
     * @param environment target environment, or {@code null} (production, the strictest)
     * @param branch      the branch being committed to, or {@code null} to read {@code HEAD}'s
     * @throws io.jenkins.plugins.aigovernance.core.document.InvalidInputException naming an input that cannot be read
     */
    public CommitMessageVerdict check(Path repoDir, Path indexFile, String message, PersonIdent author, PersonIdent committer, Path policyFile,
            String environment, String branch) {
        Optional<GovernanceBlock> claimed;
        try {
            claimed = GovernanceBlock.parse(message);
        } catch (MalformedGovernanceBlockException e) {
            return new CommitMessageVerdict(CommitMessageVerdict.Outcome.REFUSED, message, null, null, null, null,
                    List.of("the [AI-GOVERNANCE] block cannot be read: " + e.getMessage()));
        }
        String evidenceText = stripped(message);
        if (claimed.isPresent()) {
            evidenceText = GovernanceBlock.empty().writeInto(evidenceText);
        }
        ChangeContext context;
        try (Repository repo = GitChangeReader.open(repoDir)) {
            PendingCommit pending = PendingCommit.of(repo, indexFile, evidenceText, author, committer);
            String b = branch != null ? branch : currentBranch(repo);
            context = engine.analyze(new ChangeRequest(repoDir, pending.base().name(), pending.head().name(), null, null, policyFile, environment, b));
        }
        RiskAssessment risk = engine.assessRisk(context);
        Provenance evidence = context.provenance();
        ChangeSource source = evidence.source();
        String agent = evidence.agentId();
        GovernanceBlock block = claimed.orElse(null);
        boolean ai = source.isAi() || (block != null && block.source() != null && block.source().isAi());
        if (!ai && block == null) {
            return new CommitMessageVerdict(CommitMessageVerdict.Outcome.HUMAN_UNTOUCHED, message, source, agent, risk.tier(), risk.blastRadius(),
                    List.of());
        }
        List<String> problems = new ArrayList<>();
        if (block != null) {
            check(block, source, agent, risk, evidence, problems);
        }
        if (!problems.isEmpty()) {
            return new CommitMessageVerdict(CommitMessageVerdict.Outcome.REFUSED, message, source, agent, risk.tier(), risk.blastRadius(), problems);
        }
        GovernanceBlock existing = block == null ? GovernanceBlock.empty() : block;
        String changeSource = existing.changeSource() != null ? existing.changeSource() : expectedSource(source, agent, existing);
        GovernanceBlock computed = new GovernanceBlock(ai ? changeSource : existing.changeSource(), risk.tier().name(),
                Integer.toString(risk.blastRadius()), null, null, null, risk.policy(), null).over(existing);
        if (computed.equals(existing)) {
            return new CommitMessageVerdict(CommitMessageVerdict.Outcome.ACCEPTED, message, source, agent, risk.tier(), risk.blastRadius(), List.of());
        }
        return new CommitMessageVerdict(CommitMessageVerdict.Outcome.WRITTEN, computed.mergeInto(message), source, agent, risk.tier(),
                risk.blastRadius(), List.of());
    }

    private static void check(GovernanceBlock block, ChangeSource source, String agent, RiskAssessment risk, Provenance evidence,
            List<String> problems) {
        ChangeSource claim = block.source();
        String why = evidence.evidence().isEmpty() ? "" : " (" + String.join("; ", evidence.evidence()) + ")";
        if (claim != null && source.isAi() && claim.max(source) != claim) {
            problems.add("change_source '" + block.changeSource() + "' claims less AI involvement than the evidence shows: " + source.json()
                    + why);
        }
        if (block.agentId() != null && agent != null && !block.agentId().toLowerCase(Locale.ROOT).equals(agent.toLowerCase(Locale.ROOT))) {
            problems.add("change_source names agent '" + block.agentId() + "', the evidence names '" + agent + "'" + why);
        }
        if (block.riskTier() != null && !block.riskTier().equals(risk.tier().name())) {
            problems.add("risk_tier '" + block.riskTier() + "' is not the engine's tier for the staged change: " + risk.tier().name()
                    + " (remove the line and the hook writes it)");
        }
        if (block.blastRadius() != null && !block.blastRadius().equals(Integer.toString(risk.blastRadius()))) {
            problems.add("blast_radius '" + block.blastRadius() + "' is not the engine's for the staged change: " + risk.blastRadius()
                    + " (remove the line and the hook writes it)");
        }
        if (block.scopePolicyVersion() != null && !block.scopePolicyVersion().equals(risk.policy())) {
            problems.add("scope_policy_version '" + block.scopePolicyVersion() + "' is not the policy this change is judged by: " + risk.policy());
        }
        for (String[] f : new String[][] {{"approved_by", block.approvedBy()}, {"approved_at", block.approvedAt()},
                {"rollback_commit", block.rollbackCommit()}}) {
            if (f[1] != null) {
                problems.add(f[0] + " cannot be claimed in a commit message: the pipeline writes it to the git note after approval");
            }
        }
    }

    private static String expectedSource(ChangeSource source, String agent, GovernanceBlock existing) {
        ChangeSource s = source.isAi() ? source : existing.source();
        // an agent id in change_source means "AI agent": written only for an agent's commit, never to upgrade an assisted one
        if (agent != null && s == ChangeSource.AI_AGENT && agent.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            return agent;
        }
        return s == null ? ChangeSource.UNKNOWN.json() : s.json();
    }

    /** The message as git will store it with the default cleanup: without {@code #} lines and without the scissors part. */
    static String stripped(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (String line : message.split("\n", -1)) {
            if (line.startsWith("# ") && line.contains(">8")) {
                break;
            }
            if (!line.startsWith("#")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static String currentBranch(Repository repo) {
        try {
            String full = repo.getFullBranch();
            return full != null && full.startsWith("refs/heads/") ? full.substring("refs/heads/".length()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
