package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.question.Choice;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.core.question.Respondent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers to an open approval request, as the Jenkins gate and canary decision hand them over. */
class ApprovalAnswersTest {

    private static final Respondent SAM = new Respondent("sam", "Sam", List.of("senior-engineers"));
    private static final Respondent TOM = new Respondent("tom", null, List.of("team-leads"));
    private static final Respondent ALICE = new Respondent("alice@corp.example", "Alice", List.of("senior-engineers", "team-leads"));
    private static final Question CANARY = Question.choose("decision", "reason", new Choice("Roll back", true), new Choice("Promote", true));

    private final ApprovalAnswers answers = new ApprovalAnswers(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    private final ApprovalRequest request = ApprovalRequest.open(Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1), T0);

    @Test
    void twoCountedAnswersFromTheTiersGroupsApprove() {
        List<Approval> decisions = new ArrayList<>();
        JudgedAnswer first = answers.gate(request, decisions, SAM, Map.of("decision", "Approve", "comment", ""));
        assertThat(first.counted()).isTrue();
        assertThat(first.approval().kind()).isEqualTo(ApprovalKind.APPROVE);
        assertThat(first.approval().groups()).containsExactly("senior-engineers");
        assertThat(first.evaluation().status()).isEqualTo(ApprovalStatus.PENDING);
        decisions.add(first.approval());
        JudgedAnswer second = answers.gate(request, decisions, TOM, "Approve");
        assertThat(second.counted()).isTrue();
        assertThat(second.approval().displayName()).isEqualTo("tom");
        assertThat(second.evaluation().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.evaluation().filled()).extracting(FilledSlot::approverId).containsExactly("sam", "tom");
    }

    @Test
    void anonymousNoDecisionAndIneligibleAnswersDoNotCountAndNeverApprove() {
        JudgedAnswer anonymous = answers.gate(request, List.of(), null, Map.of("decision", "Approve", "comment", ""));
        assertThat(anonymous.refusedAs()).isEqualTo(JudgedAnswer.Refusal.ANONYMOUS);
        assertThat(anonymous.approval()).isNull();

        JudgedAnswer bareDeny = answers.gate(request, List.of(), SAM, "Deny");
        assertThat(bareDeny.refusedAs()).isEqualTo(JudgedAnswer.Refusal.NO_DECISION);
        assertThat(bareDeny.refusal()).isEqualTo("'Deny' needs a reason: no decision");
        assertThat(answers.gate(request, List.of(), SAM, null).refusedAs()).isEqualTo(JudgedAnswer.Refusal.NO_DECISION);

        JudgedAnswer author = answers.gate(request, List.of(), ALICE, Map.of("decision", "Approve", "comment", "mine"));
        assertThat(author.counted()).isFalse();
        assertThat(author.refusedAs()).isEqualTo(JudgedAnswer.Refusal.NOT_ELIGIBLE);
        assertThat(author.refusal()).startsWith("self-approval: ");
        assertThat(author.approval()).isNotNull();
        assertThat(author.evaluation().status()).isEqualTo(ApprovalStatus.PENDING);

        JudgedAnswer outsider = answers.gate(request, List.of(), new Respondent("admin", null, List.of()), Map.of("decision", "Approve"));
        assertThat(outsider.refusal()).startsWith("not-in-group");
    }

    @Test
    void aDenialWithAReasonEndsTheRequest() {
        JudgedAnswer deny = answers.gate(request, List.of(), TOM, Map.of("decision", "deny", "comment", " capacity review first "));
        assertThat(deny.counted()).isTrue();
        assertThat(deny.approval().kind()).isEqualTo(ApprovalKind.DENY);
        assertThat(deny.approval().comment()).isEqualTo("capacity review first");
        assertThat(deny.evaluation().status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    void oneEligiblePersonDecidesAPausedCanaryAndEitherChoiceNeedsAReason() {
        JudgedAnswer promote = answers.decision(request, CANARY, SAM, Map.of("decision", "Promote", "reason", "p99 is flat"));
        assertThat(promote.counted()).isTrue();
        assertThat(promote.answer().is("Promote")).isTrue();
        assertThat(promote.answer().reason()).isEqualTo("p99 is flat");

        JudgedAnswer rollBack = answers.decision(request, CANARY, TOM, Map.of("decision", "Roll back", "reason", ""));
        assertThat(rollBack.refusedAs()).isEqualTo(JudgedAnswer.Refusal.NO_DECISION);
        assertThat(answers.decision(request, CANARY, TOM, "Promote").refusedAs()).isEqualTo(JudgedAnswer.Refusal.NO_DECISION);

        JudgedAnswer author = answers.decision(request, CANARY, ALICE, Map.of("decision", "Promote", "reason", "fine"));
        assertThat(author.refusal()).startsWith("self-approval");
    }

    @Test
    void aDecisionRequirementKeepsGroupsAndExclusionsWithItsOwnTimeoutAndNoBreakGlass() {
        ApprovalRequirement base = Fixtures.requirement(Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  breakGlass:
                    enabled: true
                    allowed: ["oncall-*"]
                """), HIGH, FP1);
        ApprovalRequirement decision = base.forDecision(java.time.Duration.ofMinutes(5));
        assertThat(decision.slots()).isEqualTo(base.slots());
        assertThat(decision.excluded()).isEqualTo(base.excluded());
        assertThat(decision.timeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(decision.breakGlass().enabled()).isFalse();
        assertThat(base.withTimeout(java.time.Duration.ofMinutes(7)).timeout()).isEqualTo(java.time.Duration.ofMinutes(7));
        assertThat(base.withTimeout(java.time.Duration.ofMinutes(7)).breakGlass()).isEqualTo(base.breakGlass());
    }
}
