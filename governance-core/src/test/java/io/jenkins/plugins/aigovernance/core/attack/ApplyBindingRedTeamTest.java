package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team of the apply binding (ApplyCheck, EnvironmentPolicy.approvalCovers, apply tokens' environment claim), on a
 * real git change under a real policy whose bar differs by spelling: {@code nonProduction: [ｐｅｒｆ]} (the example of
 * docs/steps.md "Environment binding": full-width perf is non-production, plain perf is production), a rule for
 * {@code "eu west"} (with a space; its canonical name is {@code euwest}) and rules whose globs match raw spellings
 * only ({@code prod?}, a Kelvin sign). Tests named {@code finding…} failed on the code they were written against (fixed since): each was an apply or a
 * token that gets through with a lower bar than the one it is used for. The other tests pass and document attacks that
 * did not get through.
 */
class ApplyBindingRedTeamTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String FULL_WIDTH_PERF = "\uff50\uff45\uff52\uff46";
    private static final String ISSUER = "https://jenkins.example.com/ai-governance-oidc";

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
        // production (every name not classified as non-production): two people; "eu west", "prod?" (a raw glob) and a
        // Kelvin-sign kube*: three; full-width perf is non-production: one
        policy = Files.writeString(dir.resolve("policy.yml"), """
                apiVersion: ai-governance/v1
                environments:
                  nonProduction: ["\uff50\uff45\uff52\uff46", "load-?*"]
                risk:
                  defaultTier: LOW
                  rules:
                    - id: app-in-production
                      tier: HIGH
                      reason: The app in production
                      match: {paths: ["app/**"]}
                      when: {environments: ["production"]}
                    - id: app-in-eu-west
                      tier: CRITICAL
                      reason: The app in eu west
                      match: {paths: ["app/**"]}
                      when: {environments: ["eu west", "prod?", "\u212aube*"]}
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

    private ApprovalEvaluation approvedFor(String environment) {
        return approvedFor(environment, engine);
    }

    /** The evaluation by {@code evaluator} of a request opened at NOW for {@code environment}, every slot filled at NOW. */
    private ApprovalEvaluation approvedFor(String environment, GovernanceEngine evaluator) {
        ApprovalRequirement req = requirement(environment);
        ApprovalRequest request = engine.openApproval(req, Duration.ofMinutes(30));
        List<Approval> decisions = req.slots().stream()
                .flatMap(s -> IntStream.range(0, s.count()).mapToObj(i -> Approval.approve(s.group() + "-" + i, s.group() + i + "@corp.example",
                        List.of(s.group()), req.fingerprint(), req.tier(), NOW).forEnvironment(req.environment())))
                .toList();
        ApprovalEvaluation e = evaluator.evaluateApproval(request, decisions);
        assertThat(e.status()).as("approved for " + environment).isEqualTo(ApprovalStatus.APPROVED);
        return e;
    }

    private ChangeFingerprint now() {
        return engine.fingerprint(change(null));
    }

    private static ApplyTokenRequest tokenRequest(String environment) {
        return new ApplyTokenRequest(ISSUER, "payments/deploy#42", "sts.amazonaws.com", Duration.ofMinutes(15), 40, environment);
    }

    private static ApplyTokenIssuer issuer(Clock clock) throws Exception {
        ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
        return new ApplyTokenIssuer(ApplyTokenSigningKey.parse("oidc-key", jwk.toJSONString()), clock);
    }

    private static String claim(ApplyToken token) throws Exception {
        return SignedJWT.parse(token.token()).getJWTClaimsSet().getStringClaim("environment");
    }

    @Test
    void theBarsDifferBySpelling() {
        assertThat(requirement(FULL_WIDTH_PERF).peopleRequired()).as("full-width perf is non-production").isEqualTo(1);
        assertThat(requirement("perf").peopleRequired()).as("plain perf is production").isEqualTo(2);
        assertThat(requirement("eu west").peopleRequired()).isEqualTo(3);
        assertThat(requirement("euwest").peopleRequired()).as("euwest, the canonical name of eu west").isEqualTo(2);
        assertThat(requirement("prod\u200b").peopleRequired()).as("prod? matches prod + zero-width space as written").isEqualTo(3);
        assertThat(requirement("prod").peopleRequired()).isEqualTo(2);
    }

    // ---- findings (failed before the fixes: the claim of an unusual spelling, staleness from the decisions, the issuer's own check)

    /**
     * FINDING 1. The token's {@code environment} claim is the canonical name, but the approval's bar was set for the
     * spelling. Under {@code nonProduction: [ｐｅｒｆ]} an approval for {@code ｐｅｒｆ} is judged non-production (one
     * person) and its token claims {@code environment: perf}, the very claim a token for the production {@code perf}
     * (two people) carries. The apply check refuses {@code ｐｅｒｆ}'s approval for an apply named {@code perf}, but a
     * cloud role for perf that requires {@code environment == 'perf'} (docs/steps.md: "a cloud role trusting the apply
     * token should require its environment claim") cannot tell the two tokens apart: the pipeline names
     * {@code ｐｅｒｆ} on both sides and gets perf's role with one approver.
     */
    @Test
    void findingATokenForTheNonProductionSpellingClaimsTheProductionName() throws Exception {
        ApplyTokenIssuer issuer = issuer(Clock.fixed(NOW, ZoneOffset.UTC));
        ApprovalEvaluation oddPerf = approvedFor(FULL_WIDTH_PERF);
        ApprovalEvaluation perf = approvedFor("perf");
        assertThat(oddPerf.peopleRequired()).isEqualTo(1);
        assertThat(perf.peopleRequired()).isEqualTo(2);

        String lowBar = claim(engine.applyToken(issuer, tokenRequest(FULL_WIDTH_PERF), oddPerf, now()));
        String highBar = claim(engine.applyToken(issuer, tokenRequest("perf"), perf, now()));

        assertThat(lowBar).as("claim of the one-person (non-production) token for %s vs the two-person token for perf", FULL_WIDTH_PERF)
                .isNotEqualTo(highBar);
    }

    /**
     * FINDING 1b. The same with a rule: {@code when.environments: ["eu west"]} raises the tier for the name with a space
     * (three people); {@code euwest} (its canonical name, spelled plainly) meets only the production rule (two). Both
     * tokens claim {@code euwest}.
     */
    @Test
    void findingATokenForTheLowerBarSpellingClaimsTheSameNameAsTheHigherBarOne() throws Exception {
        ApplyTokenIssuer issuer = issuer(Clock.fixed(NOW, ZoneOffset.UTC));
        ApprovalEvaluation plain = approvedFor("euwest");
        ApprovalEvaluation spaced = approvedFor("eu west");
        assertThat(plain.peopleRequired()).isEqualTo(2);
        assertThat(spaced.peopleRequired()).isEqualTo(3);

        String lowBar = claim(engine.applyToken(issuer, tokenRequest("euwest"), plain, now()));
        String highBar = claim(engine.applyToken(issuer, tokenRequest("eu west"), spaced, now()));

        assertThat(lowBar).as("claim of the two-person token for euwest vs the three-person token for 'eu west'").isNotEqualTo(highBar);
    }

    /**
     * FINDING 2. Staleness runs from the evaluation ({@code evaluatedAt}), not from when the approval was given: the
     * evaluator still says {@code approved} when it evaluates ten days after the request expired (the decisions were
     * in time), with {@code evaluatedAt} = now, so the apply check takes a ten-day-old approval as fresh. Any front end
     * that evaluates again later (the gate's expiry callback after a controller restart, a ledger read by the CLI)
     * restarts the staleness clock.
     */
    @Test
    void findingAnApprovalEvaluatedLateIsFreshAgain() {
        Instant later = NOW.plus(Duration.ofDays(10));
        GovernanceEngine lateEngine = new GovernanceEngine(Clock.fixed(later, ZoneOffset.UTC));
        ApprovalEvaluation late = approvedFor("staging", lateEngine);
        assertThat(late.openedAt()).isEqualTo(NOW);
        assertThat(late.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(late.filled()).allSatisfy(f -> assertThat(f.at()).isEqualTo(NOW));

        ApplyCheck check = new GovernanceEngine(Clock.fixed(later.plus(Duration.ofMinutes(1)), ZoneOffset.UTC))
                .mayApply(late, now(), "staging");

        assertThat(check.allowed()).as("apply with an approval given ten days ago (request timeout 30 minutes)").isFalse();
        assertThat(check.refusal()).isEqualTo(ApplyCheck.Refusal.STALE);
    }

    /**
     * FINDING 3 (defence in depth). {@code ApplyTokenIssuer.issue} checks status, fingerprint and environment again "for
     * a caller that skips the engine's check" (ApplyEnvironmentAttackTest), but not staleness: it mints for an approval
     * that went stale an hour ago.
     */
    @Test
    void findingTheIssuerAloneMintsForAStaleApproval() throws Exception {
        ApprovalEvaluation staging = approvedFor("staging");
        ApplyTokenIssuer lateIssuer = issuer(Clock.fixed(NOW.plus(Duration.ofMinutes(90)), ZoneOffset.UTC));
        assertThat(new GovernanceEngine(Clock.fixed(NOW.plus(Duration.ofMinutes(90)), ZoneOffset.UTC)).mayApply(staging, now(), "staging")
                .refusal()).isEqualTo(ApplyCheck.Refusal.STALE);

        assertThatThrownBy(() -> lateIssuer.issue(tokenRequest("staging"), staging, now())).as("a token for a stale approval")
                .isInstanceOf(ApplyTokenRefusedException.class);
    }

    // ---- attacks that did not get through (pass)

    /**
     * Every pair of spellings (whitespace around and inside, tab, NBSP, U+2028, combining marks, ligature, circled and
     * superscript letters, Kelvin sign, long s, dotless ı, Turkish İ, ß, Greek sigmas, ASCII case, full width, raw-only
     * globs): when an approval for one covers an apply to the other, the other's bar (tier, people) is not higher, and the
     * tokens claim the same name. Held for every pair.
     */
    @Test
    void noCoveredSpellingHasAHigherBar() {
        List<String> spellings = List.of("prod", "Prod", "PROD", " prod", "prod\t", "\tPROD ", "prod\u00a0", "prod\u2028", "prod\u0085",
                "pro\u0301d", "pr\u00f3d", "\uff50\uff52\uff4f\uff44", "\u24dfrod", "\u1d56rod", "prod\u200b", "perf", "PERF", FULL_WIDTH_PERF,
                "euwest", "EuWest", "eu west", "eu\u00a0west", "eu\twest", "\ufb01x", "fix", "FIX", "\u212aube", "kube", "KUBE",
                "\u017ftaging", "staging", "STAGING", "stag\u0131ng", "STAG\u0130NG", "stra\u00dfe", "strasse", "STRA\u1e9eE",
                "prod\u03c3", "prod\u03c2", "PROD\u03a3", "PROD\u03c3", "load-eu", "LOAD-EU", "load-\u212au");
        ChangeFingerprint now = now();
        Map<String, ApprovalEvaluation> approvals = new LinkedHashMap<>();
        Map<String, ApprovalRequirement> bars = new LinkedHashMap<>();
        for (String s : spellings) {
            approvals.put(s, approvedFor(s));
            bars.put(s, requirement(s));
        }
        List<String> covered = new ArrayList<>();
        for (String a : spellings) {
            for (String b : spellings) {
                ApplyCheck check = engine.mayApply(approvals.get(a), now, b);
                if (!check.allowed()) {
                    assertThat(check.refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
                    continue;
                }
                covered.add(a + " -> " + b);
                assertThat(bars.get(b).tier()).as("%s covers %s", a, b).isLessThanOrEqualTo(bars.get(a).tier());
                assertThat(bars.get(b).peopleRequired()).as("%s covers %s", a, b).isLessThanOrEqualTo(bars.get(a).peopleRequired());
            }
        }
        // the covered pairs are exact (trimmed) spellings and ASCII case of plain ones, nothing else
        assertThat(covered).contains("prod -> PROD", " prod -> prod\t", "\tPROD  -> Prod", "euwest -> EuWest", "strasse -> strasse",
                "prod\u03c3 -> PROD\u03c3", "load-eu -> LOAD-EU");
        assertThat(covered).doesNotContain("prod -> prod\u00a0", "prod -> prod\u200b", "euwest -> eu west", "eu west -> euwest",
                "fix -> \ufb01x", "kube -> \u212aube", "staging -> \u017ftaging", "strasse -> stra\u00dfe", "prod\u03c3 -> prod\u03c2",
                FULL_WIDTH_PERF + " -> perf", "perf -> " + FULL_WIDTH_PERF, "load-eu -> load-\u212au");
    }

    /** Staleness at the edge: at exactly one timeout after the evaluation the apply is still allowed; one second later not. */
    @Test
    void stalenessEdge() {
        ApprovalEvaluation staging = approvedFor("staging");
        Instant staleAt = NOW.plus(Duration.ofMinutes(30));
        assertThat(new GovernanceEngine(Clock.fixed(staleAt, ZoneOffset.UTC)).mayApply(staging, now(), "staging").allowed()).isTrue();
        assertThat(new GovernanceEngine(Clock.fixed(staleAt.plusSeconds(1), ZoneOffset.UTC)).mayApply(staging, now(), "staging").refusal())
                .isEqualTo(ApplyCheck.Refusal.STALE);
    }

    /**
     * An approval whose environment was read from the change's paths (none named): it is for {@code production} as the
     * detector names it, with the bar of a request naming {@code production}; it covers an apply named
     * {@code production} (or another ASCII case) only, not one naming none or {@code prod}.
     */
    @Test
    void anEnvironmentReadFromTheChangeBindsAsIfNamed() throws Exception {
        git.write("env/prod-eu/main.tf", "# eu\n").commit("Touch prod-eu", GitFixture.HUMAN);
        ApprovalEvaluation read = approvedFor(null);
        assertThat(read.environment()).isEqualTo("production");
        assertThat(requirement(null).tier()).isEqualTo(requirement("production").tier());
        ChangeFingerprint now = now();
        assertThat(engine.mayApply(read, now, "production").allowed()).isTrue();
        assertThat(engine.mayApply(read, now, "PRODUCTION").allowed()).isTrue();
        assertThat(engine.mayApply(read, now, null).refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
        assertThat(engine.mayApply(read, now, "prod").refusal()).isEqualTo(ApplyCheck.Refusal.ENVIRONMENT);
    }
}
