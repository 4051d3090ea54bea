package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApplyToken;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRefusedException;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenSigningKey;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts to apply to one environment with the approval of another (red team: apply credentials and apply tokens
 * were bound to the fingerprint, the status and staleness, but not to the environment). Every approval here is the
 * engine's evaluation of real decisions on a real git change, under a policy whose bar is higher for production
 * (two people, one of them from the change advisory board; three for eu-1) than for staging (one person): an approval met for staging,
 * for no environment or for a look-alike name must never bind production's apply side, whatever the spelling on
 * either side. Rule: {@code ApplyCheck}, {@code EnvironmentPolicy.approvalCovers}, docs/steps.md "Environment binding".
 */
class ApplyEnvironmentAttackTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String CYRILLIC_PROD = "\u0440rod";
    private static final String FULL_WIDTH_PROD = "\uff50\uff52\uff4f\uff44";
    private static final String ZERO_WIDTH_PROD = "pro\u200bd";

    @TempDir
    Path dir;

    private GitFixture git;
    private Path policy;
    private final GovernanceEngine engine = new GovernanceEngine(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void aChangeToTheApp() throws Exception {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# app\n").commit("Initial commit", GitFixture.HUMAN);
        git.write("app/service.py", "print('v2')\n").commit("Ship v2", GitFixture.HUMAN);
        // staging needs one person; production (and every name not classified as non-production) two, one from the
        // CAB; eu-1, by a rule of its own, three
        policy = Files.writeString(dir.resolve("policy.yml"), """
                apiVersion: ai-governance/v1
                risk:
                  defaultTier: LOW
                  rules:
                    - id: app-in-production
                      tier: HIGH
                      reason: The app in production
                      match: {paths: ["app/**"]}
                      when: {environments: ["production"]}
                    - id: app-in-eu-1
                      tier: CRITICAL
                      reason: The app in eu-1
                      match: {paths: ["app/**"]}
                      when: {environments: ["prod-eu1"]}
                approval:
                  tiers:
                    LOW: {slots: [{group: ops, count: 1}]}
                    MEDIUM: {slots: [{group: ops, count: 1}]}
                    HIGH: {slots: [{group: ops, count: 1}, {group: cab, count: 1}]}
                    CRITICAL: {slots: [{group: ops, count: 1}, {group: cab, count: 1}, {group: cto, count: 1}]}
                """);
    }

    @AfterEach
    void close() {
        git.close();
    }

    private ChangeRequest change(String environment) {
        return new ChangeRequest(git.directory(), "HEAD~1", "HEAD", null, null, policy, environment, null);
    }

    private ApprovalRequirement requirement(String environment) {
        ChangeContext ctx = engine.analyze(change(environment));
        return engine.approvalRequirement(ctx, engine.assessRisk(ctx), null, List.of());
    }

    /** The engine's evaluation of a request for {@code environment} with every slot filled by a distinct person. */
    private ApprovalEvaluation approvedFor(String environment) {
        ApprovalRequirement req = requirement(environment);
        ApprovalRequest request = engine.openApproval(req, Duration.ofMinutes(30));
        ApprovalEvaluation e = engine.evaluateApproval(request, decisions(req, req.environment()));
        assertThat(e.status()).as("approved for " + environment).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.environment()).isEqualTo(environment);
        return e;
    }

    private static List<Approval> decisions(ApprovalRequirement req, String environment) {
        return req.slots().stream()
                .flatMap(s -> IntStream.range(0, s.count()).mapToObj(i -> Approval.approve(s.group() + "-" + i, s.group() + i + "@corp.example",
                        List.of(s.group()), req.fingerprint(), req.tier(), NOW).forEnvironment(environment)))
                .toList();
    }

    private ApplyCheck apply(ApprovalEvaluation approval, String environment) {
        return engine.mayApply(approval, engine.fingerprint(change(null)), environment);
    }

    private void refused(ApprovalEvaluation approval, String environment, String... why) {
        ApplyCheck check = apply(approval, environment);
        assertThat(check.allowed()).as("apply to " + environment + " with the approval for " + approval.environment()).isFalse();
        assertThat(check.refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
        assertThat(check.environment()).isEqualTo(environment);
        assertThat(check.whyNot()).contains(why);
    }

    private void allowed(ApprovalEvaluation approval, String environment) {
        ApplyCheck check = apply(approval, environment);
        assertThat(check.allowed()).as("apply to " + environment + " with the approval for " + approval.environment() + ": " + check.whyNot())
                .isTrue();
        assertThat(check.refusal()).isNull();
    }

    @Test
    void theBarIsHigherForProductionThanForStaging() {
        assertThat(requirement("staging").peopleRequired()).isEqualTo(1);
        for (String prod : List.of("prod", "production", "Prod", FULL_WIDTH_PROD, ZERO_WIDTH_PROD, CYRILLIC_PROD)) {
            assertThat(requirement(prod).peopleRequired()).as(prod).isEqualTo(2);
        }
        assertThat(requirement("prod-eu1").peopleRequired()).isEqualTo(3);
        // the staging approval does not satisfy a production request either (approvals are bound by the approval engine)
        ApprovalRequirement staging = requirement("staging");
        ApprovalRequest prodRequest = engine.openApproval(requirement("prod"), Duration.ofMinutes(30));
        assertThat(engine.evaluateApproval(prodRequest, decisions(staging, "staging")).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aStagingApprovalNeverAppliesToProduction() {
        ApprovalEvaluation staging = approvedFor("staging");

        allowed(staging, "staging");
        refused(staging, "prod", "the approval was for environment staging, but this apply is for prod",
                "an approval counts only for the environment it was given for", "approve the change for prod before applying it there");
        refused(staging, "production", "but this apply is for production");
        // an apply that names no environment is production
        refused(staging, null, "the approval was for environment staging, but this apply names no environment",
                "an unnamed environment is production", "name the environment the apply is for, staging");
    }

    @Test
    void noSpellingOfProductionPassesWithAStagingApproval() {
        ApprovalEvaluation staging = approvedFor("staging");

        for (String prod : List.of("Prod", "PROD", "PRODUCTION", FULL_WIDTH_PROD, "\uff30\uff32\uff2f\uff24", ZERO_WIDTH_PROD, CYRILLIC_PROD,
                " prod ", "prod\u00ad")) {
            refused(staging, prod, "the approval was for environment staging");
        }
        // invisible characters are shown, so the message never reads "prod, but this apply is for prod"
        assertThat(apply(staging, ZERO_WIDTH_PROD).whyNot()).contains("pro\\u{200B}d");
        assertThat(apply(staging, CYRILLIC_PROD).whyNot()).contains("\\u{0440}rod");
    }

    @Test
    void spellingsOfTheApprovedNameAreOneNameButOnlyPlainOrExactSpellingsApply() {
        ApprovalEvaluation prod = approvedFor("prod");
        // case: one name, and a glob ignores case, so the bar is the same
        allowed(prod, "prod");
        allowed(prod, "Prod");
        allowed(prod, "PROD");
        // full-width and zero-width spellings are the same name (prod), but a policy glob can match such a spelling as
        // written: the apply must spell it as the approval did or plainly
        refused(prod, FULL_WIDTH_PROD, "the same name (prod)", "name the environment exactly as the approval did (prod)");
        refused(prod, ZERO_WIDTH_PROD, "the same name (prod)");
        // a look-alike letter makes another name, in both directions
        refused(prod, CYRILLIC_PROD, "the two names only look alike", "they are different names");
        refused(approvedFor(CYRILLIC_PROD), "prod", "the two names only look alike");

        // the other direction: an approval for another ASCII case binds the plain name; one for an unusual spelling binds
        // only that spelling (a nonProduction glob can match the unusual spelling and not the plain one, so its bar may
        // have been lower: EnvironmentBindingPropertyTest)
        ApprovalEvaluation upper = approvedFor("Prod");
        assertThat(upper.peopleRequired()).isEqualTo(2);
        allowed(upper, "prod");
        for (String spelling : List.of(FULL_WIDTH_PROD, ZERO_WIDTH_PROD)) {
            ApprovalEvaluation odd = approvedFor(spelling);
            assertThat(odd.peopleRequired()).isEqualTo(2);
            refused(odd, "prod", "the same name (prod)", "or name it plainly (prod) in both and approve again");
            allowed(odd, spelling);
        }
    }

    @Test
    void spellingsOfStagingDoNotSneakAroundTheBindingEither() {
        ApprovalEvaluation fullWidthStaging = approvedFor("\uff53\uff54\uff41\uff47\uff49\uff4e\uff47");
        assertThat(fullWidthStaging.peopleRequired()).as("full-width staging is staging").isEqualTo(1);
        refused(fullWidthStaging, "staging", "the same name (staging)");
        allowed(fullWidthStaging, "\uff53\uff54\uff41\uff47\uff49\uff4e\uff47");
        refused(fullWidthStaging, "prod", "but this apply is for prod");
        refused(fullWidthStaging, FULL_WIDTH_PROD, "but this apply is for");

        ApprovalEvaluation staging = approvedFor("staging");
        // Cyrillic s: another name (and not classified as staging, so judged as production: its bar is higher)
        assertThat(requirement("\u0455taging").peopleRequired()).isEqualTo(2);
        refused(staging, "\u0455taging", "the two names only look alike");
        refused(staging, "stag\u200bing", "the same name (staging)");
    }

    @Test
    void lookAlikeNamesWithDifferentBarsAreDifferentNames() {
        // prod-eul and prod-eu1 fold to one look-alike skeleton (1 and l), but only prod-eu1 meets the eu-1 rule
        ApprovalEvaluation eul = approvedFor("prod-eul");
        assertThat(eul.peopleRequired()).isEqualTo(2);
        assertThat(requirement("prod-eu1").peopleRequired()).isEqualTo(3);

        refused(eul, "prod-eu1", "the approval was for environment prod-eul, but this apply is for prod-eu1", "only look alike");
    }

    @Test
    void anApprovalForNoEnvironmentAppliesOnlyWhereNoneIsNamed() {
        ApprovalEvaluation none = approvedFor(null);
        // judged as production, but without the rules the policy has for a named environment such as prod-eu1
        assertThat(none.peopleRequired()).isEqualTo(2);
        assertThat(requirement("prod-eu1").peopleRequired()).isEqualTo(3);

        allowed(none, null);
        refused(none, "prod-eu1", "this apply is for environment prod-eu1, but the approval named no environment",
                "name the environment, prod-eu1, where the change is approved as well as where it is applied");
        refused(none, "staging", "the approval named no environment");
        refused(none, "prod", "the approval named no environment");

        // and a named approval never covers an apply that names none, even production's
        refused(approvedFor("prod"), null, "this apply names no environment");
        // blank is no name, on either side
        allowed(none, " ");
        // a name of invisible characters only names nothing
        ApplyCheck invisible = apply(none, "\u200b");
        assertThat(invisible.allowed()).isFalse();
        assertThat(invisible.refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
    }

    @Test
    void theEnvironmentIsCheckedAfterTheApprovalTheChangeAndStaleness() {
        ApprovalEvaluation staging = approvedFor("staging");

        assertThat(engine.mayApply(null, engine.fingerprint(change(null)), "prod").refusal()).isEqualTo(ApplyCheck.Refusal.NO_APPROVAL);
        assertThat(engine.mayApply(staging, null, "prod").refusal()).isEqualTo(ApplyCheck.Refusal.CHANGE_UNKNOWN);
        ApplyCheck stale = new GovernanceEngine(Clock.fixed(NOW.plus(Duration.ofMinutes(31)), ZoneOffset.UTC))
                .mayApply(staging, engine.fingerprint(change(null)), "prod");
        assertThat(stale.refusal()).isEqualTo(ApplyCheck.Refusal.STALE);
        git.write("app/service.py", "print('v3')\n").commit("Sneak in v3", GitFixture.HUMAN);
        assertThat(engine.mayApply(staging, engine.fingerprint(new ChangeRequest(git.directory(), "HEAD~2", "HEAD", null, null, policy, null,
                null)), "prod").refusal()).isEqualTo(ApplyCheck.Refusal.MOVED);
    }

    // ---- apply tokens: minted through the apply check, carrying the approved environment as a claim

    private static final String ISSUER = "https://jenkins.example.com/ai-governance-oidc";

    private static ApplyTokenRequest tokenRequest(String environment) {
        return new ApplyTokenRequest(ISSUER, "payments/deploy#42", "sts.amazonaws.com", Duration.ofMinutes(15), 40, environment);
    }

    private static ApplyTokenIssuer issuer() throws Exception {
        ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
        return new ApplyTokenIssuer(ApplyTokenSigningKey.parse("oidc-key", jwk.toJSONString()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SignedJWT verified(ApplyTokenIssuer issuer, ApplyToken token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token.token());
        ECKey published = (ECKey) JWKSet.parse(issuer.key().publicJwks()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
        return jwt;
    }

    @Test
    void noTokenForProductionFromAStagingApproval() throws Exception {
        ApplyTokenIssuer issuer = issuer();
        ApprovalEvaluation staging = approvedFor("staging");
        var now = engine.fingerprint(change(null));

        for (String prod : List.of("prod", "Prod", FULL_WIDTH_PROD, ZERO_WIDTH_PROD, CYRILLIC_PROD)) {
            assertThatThrownBy(() -> engine.applyToken(issuer, tokenRequest(prod), staging, now)).as(prod)
                    .isInstanceOf(ApplyTokenRefusedException.class)
                    .hasMessageContaining("no apply token: the approval was for environment staging");
        }
        // an apply that names no environment (production) gets none either
        assertThatThrownBy(() -> engine.applyToken(issuer, tokenRequest(null), staging, now)).isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("this apply names no environment");
        // and the issuer itself refuses, for a caller that skips the engine's check
        assertThatThrownBy(() -> issuer.issue(tokenRequest("prod"), staging, now)).isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("the approval is for environment staging, but the token is asked for prod");
        assertThatThrownBy(() -> issuer.issue(tokenRequest(null), staging, now)).isInstanceOf(ApplyTokenRefusedException.class);
        // a stale approval mints nothing through the engine
        assertThatThrownBy(() -> new GovernanceEngine(Clock.fixed(NOW.plus(Duration.ofMinutes(31)), ZoneOffset.UTC))
                .applyToken(issuer, tokenRequest("staging"), staging, now)).isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("went stale");
    }

    @Test
    void aStagingTokenClaimsStagingAndCannotBeMadeToClaimProduction() throws Exception {
        ApplyTokenIssuer issuer = issuer();
        ApplyToken token = engine.applyToken(issuer, tokenRequest("staging"), approvedFor("staging"), engine.fingerprint(change(null)));

        SignedJWT jwt = verified(issuer, token);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("environment")).isEqualTo("staging");
        assertThat(token.environment()).isEqualTo("staging");

        // a relying party pinning environment == prod refuses it; rewriting the claim breaks the signature
        String[] parts = token.token().split("\\.");
        String claims = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"environment\":\"staging\"");
        String forged = parts[0] + "." + Base64URL.encode(claims.replace("\"environment\":\"staging\"", "\"environment\":\"prod\"")) + "."
                + parts[2];
        SignedJWT forgedJwt = SignedJWT.parse(forged);
        assertThat(forgedJwt.getJWTClaimsSet().getStringClaim("environment")).isEqualTo("prod");
        ECKey published = (ECKey) JWKSet.parse(issuer.key().publicJwks()).getKeyByKeyId(forgedJwt.getHeader().getKeyID());
        assertThat(forgedJwt.verify(new ECDSAVerifier(published))).isFalse();
    }

    @Test
    void theClaimIsTheCanonicalNameOfAPlainSpellingSoATrustConditionComparesOneSpelling() throws Exception {
        ApplyTokenIssuer issuer = issuer();
        var now = engine.fingerprint(change(null));
        for (String spelling : List.of("prod", "Prod", "PROD", " prod ")) {
            ApplyToken token = engine.applyToken(issuer, tokenRequest(spelling), approvedFor(spelling), now);
            assertThat(verified(issuer, token).getJWTClaimsSet().getStringClaim("environment")).as(spelling).isEqualTo("prod");
        }
        // another spelling of the name may have met another bar (ApplyBindingRedTeamTest): it keeps its own characters,
        // so a condition pinned to prod refuses it
        for (String spelling : List.of(FULL_WIDTH_PROD, ZERO_WIDTH_PROD)) {
            ApplyToken token = engine.applyToken(issuer, tokenRequest(spelling), approvedFor(spelling), now);
            assertThat(verified(issuer, token).getJWTClaimsSet().getStringClaim("environment")).as(spelling).isEqualTo(spelling)
                    .isNotEqualTo("prod");
        }
        // a look-alike name keeps its own letters: a condition pinned to prod refuses it
        ApplyToken cyrillic = engine.applyToken(issuer, tokenRequest(CYRILLIC_PROD), approvedFor(CYRILLIC_PROD), now);
        assertThat(verified(issuer, cyrillic).getJWTClaimsSet().getStringClaim("environment")).isEqualTo(CYRILLIC_PROD).isNotEqualTo("prod");
        // no environment named on either side: no claim
        ApplyToken unnamed = engine.applyToken(issuer, tokenRequest(null), approvedFor(null), now);
        assertThat(verified(issuer, unnamed).getJWTClaimsSet().getClaims()).doesNotContainKey("environment");
        assertThat(unnamed.environment()).isNull();
    }
}
