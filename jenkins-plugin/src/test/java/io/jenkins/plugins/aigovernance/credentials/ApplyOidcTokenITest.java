package io.jenkins.plugins.aigovernance.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.htmlunit.Page;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ApplyOidcTokenITest {

    private static final String AUDIENCE = "sts.amazonaws.com";

    /** An EC P-256 key as PEM (PKCS#8 private key and its public key) in a credential of the given scope. */
    private static void addSigningKey(JenkinsRule j, CredentialsScope scope) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        CredentialsProvider.lookupStores(j.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                scope, "oidc-key", "apply-token signing key", Secret.fromString(pem)));
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setOidcSigningKeyCredentialsId("oidc-key");
        config.setOidcAudience(AUDIENCE);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    private static String fetch(JenkinsRule j, String relative) throws Exception {
        // anonymously: clouds fetch the issuer's documents without credentials
        Page page = j.createWebClient().goTo(relative, "application/json");
        return page.getWebResponse().getContentAsString();
    }

    private static int status(JenkinsRule j, String relative) throws Exception {
        return j.createWebClient()
                .withThrowExceptionOnFailingStatusCode(false)
                .goTo(relative, null)
                .getWebResponse()
                .getStatusCode();
    }

    @Test
    void approvedChangeGetsAMaskedTokenThatVerifiesAgainstThePublishedKeys(JenkinsRule j) throws Exception {
        Approvers.install(j);
        addSigningKey(j, CredentialsScope.SYSTEM);
        WorkflowJob job = GovernedRepo.job(j, "oidc", """
            node { aiRiskScore(environment: 'production') }
            aiApprovalGate()
            node {
              withAiCredentials(oidcToken: true, ttlMinutes: 15, environment: 'production') {
                echo "token=${env.AI_APPLY_OIDC_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
                writeFile file: 'apply.jwt', text: env.AI_APPLY_OIDC_TOKEN
              }
            }
            """);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.answer(input, "sam", "Approve", "");
        Approvers.answer(Approvers.nextInput(run, input), "tom", "Approve", "");
        j.assertBuildStatusSuccess(j.waitForCompletion(run));

        String token = j.jenkins.getWorkspaceFor(job).child("apply.jwt").readToString();
        j.assertLogContains("token=**** allowed=true", run);
        j.assertLogContains("minted AI_APPLY_OIDC_TOKEN for audience sts.amazonaws.com", run);
        j.assertLogNotContains(token, run);

        String issuer = j.getURL() + "ai-governance-oidc";
        JSONObject discovery = JSONObject.fromObject(fetch(j, "ai-governance-oidc/.well-known/openid-configuration"));
        assertThat(discovery.getString("issuer"), is(issuer));
        assertThat(discovery.getString("jwks_uri"), is(issuer + "/jwks"));
        String jwks = fetch(j, "ai-governance-oidc/jwks");
        assertThat(jwks, not(containsString("\"d\"")));
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key)), is(true));

        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer(), is(issuer));
        assertThat(claims.getSubject(), is("oidc#1"));
        assertThat(claims.getAudience(), is(List.of(AUDIENCE)));
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime(), is(15 * 60 * 1000L));
        assertThat(claims.getStringClaim("tier"), is(action.getTier()));
        assertThat(claims.getStringListClaim("approvers"), containsInAnyOrder("sam", "tom"));
        assertThat(claims.getStringClaim("fingerprint"), is(action.getFingerprint()));
        assertThat(claims.getIntegerClaim("blast_radius"), is(action.getBlastRadius()));
        assertThat(claims.getStringClaim("environment"), is("production"));

        GovernanceRecord bound = action.recordsOf(RecordKind.CREDENTIALS).get(0);
        assertThat(bound.getOutcome(), is("plan-and-apply"));
        assertThat(((Map<?, ?>) bound.getDocument().get("oidcToken")).get("jwtId"), is(claims.getJWTID()));
        assertThat(bound.getDocumentJson(), not(containsString(token)));
        assertThat(
                j.getJSON(run.getUrl() + "ai-governance/api/json")
                        .getJSONObject()
                        .toString(),
                not(containsString(token)));
    }

    @Test
    void aStagingApprovalMintsNoTokenForProductionAndTheStagingTokenClaimsStaging(JenkinsRule j) throws Exception {
        addSigningKey(j, CredentialsScope.SYSTEM);
        WorkflowJob job = GovernedRepo.job(j, "staging-token", """
            node {
              aiRiskScore(environment: 'staging')
              aiApprovalGate()
              withAiCredentials(oidcToken: true, environment: 'production') {
                echo "production token=${env.AI_APPLY_OIDC_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
              withAiCredentials(oidcToken: true) {
                echo "unnamed token=${env.AI_APPLY_OIDC_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
              withAiCredentials(oidcToken: true, environment: 'staging') {
                writeFile file: 'staging.jwt', text: env.AI_APPLY_OIDC_TOKEN
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("production token=null allowed=false", run);
        j.assertLogContains(
                "apply credentials NOT bound: the approval was for environment staging, but this apply is for production",
                run);
        j.assertLogContains("unnamed token=null allowed=false", run);
        String token = j.jenkins.getWorkspaceFor(job).child("staging.jwt").readToString();
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(fetch(j, "ai-governance-oidc/jwks"))
                .getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key)), is(true));
        assertThat(jwt.getJWTClaimsSet().getStringClaim("environment"), is("staging"));
        JSONObject discovery = JSONObject.fromObject(fetch(j, "ai-governance-oidc/.well-known/openid-configuration"));
        assertThat(discovery.getJSONArray("claims_supported").contains("environment"), is(true));
        List<GovernanceRecord> bindings =
                run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.CREDENTIALS);
        assertThat(bindings.get(0).getOutcome(), is("plan-only"));
        assertThat(bindings.get(0).getDocument().get("oidcToken"), is((Object) null));
        assertThat(((Map<?, ?>) bindings.get(4).getDocument().get("oidcToken")).get("environment"), is("staging"));
    }

    @Test
    void withoutApprovalNoTokenIsMinted(JenkinsRule j) throws Exception {
        addSigningKey(j, CredentialsScope.SYSTEM);
        WorkflowJob job = GovernedRepo.job(j, "unapproved", """
            node {
              aiRiskScore()
              withAiCredentials(oidcToken: true) {
                echo "token=${env.AI_APPLY_OIDC_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("apply credentials NOT bound: this build holds no approval", run);
        j.assertLogContains("token=null allowed=false", run);
        j.assertLogNotContains("minted", run);
        GovernanceRecord bound = run.getAction(GovernanceRunAction.class)
                .recordsOf(RecordKind.CREDENTIALS)
                .get(0);
        assertThat(bound.getOutcome(), is("plan-only"));
    }

    @Test
    void aSigningKeyBuildsCouldReadIsRefused(JenkinsRule j) throws Exception {
        addSigningKey(j, CredentialsScope.GLOBAL);
        WorkflowJob job = GovernedRepo.job(j, "global-key", """
            withAiCredentials(oidcToken: true) { echo 'never' }
            """);

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("must have System scope", run);
        j.assertLogNotContains("never", run);
        assertThat(status(j, "ai-governance-oidc/jwks"), is(404));
    }

    @Test
    void withoutASigningKeyTheStepFailsAndNothingIsPublished(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "no-key", """
            withAiCredentials(oidcToken: true, oidcAudience: 'sts.amazonaws.com') { echo 'never' }
            """);

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("oidcToken needs an apply-token signing key", run);
        assertThat(status(j, "ai-governance-oidc/jwks"), is(404));
        assertThat(status(j, "ai-governance-oidc/.well-known/openid-configuration"), is(404));
    }
}
