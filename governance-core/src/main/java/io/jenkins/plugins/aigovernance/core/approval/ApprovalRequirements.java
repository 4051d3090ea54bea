package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.AiIdentity;
import io.jenkins.plugins.aigovernance.core.policy.ApprovalExclusion;
import io.jenkins.plugins.aigovernance.core.policy.ApprovalPolicy;
import io.jenkins.plugins.aigovernance.core.policy.ApproverSlot;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.TierApproval;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes what a change needs from the policy's {@code approval:} section and the change's people. */
public final class ApprovalRequirements {

    private ApprovalRequirements() {
    }

    /**
     * The requirement for a change at the tier its risk assessment gave it, for the environment the change context
     * names (approvals bind to it).
     *
     * @param initiator who started the build (a user id, an email or {@code Name <email>}), or {@code null}
     * @throws InvalidInputException when the policy lists no approval requirement at all
     */
    public static ApprovalRequirement forChange(ChangeContext context, RiskAssessment risk, String initiator) {
        List<ExcludedIdentity> excluded = new ArrayList<>();
        for (CommitInfo c : context.change().commits()) {
            String commit = c.id() == null ? "a commit" : c.id().substring(0, Math.min(12, c.id().length()));
            addPerson(excluded, either(c.authorEmail(), c.authorName()), ExclusionKind.AUTHOR, "author of " + commit);
            addDisplayName(excluded, c.authorName(), c.authorEmail(), ExclusionKind.AUTHOR, "author of " + commit);
            addPerson(excluded, either(c.committerEmail(), c.committerName()), ExclusionKind.COMMITTER, "committer of " + commit);
            addDisplayName(excluded, c.committerName(), c.committerEmail(), ExclusionKind.COMMITTER, "committer of " + commit);
        }
        for (String r : context.provenance().requesters()) {
            addPerson(excluded, r, ExclusionKind.REQUESTER, "asked the AI agent for this change");
        }
        if (context.provenance().agentId() != null) {
            add(excluded, new ExcludedIdentity(context.provenance().agentId(), false, ExclusionKind.AI_IDENTITY,
                    "the AI agent that made this change"));
        }
        addPerson(excluded, initiator, ExclusionKind.INITIATOR, "started the build");
        return forTier(context.policy(), risk.fingerprint(), risk.tier(), excluded).forEnvironment(context.environment());
    }

    /**
     * The requirement for a tier under a policy, with the change-specific exclusions given; the
     * policy's AI identities and {@code approval.exclusions} are added. No environment is named
     * ({@link ApprovalRequirement#forEnvironment} names one).
     */
    public static ApprovalRequirement forTier(GovernancePolicy policy, ChangeFingerprint fingerprint, RiskTier tier,
            List<ExcludedIdentity> changeExclusions) {
        ApprovalPolicy ap = policy.approval();
        TierApproval t = ap.forTier(tier);
        if (t == null) {
            throw new InvalidInputException("policy " + policy.versionLabel(),
                    "approval.tiers lists no requirement for any tier; a " + tier + " change cannot be approved");
        }
        List<ExcludedIdentity> excluded = new ArrayList<>(changeExclusions);
        for (AiIdentity ai : policy.provenance().aiIdentities()) {
            String why = "AI identity " + ai.id();
            if (ai.id() != null) {
                add(excluded, new ExcludedIdentity(ai.id(), false, ExclusionKind.AI_IDENTITY, why));
            }
            for (String e : ai.emails()) {
                add(excluded, new ExcludedIdentity(e, true, ExclusionKind.AI_IDENTITY, why));
            }
            for (String n : ai.names()) {
                add(excluded, new ExcludedIdentity(n, true, ExclusionKind.AI_IDENTITY, why));
            }
        }
        for (ApprovalExclusion x : ap.exclusions()) {
            add(excluded, new ExcludedIdentity(x.identity(), true, ExclusionKind.POLICY, x.reason()));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ApproverSlot s : t.slots()) {
            counts.merge(s.group(), s.count(), Integer::sum);
        }
        List<ApprovalSlot> slots = new ArrayList<>();
        counts.forEach((g, n) -> slots.add(new ApprovalSlot(g, n)));
        return new ApprovalRequirement(fingerprint, tier, slots, Boolean.TRUE.equals(t.automatedChecks()), excluded, ap.timeout(tier),
                new ApprovalRequirement.BreakGlass(ap.breakGlass().enabled(), ap.breakGlass().allowed()), policy.versionLabel(), null);
    }

    /**
     * Adds a person given as {@code Name <email>}, an email or an id. The email (or id) is what is
     * compared; display names are not, because they are neither unique nor verified.
     */
    static void addPerson(List<ExcludedIdentity> out, String person, ExclusionKind kind, String reason) {
        if (person == null || person.isBlank()) {
            return;
        }
        String p = person.trim();
        int lt = p.lastIndexOf('<');
        int gt = p.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String email = p.substring(lt + 1, gt).trim();
            if (!email.isEmpty()) {
                add(out, new ExcludedIdentity(email, false, kind, reason));
                return;
            }
            p = p.substring(0, lt).trim();
            if (p.isEmpty()) {
                return;
            }
        }
        add(out, new ExcludedIdentity(p, false, kind, reason));
    }

    /**
     * Also excludes an author's or committer's display name as an id: git lets anyone write any email, so
     * {@code bob <bob.other@mail.example>} must not leave the account {@code bob} free to approve the change. Names
     * only ever exclude (treating two accounts as one makes the gate stricter), never identify an approver.
     */
    private static void addDisplayName(List<ExcludedIdentity> out, String name, String email, ExclusionKind kind, String reason) {
        if (name != null && !name.isBlank() && email != null && !email.isBlank()) {
            add(out, new ExcludedIdentity(name, false, kind, reason + " (by name)"));
        }
    }

    private static String either(String email, String name) {
        return email == null || email.isBlank() ? name : email;
    }

    private static void add(List<ExcludedIdentity> out, ExcludedIdentity e) {
        for (ExcludedIdentity x : out) {
            if (x.identity().equals(e.identity()) && x.pattern() == e.pattern() && x.kind() == e.kind()) {
                return;
            }
        }
        out.add(e);
    }
}
