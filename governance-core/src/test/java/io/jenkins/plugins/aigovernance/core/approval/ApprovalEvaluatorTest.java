package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP2;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.approve;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.CRITICAL;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.LOW;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalEvaluatorTest {

    private static final GovernancePolicy DEFAULTS = Fixtures.LOADER.defaults();

    private static ApprovalEvaluation evaluate(ApprovalRequirement req, int atMinute, Approval... decisions) {
        ApprovalRequest r = ApprovalRequest.open(req, T0);
        Clock c = Clock.fixed(T0.plusSeconds(60L * atMinute), ZoneOffset.UTC);
        return new ApprovalEvaluator(c).evaluate(r, List.of(decisions));
    }

    private static ApprovalRequirement high() {
        return Fixtures.requirement(DEFAULTS, HIGH, FP1);
    }

    @Test
    void defaultRequirementsFollowTheSeedMatrix() {
        assertThat(Fixtures.requirement(DEFAULTS, LOW, FP1).needsPeople()).isFalse();
        ApprovalRequirement medium = Fixtures.requirement(DEFAULTS, MEDIUM, FP1);
        assertThat(medium.needsPeople()).isFalse();
        assertThat(medium.automatedChecks()).isTrue();
        assertThat(high().slots()).containsExactly(new ApprovalSlot("senior-engineers", 1), new ApprovalSlot("team-leads", 1));
        assertThat(high().peopleRequired()).isEqualTo(2);
        assertThat(Fixtures.requirement(DEFAULTS, CRITICAL, FP1).slots()).extracting(ApprovalSlot::group)
                .containsExactly("cto", "security-team", "change-advisory-board");
        assertThat(high().timeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(high().breakGlass().enabled()).isFalse();
    }

    @Test
    void exclusionsNameAuthorCommitterRequesterInitiatorAndAiIdentities() {
        assertThat(high().excluded()).extracting(ExcludedIdentity::identity, ExcludedIdentity::kind).contains(
                org.assertj.core.groups.Tuple.tuple("alice@corp.example", ExclusionKind.AUTHOR),
                org.assertj.core.groups.Tuple.tuple("ci@corp.example", ExclusionKind.COMMITTER),
                org.assertj.core.groups.Tuple.tuple("bob@corp.example", ExclusionKind.REQUESTER),
                org.assertj.core.groups.Tuple.tuple("carol-initiator", ExclusionKind.INITIATOR),
                org.assertj.core.groups.Tuple.tuple("claude-code", ExclusionKind.AI_IDENTITY));
        // the agent catalogue's identities are excluded in every spelling, whatever the policy lists
        assertThat(high().exclusionOf("someone", "noreply@anthropic.com").kind()).isEqualTo(ExclusionKind.AI_IDENTITY);
    }

    @Test
    void lowChangeNeedsNobodyButADenialStillStopsIt() {
        ApprovalRequirement low = Fixtures.requirement(DEFAULTS, LOW, FP1);
        assertThat(evaluate(low, 1).status()).isEqualTo(ApprovalStatus.APPROVED);
        ApprovalEvaluation denied = evaluate(low, 2, Approval.deny("erin", null, FP1, LOW, T0.plusSeconds(60), "wrong branch"));
        assertThat(denied.status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    void selfApprovalIsRefusedEvenFromAGroupMember() {
        ApprovalEvaluation e = evaluate(high(), 5,
                Approval.approve("alice", "ALICE@corp.example", List.of("senior-engineers"), FP1, HIGH, T0.plusSeconds(60)),
                approve("alice", FP1, HIGH, 2, "team-leads"), // id alone matches the author's email local part
                approve("carol-initiator", FP1, HIGH, 3, "team-leads"),
                Approval.approve("bob", "Bob@Corp.Example", List.of("team-leads"), FP1, HIGH, T0.plusSeconds(240)));
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.filled()).isEmpty();
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsOnly(RefusalReason.SELF_APPROVAL).hasSize(4);
        assertThat(e.refused().get(0).detail()).contains("author of 3f2a1c0d9e8b");
    }

    @Test
    void aiIdentityIsRefused() {
        ApprovalEvaluation e = evaluate(high(), 5,
                Approval.approve("claude[bot]", "noreply@anthropic.com", List.of("senior-engineers"), FP1, HIGH, T0.plusSeconds(60)),
                Approval.approve("copilot-swe-agent[bot]", null, List.of("team-leads"), FP1, HIGH, T0.plusSeconds(120)));
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.AI_IDENTITY, RefusalReason.AI_IDENTITY);
        assertThat(e.satisfied()).isFalse();
    }

    @Test
    void samePersonTwiceCountsOnce() {
        ApprovalEvaluation e = evaluate(high(), 5,
                approve("dave", FP1, HIGH, 1, "senior-engineers", "team-leads"),
                approve("dave", FP1, HIGH, 2, "senior-engineers", "team-leads"),
                Approval.approve("DAVE-2", "Dave@corp.example", List.of("team-leads"), FP1, HIGH, T0.plusSeconds(180)));
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.filled()).hasSize(1);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsOnly(RefusalReason.DUPLICATE_PERSON).hasSize(2);
        assertThat(e.open()).singleElement().satisfies(o -> assertThat(o.missing()).isEqualTo(1));
    }

    @Test
    void highChangeWithOnlySeniorsWaitsForALead() {
        Approval s1 = approve("sam", FP1, HIGH, 1, "senior-engineers");
        Approval s2 = approve("sue", FP1, HIGH, 2, "senior-engineers");
        ApprovalEvaluation pending = evaluate(high(), 5, s1, s2);
        assertThat(pending.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(pending.open()).singleElement().satisfies(o -> {
            assertThat(o.group()).isEqualTo("team-leads");
            assertThat(o.notFrom()).contains("alice@corp.example (author)", "sam (already counted)");
        });
        ApprovalEvaluation done = evaluate(high(), 6, s1, s2, approve("lee", FP1, HIGH, 3, "team-leads"));
        assertThat(done.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(done.satisfied()).isTrue();
        assertThat(done.filled()).extracting(FilledSlot::group, FilledSlot::approverId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("senior-engineers", "sam"), org.assertj.core.groups.Tuple.tuple("team-leads", "lee"));
    }

    @Test
    void aPersonInBothGroupsIsReseatedSoTheMostSlotsFill() {
        // pat could fill either slot; taking senior first would leave sid (senior only) without a place
        ApprovalEvaluation e = evaluate(high(), 5, approve("pat", FP1, HIGH, 1, "team-leads", "senior-engineers"),
                approve("sid", FP1, HIGH, 2, "senior-engineers"));
        assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.filled()).extracting(FilledSlot::approverId).containsExactlyInAnyOrder("pat", "sid");
    }

    @Test
    void approvalsFromBeforeANewCommitDoNotCount() {
        ApprovalRequirement moved = Fixtures.requirement(DEFAULTS, HIGH, FP2);
        ApprovalEvaluation e = evaluate(moved, 5, approve("sam", FP1, HIGH, 1, "senior-engineers"), approve("lee", FP1, HIGH, 2, "team-leads"));
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsOnly(RefusalReason.WRONG_FINGERPRINT);
    }

    @Test
    void tierEscalationAfterApprovalReopensTheRequest() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  tiers:
                    CRITICAL:
                      slots: [{group: senior-engineers}, {group: team-leads}]
                """);
        Approval s = approve("sam", FP1, HIGH, 1, "senior-engineers");
        Approval l = approve("lee", FP1, HIGH, 2, "team-leads");
        assertThat(evaluate(Fixtures.requirement(p, HIGH, FP1), 5, s, l).status()).isEqualTo(ApprovalStatus.APPROVED);
        ApprovalEvaluation escalated = evaluate(Fixtures.requirement(p, CRITICAL, FP1), 5, s, l);
        assertThat(escalated.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(escalated.refused()).extracting(RefusedApproval::reason).containsOnly(RefusalReason.STALE_TIER);
        ApprovalEvaluation again = evaluate(Fixtures.requirement(p, CRITICAL, FP1), 9, s, l, approve("sam", FP1, CRITICAL, 6, "senior-engineers"),
                approve("lee", FP1, CRITICAL, 7, "team-leads"));
        assertThat(again.status()).isEqualTo(ApprovalStatus.APPROVED);
        // approvals that saw a higher tier still count when the tier falls
        assertThat(evaluate(Fixtures.requirement(p, HIGH, FP1), 9, approve("sam", FP1, CRITICAL, 6, "senior-engineers"),
                approve("lee", FP1, CRITICAL, 7, "team-leads")).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aDenialEndsTheRequestWithItsReason() {
        Approval no = Approval.deny("lee", "lee@corp.example", FP1, HIGH, T0.plusSeconds(120), "touches the payments schema without a migration plan");
        ApprovalEvaluation e = evaluate(high(), 10, approve("sam", FP1, HIGH, 1, "senior-engineers"), no,
                approve("lou", FP1, HIGH, 3, "team-leads"));
        assertThat(e.status()).isEqualTo(ApprovalStatus.DENIED);
        assertThat(e.satisfied()).isFalse();
        assertThat(e.denial().comment()).isEqualTo("touches the payments schema without a migration plan");
        assertThatThrownBy(() -> Approval.deny("lee", null, FP1, HIGH, T0, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        // a denial of an earlier version of the change does not end the new request
        assertThat(evaluate(Fixtures.requirement(DEFAULTS, HIGH, FP2), 10,
                Approval.deny("lee", null, FP1, HIGH, T0.plusSeconds(60), "no")).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void timeoutExpiresTheRequest() {
        Approval s = approve("sam", FP1, HIGH, 10, "senior-engineers");
        Approval lateLead = approve("lee", FP1, HIGH, 61, "team-leads");
        assertThat(evaluate(high(), 59, s).status()).isEqualTo(ApprovalStatus.PENDING);
        ApprovalEvaluation expired = evaluate(high(), 62, s, lateLead);
        assertThat(expired.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(expired.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
        assertThat(expired.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.AFTER_EXPIRY);
        // approved in time stays approved when looked at later
        assertThat(evaluate(high(), 500, s, approve("lee", FP1, HIGH, 59, "team-leads")).status()).isEqualTo(ApprovalStatus.APPROVED);
        // decisions dated after the evaluation time do not count
        assertThat(evaluate(high(), 20, s, approve("lee", FP1, HIGH, 30, "team-leads")).refused()).extracting(RefusedApproval::reason)
                .containsExactly(RefusalReason.IN_THE_FUTURE);
    }

    @Test
    void perTierTimeoutFromThePolicy() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  timeoutMinutes: 120
                  tiers:
                    CRITICAL: {timeoutMinutes: 15}
                """);
        assertThat(Fixtures.requirement(p, CRITICAL, FP1).timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Fixtures.requirement(p, CRITICAL, FP1).slots()).hasSize(3); // slots kept from the built-in policy
        assertThat(Fixtures.requirement(p, HIGH, FP1).timeout()).isEqualTo(Duration.ofMinutes(120));
    }

    @Test
    void groupMembershipIsJudgedAsHeldAtApprovalTime() {
        ApprovalEvaluation e = evaluate(high(), 10,
                approve("sam", FP1, HIGH, 1, "senior-engineers"),
                approve("lee", FP1, HIGH, 2, "developers"),
                approve("root", FP1, HIGH, 3, "administrators", "jenkins-admins"));
        assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(e.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.NOT_IN_GROUP, RefusalReason.NOT_IN_GROUP);
        // lee's approval counts as given: he held team-leads then, whatever he holds now
        assertThat(evaluate(high(), 10, approve("sam", FP1, HIGH, 1, "senior-engineers"), approve("lee", FP1, HIGH, 2, "team-leads")).status())
                .isEqualTo(ApprovalStatus.APPROVED);
        // group names compare exactly: Team-Leads is another group than team-leads in most realms
        assertThat(evaluate(high(), 10, approve("sam", FP1, HIGH, 1, "senior-engineers"), approve("lee", FP1, HIGH, 2, "Team-Leads")).status())
                .isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void breakGlassOnlyWhenEnabledNamedAndReasoned() {
        Approval bg = Approval.breakGlass("oncall-olga", "olga@corp.example", FP1, HIGH, T0.plusSeconds(60), "SEV1: checkout down, fix forward");
        ApprovalEvaluation disabled = evaluate(high(), 5, bg);
        assertThat(disabled.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(disabled.refused()).extracting(RefusedApproval::reason).containsExactly(RefusalReason.BREAK_GLASS_DISABLED);

        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  breakGlass: {enabled: true, allowed: ["oncall-*", "alice"]}
                """);
        ApprovalRequirement req = Fixtures.requirement(p, HIGH, FP1);
        ApprovalEvaluation used = evaluate(req, 5, bg);
        assertThat(used.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(used.breakGlass()).isTrue();
        assertThat(evaluate(req, 5, Approval.breakGlass("root", null, FP1, HIGH, T0.plusSeconds(60), "admin")).refused())
                .extracting(RefusedApproval::reason).containsExactly(RefusalReason.BREAK_GLASS_NOT_ALLOWED);
        // allowed, but the author of the change: separation of duties still applies
        assertThat(evaluate(req, 5, Approval.breakGlass("alice", null, FP1, HIGH, T0.plusSeconds(60), "mine")).refused())
                .extracting(RefusedApproval::reason).containsExactly(RefusalReason.SELF_APPROVAL);
        assertThatThrownBy(() -> Approval.breakGlass("oncall-olga", null, FP1, HIGH, T0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  breakGlass: {enabled: true}
                """)).hasMessageContaining("names nobody");
    }

    @Test
    void breakGlassAndApprovalsCountOnlyForTheEnvironmentTheyWereGivenFor() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  breakGlass: {enabled: true, allowed: ["oncall-*"]}
                """);
        ApprovalRequirement prod = Fixtures.requirement(p, HIGH, FP1).forEnvironment("production");
        Approval bg = Approval.breakGlass("oncall-olga", "olga@corp.example", FP1, HIGH, T0.plusSeconds(60), "SEV1: staging down");
        // break-glass pulled for staging does not open production
        ApprovalEvaluation replayed = evaluate(prod, 5, bg.forEnvironment("staging"));
        assertThat(replayed.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(replayed.environment()).isEqualTo("production");
        assertThat(replayed.refused()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.WRONG_ENVIRONMENT);
            assertThat(r.detail()).contains("given for environment staging, not production");
        });
        assertThat(evaluate(prod, 5, bg.forEnvironment("production")).status()).isEqualTo(ApprovalStatus.APPROVED);
        // a record without an environment (as written before decisions named one) counts only where none is named
        assertThat(evaluate(prod, 5, bg).refused()).singleElement().satisfies(r -> assertThat(r.detail())
                .contains("written before approvals named theirs").contains("approve again for production"));
        assertThat(evaluate(prod.forEnvironment(null), 5, bg).status()).isEqualTo(ApprovalStatus.APPROVED);
        // an approval for another environment takes nothing back; a denial for any environment stops the change
        Approval sam = approve("sam", FP1, HIGH, 1, "senior-engineers").forEnvironment("production");
        Approval lee = approve("lee", FP1, HIGH, 2, "team-leads").forEnvironment("production");
        Approval samStaging = approve("sam", FP1, HIGH, 3, "qa").forEnvironment("staging");
        assertThat(evaluate(prod, 5, sam, lee, samStaging).status()).isEqualTo(ApprovalStatus.APPROVED);
        Approval denyStaging = Approval.deny("dana", null, FP1, HIGH, T0.plusSeconds(240), "breaks staging").forEnvironment("staging");
        assertThat(evaluate(prod, 5, sam, lee, denyStaging).status()).isEqualTo(ApprovalStatus.DENIED);
        assertThatThrownBy(() -> sam.forEnvironment(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyExclusionsAreRefused() {
        GovernancePolicy p = Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  exclusions: [{identity: "*@contractor.example", reason: contractors may not approve production changes}]
                """);
        ApprovalEvaluation e = evaluate(Fixtures.requirement(p, HIGH, FP1), 5,
                Approval.approve("xavier", "xavier@contractor.example", List.of("team-leads"), FP1, HIGH, T0.plusSeconds(60)));
        assertThat(e.refused()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.EXCLUDED);
            assertThat(r.detail()).contains("contractors may not approve");
        });
    }

    @Test
    void evaluationAndApprovalsHaveAStableJsonForm() throws Exception {
        ObjectMapper json = JsonDocuments.newMapper();
        Approval a = approve("sam", FP1, HIGH, 1, "senior-engineers");
        assertThat(json.readValue(json.writeValueAsString(a), Approval.class)).isEqualTo(a);
        JsonNode doc = json.readTree(json.writeValueAsString(evaluate(high(), 5, a)));
        assertThat(doc.get("status").asText()).isEqualTo("pending");
        assertThat(doc.get("tier").asText()).isEqualTo("HIGH");
        assertThat(doc.get("filled").get(0).get("group").asText()).isEqualTo("senior-engineers");
        assertThat(doc.get("open").get(0).get("group").asText()).isEqualTo("team-leads");
        assertThat(json.readTree("{\"kind\":\"deny\",\"approverId\":\"x\",\"fingerprint\":\"" + FP1 + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + T0 + "\"}")
                .get("kind").asText()).isEqualTo("deny");
        assertThatThrownBy(() -> json.readValue("{\"kind\":\"deny\",\"approverId\":\"x\",\"fingerprint\":\"" + FP1
                + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + T0 + "\"}", Approval.class)).hasMessageContaining("reason");
        ApprovalRequest r = ApprovalRequest.open(high(), T0);
        assertThat(json.readValue(json.writeValueAsString(r), ApprovalRequest.class)).isEqualTo(r);
    }

    @Test
    void policyValidationReportsBadApprovalSections() {
        assertThatThrownBy(() -> Fixtures.policy("""
                apiVersion: ai-governance/v1
                approval:
                  tiers:
                    high: {slots: [{group: x}]}
                    HIGH: {slots: [{group: y, count: 0}]}
                notifications:
                  endpoints: [{name: slack, urlEnv: "https://hooks.slack.com/services/T/B/SECRET"}]
                """)).hasMessageContaining("tier keys are LOW, MEDIUM, HIGH or CRITICAL")
                .hasMessageContaining("count must be between 1")
                .hasMessageContaining("urlEnv names an environment variable");
        RiskTier unused = null;
        assertThat(unused).isNull();
    }
}
