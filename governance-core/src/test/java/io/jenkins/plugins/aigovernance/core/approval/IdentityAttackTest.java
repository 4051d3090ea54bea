package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red team: one person in many spellings, or an AI identity under its bare name, tries to approve a
 * HIGH change (one senior engineer and one team lead, two distinct people). The change is authored
 * by {@code alice@corp.example}, requested by {@code bob@corp.example}, started by the initiator
 * {@code carol}, co-written by Claude. Nothing may get through.
 */
class IdentityAttackTest {

    private static final GovernancePolicy DEFAULTS = Fixtures.LOADER.defaults();

    private static ApprovalRequirement high() {
        return ApprovalRequirements.forChange(Fixtures.context(DEFAULTS), Fixtures.risk(HIGH, FP1), "carol");
    }

    private static ApprovalEvaluation evaluate(Approval... approvals) {
        ApprovalRequest r = ApprovalRequest.open(high(), T0);
        return new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).evaluate(r, List.of(approvals));
    }

    private static Approval senior(String id, String email, int minute) {
        return Approval.approve(id, email, List.of("senior-engineers"), FP1, HIGH, T0.plusSeconds(60L * minute));
    }

    private static Approval lead(String id, String email, int minute) {
        return Approval.approve(id, email, List.of("team-leads"), FP1, HIGH, T0.plusSeconds(60L * minute));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sam|sam@corp.example", "sam|Sam+ops@corp.example", "Sam|SAM", "sam|s\u200Bam", "sam|ｓａｍ",
            "sam|98765+sam@users.noreply.github.com", "sam@corp.example|sam+release@corp.example", "sam|\u0455am", // Cyrillic dze
            "dan|d\u0430n", "rnike|mike",
            // wrappings and separators (red team, third landing)
            "sam|\"sam\"@corp.example", "sam|corp\\sam", "sam|mailto:sam@corp.example", "sam|sam.", "sam|s_am", "sam@corp.example|sam@corp.example."})
    void onePersonInTwoSpellingsFillsOneSlotOnly(String pair) {
        String[] p = pair.split("\\|");
        ApprovalEvaluation e = evaluate(senior(p[0], null, 1), lead(p[1], null, 2));
        assertThat(e.status()).as(pair).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.filled()).as(pair).hasSize(1);
        assertThat(e.refused()).as(pair).extracting(RefusedApproval::reason).containsExactly(RefusalReason.DUPLICATE_PERSON);
        // the same attempt with the spelling as email of the second approval
        ApprovalEvaluation viaEmail = evaluate(senior(p[0], null, 1), lead("someone-else", p[1].contains("@") ? p[1] : null, 2));
        if (p[1].contains("@")) {
            assertThat(viaEmail.status()).as(pair).isNotEqualTo(ApprovalStatus.APPROVED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"carol", "carol@corp.example", "Carol+x@corp.example", "CAROL", "c\u0430rol", "carol\u200D"})
    void theInitiatorNeverApproves(String spelling) {
        ApprovalEvaluation e = evaluate(senior(spelling, null, 1), lead("dave", "dave@corp.example", 2));
        assertThat(e.satisfied()).as(spelling).isFalse();
        assertThat(e.refused()).as(spelling).extracting(RefusedApproval::reason).containsExactly(RefusalReason.SELF_APPROVAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice+ops@corp.example", "ALICE@CORP.EXAMPLE", "al\u200Bice", "\u0430lice", "ａｌｉｃｅ", "al\u00ADice",
            "alice@corp.example\u200E", " alice ", "12345+alice@users.noreply.github.com", "bob", "Bob Jones <BOB@corp.example>",
            "\"alice\"@corp.example", "CORP\\alice", "mailto:alice@corp.example", "alice.", "alice@corp.example.", "a.lice", "a_lice"})
    void authorsAndRequestersNeverApprove(String spelling) {
        ApprovalEvaluation e = evaluate(senior(spelling, null, 1), lead("dave", null, 2));
        assertThat(e.satisfied()).as(spelling).isFalse();
        assertThat(e.refused()).as(spelling).extracting(RefusedApproval::reason).containsExactly(RefusalReason.SELF_APPROVAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Claude", "claude[bot]", "copilot[bot]", "Copilot", "copilot-swe-agent", "devin", "Devin-AI-Integration[bot]",
            "factory-droid", "amp", "kiro", "openhands", "amazon-q-developer[bot]", "sweep-ai", "Cl\u0430ude", "CLAUDE-CODE", "goose",
            "claude_code", "claude.", "claude-bot", "claude-ai", "anthropic-claude", "\"claude\"", "CORP\\claude"})
    void aiIdentitiesNeverApproveUnderAnyName(String id) {
        ApprovalEvaluation e = evaluate(senior(id, null, 1), lead("dave", null, 2));
        assertThat(e.satisfied()).as(id).isFalse();
        assertThat(e.refused()).as(id).extracting(RefusedApproval::reason).containsExactly(RefusalReason.AI_IDENTITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noreply@anthropic.com", "amp@ampcode.com", "49699333+factory-droid[bot]@users.noreply.github.com",
            "openhands@all-hands.dev", "cursoragent@cursor.com", "198982749+Copilot@users.noreply.github.com",
            "noreply@anthropic.com.", "\"noreply\"@anthropic.com", "mailto:noreply@anthropic.com", "MAILTO:NoReply@Anthropic.com"})
    void aiEmailsNeverApprove(String email) {
        ApprovalEvaluation e = evaluate(senior("erin", email, 1), lead("dave", null, 2));
        assertThat(e.satisfied()).as(email).isFalse();
        assertThat(e.refused()).as(email).extracting(RefusedApproval::reason).containsExactly(RefusalReason.AI_IDENTITY);
    }

    @Test
    void twoDistinctPeopleStillApprove() {
        ApprovalEvaluation e = evaluate(senior("erin", "erin@corp.example", 1), lead("dave", "dave@corp.example", 2));
        assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.refused()).isEmpty();
    }

    @Test
    void policyExclusionGlobsSeeThroughSpellings() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  exclusions:
                    - { identity: "*@contractor.example", reason: contractors do not approve production }
                """);
        ApprovalRequirement req = ApprovalRequirements.forChange(Fixtures.context(p), Fixtures.risk(HIGH, FP1), "carol");
        for (String email : List.of("mallory@CONTRACTOR.example", "mallory@contractor.exampl\u0435", "mallory+x@contractor.example",
                "mallory@contractor\u200B.example")) {
            assertThat(req.exclusionOf("mallory", email)).as(email).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> aliceSpellings() {
        Arbitrary<String> zeroWidth = Arbitraries.of("", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E");
        return Arbitraries.strings().withChars("aAlLiIcCeE").ofLength(0).flatMap(ignored -> zeroWidth.list().ofSize(6).flatMap(zw ->
                Arbitraries.of("a", "A", "\u0430", "ａ").flatMap(a -> Arbitraries.of("l", "L", "ｌ").flatMap(l ->
                        Arbitraries.of("i", "I", "ｉ", "\u0456").flatMap(i -> Arbitraries.of("c", "C", "\u0441").flatMap(c ->
                                Arbitraries.of("e", "E", "\u0435").flatMap(e -> Arbitraries.of("", "+ops@corp.example", "@Corp.Example", "+a+b@corp.example")
                                        .map(tail -> zw.get(0) + a + zw.get(1) + l + zw.get(2) + i + zw.get(3) + c + zw.get(4) + e + zw.get(5) + tail))))))));
    }

    /** Whatever spelling of alice (case, zero-width, look-alikes, full-width, plus tags), the author never approves. */
    @Property(tries = 300)
    void theAuthorNeverApprovesInAnySpelling(@ForAll("aliceSpellings") String spelling) {
        assertThat(Identity.of(spelling).sameAs(Identity.of("alice@corp.example"))).as(spelling).isTrue();
        ApprovalEvaluation e = evaluate(senior(spelling, null, 1), lead("dave", null, 2));
        assertThat(e.satisfied()).as(spelling).isFalse();
    }

    /** N approvals in spellings of one person never count as more than one. */
    @Property(tries = 100)
    void spellingsOfOnePersonCountOnce(@ForAll("aliceSpellings") String first, @ForAll("aliceSpellings") String second) {
        List<Approval> approvals = new ArrayList<>();
        approvals.add(Approval.approve(first.replace("alice", "zed"), null, List.of("senior-engineers", "team-leads"), FP1, HIGH, T0));
        approvals.add(Approval.approve(second.replace("alice", "zed"), null, List.of("senior-engineers", "team-leads"), FP1, HIGH, T0.plusSeconds(1)));
        ApprovalEvaluation e = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
                .evaluate(ApprovalRequest.open(high(), T0), approvals);
        assertThat(e.satisfied()).isFalse();
    }

    /** git lets an author write any email: {@code bob <bob.other@mail.example>} does not leave the account bob free. */
    @ParameterizedTest
    @ValueSource(strings = {"bob", "Bob", "b\u043eb", "bob@corp.example"})
    void anApproverWhoseIdIsTheAuthorsDisplayNameIsTheAuthor(String approver) {
        CommitInfo c = new CommitInfo("4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d", "bob", "bob.other@mail.example", "bob", "bob.other@mail.example",
                T0.minusSeconds(60), "Add feature", 0);
        ChangeSet change = new ChangeSet("a".repeat(40), c.id(), List.of(FileChange.modified("src/App.java", 1, 0)), List.of(), List.of(c), List.of());
        ChangeContext context = new ChangeContext(change, FP1, Provenance.unknown("test"), DEFAULTS, null, "feature/x");
        ApprovalRequirement req = ApprovalRequirements.forChange(context, Fixtures.risk(HIGH, FP1), "carol");
        ApprovalEvaluation e = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
                .evaluate(ApprovalRequest.open(req, T0), List.of(senior(approver, null, 1), lead("dave", null, 2)));
        assertThat(e.satisfied()).as(approver).isFalse();
        assertThat(e.refused()).as(approver).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.SELF_APPROVAL);
            assertThat(r.detail()).contains("author of 4e5d6c7b8a9f");
        });
    }

    @Test
    void theFixtureAuthorsDisplayNameIsRefusedToo() {
        ApprovalEvaluation e = evaluate(senior("Alice Smith", null, 1), lead("dave", null, 2));
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.SELF_APPROVAL);
    }

    /** The ideographic full stop separates domain labels (RFC 3490 section 3.1): {@code corp。example} is corp.example. */
    @ParameterizedTest
    @ValueSource(strings = {"alice@corp\u3002example", "alice@corp\uFF61example", "alice@corp\uFE12example", "alice@corp\uFF0Eexample"})
    void theAuthorWithADotLookAlikeInTheEmailDomainIsTheAuthor(String email) {
        assertThat(Identity.of(email).keys()).as(email).contains(Identity.fold("alice@corp.example"));
        ApprovalEvaluation e = evaluate(senior("someone", email, 1), lead("dave", null, 2));
        assertThat(e.satisfied()).as(email).isFalse();
        assertThat(e.refused()).as(email).extracting(RefusedApproval::reason).containsExactly(RefusalReason.SELF_APPROVAL);
    }

    @Test
    void aPolicyExclusionGlobSeesThroughADotLookAlike() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  exclusions:
                    - { identity: "*@contractor.example", reason: contractors do not approve production }
                """);
        ApprovalRequirement req = ApprovalRequirements.forChange(Fixtures.context(p), Fixtures.risk(HIGH, FP1), "carol");
        assertThat(req.exclusionOf("mallory", "mallory@contractor\u3002example")).isNotNull();
    }

    /** docs/approvals.md: a person's latest answer counts, so a later answer that does not count takes back an approval. */
    @Test
    void aLaterAnswerOutsideTheGroupTakesBackThePersonsApproval() {
        Approval later = Approval.approve("sam", null, List.of("contractors"), FP1, HIGH, T0.plusSeconds(180));
        ApprovalEvaluation e = evaluate(senior("sam", null, 1), lead("dave", null, 2), later);
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.filled()).extracting(FilledSlot::approverId).containsExactly("dave");
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactlyInAnyOrder(RefusalReason.DUPLICATE_PERSON,
                RefusalReason.NOT_IN_GROUP);
        assertThat(e.refused()).filteredOn(r -> r.reason() == RefusalReason.DUPLICATE_PERSON).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("answered again later").contains("only a person's latest answer counts"));
    }

    @Test
    void aLaterAnswerUnderAnotherSpellingAtAStaleTierTakesBackTheApproval() {
        Approval later = Approval.approve("Sam", "sam@corp.example", List.of("senior-engineers"), FP1, RiskTier.LOW, T0.plusSeconds(180));
        ApprovalEvaluation e = evaluate(senior("sam", null, 1), lead("dave", null, 2), later);
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactlyInAnyOrder(RefusalReason.DUPLICATE_PERSON,
                RefusalReason.STALE_TIER);
    }

    @Test
    void aLaterDenialTakesBackThePersonsApprovalAndDenies() {
        Approval deny = Approval.deny("sam", null, FP1, HIGH, T0.plusSeconds(180), "found a problem");
        ApprovalEvaluation e = evaluate(senior("sam", null, 1), lead("dave", null, 2), deny);
        assertThat(e.status()).isEqualTo(ApprovalStatus.DENIED);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.DUPLICATE_PERSON);
    }

    @Test
    void anEarlierAnswerOutsideTheGroupDoesNotCancelALaterApproval() {
        Approval earlier = Approval.approve("sam", null, List.of("contractors"), FP1, HIGH, T0.plusSeconds(30));
        ApprovalEvaluation e = evaluate(earlier, senior("sam", null, 1), lead("dave", null, 2));
        assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.NOT_IN_GROUP);
    }

    @Test
    void anAnswerAboutAnotherChangeDoesNotCancelAnApproval() {
        Approval other = Approval.approve("sam", null, List.of(), Fixtures.FP2, HIGH, T0.plusSeconds(180));
        ApprovalEvaluation e = evaluate(senior("sam", null, 1), lead("dave", null, 2), other);
        assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.WRONG_FINGERPRINT);
    }

    /** Realms treat Admins and admins as two groups: a member of one must not fill the other's slot. */
    @ParameterizedTest
    @ValueSource(strings = {"Senior-Engineers", "SENIOR-ENGINEERS", "senior-engineers ", " senior-engineers", "senior\u2010engineers",
            "senior-engineer\u0455"})
    void groupNamesCompareExactly(String group) {
        Approval a = Approval.approve("erin", null, List.of(group), FP1, HIGH, T0.plusSeconds(60));
        ApprovalEvaluation e = evaluate(a, lead("dave", null, 2));
        assertThat(e.status()).as(group).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.refused()).as(group).extracting(RefusedApproval::reason).containsExactly(RefusalReason.NOT_IN_GROUP);
    }
}

