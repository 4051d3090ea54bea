package io.jenkins.plugins.aigovernance.core.question;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.approval.ApprovalKind;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalQuestion;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every shape Jenkins' input step returns (map, bare value, null) and that none defaults to a decision. */
class QuestionTest {

    private static final Question GATE = ApprovalQuestion.of(true);
    private static final Question GATE_NO_BREAK_GLASS = ApprovalQuestion.of(false);
    private static final Question CANARY = Question.choose("decision", "reason", new Choice("Roll back", true), new Choice("Promote", true));
    private static final Question OVERRIDE = Question.reasonFor("override", "reason");

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anAnonymousAnswerIsNeverADecision() {
        Respondent tom = new Respondent("tom", null, java.util.List.of("team-leads"));
        assertThat(OVERRIDE.judge(null, "invoice rounding fix").isDecision()).isFalse();
        assertThat(OVERRIDE.judge(null, "invoice rounding fix").problem()).contains("anonymous");
        assertThat(OVERRIDE.judge(tom, "invoice rounding fix").reason()).isEqualTo("invoice rounding fix");
        assertThat(OVERRIDE.judge(tom, map("reason", "  ")).isDecision()).isFalse();
        assertThat(tom.displayName()).isEqualTo("tom");
        assertThatThrownBy(() -> new Respondent(" ", "x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapWithDecisionAndComment() {
        Answer a = GATE.judge(map("decision", "Approve", "comment", "  looks right "));
        assertThat(a.isDecision()).isTrue();
        assertThat(a.choice()).isEqualTo("Approve");
        assertThat(a.reason()).isEqualTo("looks right");
        assertThat(ApprovalQuestion.kindOf(a)).isEqualTo(ApprovalKind.APPROVE);
        assertThat(ApprovalQuestion.kindOf(GATE.judge(map("decision", "Deny", "comment", "wrong account")))).isEqualTo(ApprovalKind.DENY);
        assertThat(ApprovalQuestion.kindOf(GATE.judge(map("decision", "Break glass", "comment", "outage INC-7")))).isEqualTo(ApprovalKind.BREAK_GLASS);
        assertThat(GATE.judge(map("decision", "Approve", "comment", "")).reason()).isNull();
    }

    @Test
    void bareValueOfTheOnlyPostedParameter() {
        // REST: {"parameter":[{"name":"decision","value":"Deny"}]} -> the input returns "Deny" itself
        Answer deny = GATE.judge("Deny");
        assertThat(deny.isDecision()).isFalse();
        assertThat(deny.problem()).isEqualTo("'Deny' needs a reason: no decision");
        Answer approve = GATE.judge("Approve");
        assertThat(approve.isDecision()).isTrue();
        assertThat(approve.reason()).isNull();
        // a comment posted alone cannot be told from a missing decision
        Answer comment = GATE.judge("LGTM");
        assertThat(comment.isDecision()).isFalse();
        assertThat(comment.problem()).contains("'LGTM', which is none of Approve, Deny, Break glass").contains("'decision' parameter is missing");
        assertThat(GATE.judge("Break glass").isDecision()).isFalse();
    }

    @Test
    void nullIsNoDecision() {
        Answer a = GATE.judge(null);
        assertThat(a.isDecision()).isFalse();
        assertThat(a.problem()).contains("proceedEmpty");
        assertThat(CANARY.judge(null).isDecision()).isFalse();
        assertThat(OVERRIDE.judge(null).isDecision()).isFalse();
    }

    @Test
    void nothingDefaultsToApprove() {
        assertThat(GATE.judge(map()).problem()).isEqualTo("the answer has no 'decision' parameter: no decision");
        assertThat(GATE.judge(map("comment", "fine by me")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "", "comment", "x")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "   ")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "Approved")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "Break glass")).problem()).isEqualTo("'Break glass' needs a reason: no decision");
        assertThat(GATE.judge(map("decision", "Break glass", "comment", " \t ")).isDecision()).isFalse();
        assertThat(GATE_NO_BREAK_GLASS.judge(map("decision", "Break glass", "comment", "outage")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", true)).problem()).contains("not text");
        assertThat(GATE.judge(map("decision", "Approve", "comment", 42)).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "Approve", "approver", "mallory")).problem()).contains("unexpected parameter 'approver'");
        assertThat(GATE.judge(Boolean.TRUE).isDecision()).isFalse();
        assertThat(GATE.judge(new File("decision")).isDecision()).isFalse();
        assertThat(GATE.judge(List.of("Approve")).isDecision()).isFalse();
        assertThat(GATE.judge(map("decision", "Approve", "comment", "x".repeat(Question.MAX_REASON + 1))).isDecision()).isFalse();
    }

    @Test
    void choicesCompareIgnoringCaseAndCompatibilityForms() {
        assertThat(GATE.judge(map("decision", " deny ", "comment", "no")).choice()).isEqualTo("Deny");
        assertThat(GATE.judge(map("decision", "ＡＰＰＲＯＶＥ")).choice()).isEqualTo("Approve");
    }

    @Test
    void canaryNeverDefaultsToPromoteOrRollBack() {
        assertThat(CANARY.judge(map("decision", "Promote", "reason", "metrics fine")).is("Promote")).isTrue();
        assertThat(CANARY.judge(map("decision", "Roll back", "reason", "p99 up")).is("Roll back")).isTrue();
        assertThat(CANARY.judge("Promote").isDecision()).isFalse(); // no reason
        assertThat(CANARY.judge(map("reason", "looks ok")).isDecision()).isFalse();
        assertThat(CANARY.judge("looks ok").isDecision()).isFalse();
    }

    @Test
    void overrideIsTheReasonAloneInEveryShape() {
        assertThat(OVERRIDE.judge("hotfix approved by SRE").reason()).isEqualTo("hotfix approved by SRE");
        assertThat(OVERRIDE.judge(map("reason", "hotfix")).choice()).isEqualTo("override");
        assertThat(OVERRIDE.judge("   ").isDecision()).isFalse();
        assertThat(OVERRIDE.judge(map("reason", "")).isDecision()).isFalse();
        assertThat(OVERRIDE.judge(map()).isDecision()).isFalse();
        assertThat(OVERRIDE.judge(map("decision", "Approve")).isDecision()).isFalse();
    }

    @Test
    void malformedQuestionsAreRefused() {
        assertThatThrownBy(() -> new Question("d", List.of(), "r")).hasMessageContaining("at least one choice");
        assertThatThrownBy(() -> Question.choose("d", "r", new Choice("Yes", false), new Choice("yes", false))).hasMessageContaining("two choices");
        assertThatThrownBy(() -> Question.choose("d", "d", new Choice("Yes", false))).hasMessageContaining("must differ");
        assertThatThrownBy(() -> ApprovalQuestion.kindOf(GATE.judge(null))).hasMessageContaining("no decision");
    }

    /** Whatever text is posted alone, the gate approves only when it is "Approve" itself. */
    @Property
    void aBareValueApprovesOnlyWhenItSaysApprove(@ForAll String text) {
        Answer a = GATE.judge(text);
        if (a.isDecision()) {
            assertThat(a.choice()).isEqualTo("Approve");
            assertThat(java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).strip()).isEqualToIgnoringCase("approve");
        }
    }

    /** A map approves only with the decision Approve in the decision parameter. */
    @Property
    void aMapApprovesOnlyWithTheApproveChoice(@ForAll String decision, @ForAll String comment) {
        Answer a = GATE.judge(map("decision", decision, "comment", comment));
        if (a.isDecision() && a.is("Approve")) {
            assertThat(decision.strip()).isNotEmpty();
            assertThat(java.text.Normalizer.normalize(decision, java.text.Normalizer.Form.NFKC).strip()).isEqualToIgnoringCase("approve");
        }
    }
}
