package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Changes, policies and risk assessments for approval tests. */
final class Fixtures {

    static final PolicyLoader LOADER = new PolicyLoader();
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final ChangeFingerprint FP1 = fp('1');
    static final ChangeFingerprint FP2 = fp('2');

    private Fixtures() {
    }

    static ChangeFingerprint fp(char c) {
        return new ChangeFingerprint("sha256:" + String.valueOf(c).repeat(64));
    }

    static GovernancePolicy policy(String yaml) {
        return LOADER.parse(".ai-governance.yml", yaml.getBytes(StandardCharsets.UTF_8), "file");
    }

    /**
     * A change by alice@corp.example, committed by ci@corp.example, co-written by Claude at bob's request, headed to no
     * named environment (judged as production), so the fixture approvals (which name none) are given for it.
     */
    static ChangeContext context(GovernancePolicy policy) {
        CommitInfo c = new CommitInfo("3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49", "Alice Smith", "Alice@Corp.example", "CI", "ci@corp.example",
                T0.minusSeconds(3600), "Add feature\n\nCo-authored-by: Claude <noreply@anthropic.com>", 1);
        ChangeSet change = new ChangeSet("a".repeat(40), c.id(), List.of(FileChange.modified("src/App.java", 10, 2)), List.of(), List.of(c),
                List.of());
        Provenance p = new Provenance(ChangeSource.AI_ASSISTED, "claude-code", null, List.of("co-authored"), List.of("Bob Jones <bob@corp.example>"),
                List.of());
        return new ChangeContext(change, FP1, p, policy, null, "feature/x");
    }

    static RiskAssessment risk(RiskTier tier, ChangeFingerprint fp) {
        return new RiskAssessment(fp, "a".repeat(40), "b".repeat(40), "prod", tier, 60, null, List.of(), null, null,
                Provenance.unknown("test"), ChangeSource.AI_AGENT, "claude-code", "builtin@1", T0);
    }

    static ApprovalRequirement requirement(GovernancePolicy policy, RiskTier tier, ChangeFingerprint fp) {
        return ApprovalRequirements.forChange(context(policy), risk(tier, fp), "carol-initiator");
    }

    static Approval approve(String id, ChangeFingerprint fp, RiskTier tier, int minute, String... groups) {
        return Approval.approve(id, id + "@corp.example", List.of(groups), fp, tier, T0.plusSeconds(60L * minute));
    }
}
