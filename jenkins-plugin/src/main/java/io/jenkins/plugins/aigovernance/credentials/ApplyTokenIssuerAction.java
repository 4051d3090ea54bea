package io.jenkins.plugins.aigovernance.credentials;

import hudson.Extension;
import hudson.model.InvisibleAction;
import hudson.model.UnprotectedRootAction;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.OidcSigningKey;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenSigningKey;
import io.jenkins.plugins.aigovernance.engine.Documents;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Publishes what a cloud needs to trust apply tokens, without authentication (clouds fetch it
 * anonymously): {@code JENKINS_URL/ai-governance-oidc/.well-known/openid-configuration} and the
 * public keys at {@code JENKINS_URL/ai-governance-oidc/jwks} (only {@code kty}, the public key
 * parameters, {@code kid}, {@code alg}, {@code use}). Nothing is served (404) while no signing key
 * is configured; no discovery document while the Jenkins URL is not https (http to the loopback
 * address is served, for tests).
 */
@Restricted(NoExternalUse.class)
@Extension
public class ApplyTokenIssuerAction extends InvisibleAction implements UnprotectedRootAction {

    static final String WELL_KNOWN = "/.well-known/openid-configuration";

    private static final Logger LOGGER = Logger.getLogger(ApplyTokenIssuerAction.class.getName());

    @Override
    public String getUrlName() {
        return OidcSigningKey.URL_NAME;
    }

    /** {@code GET …/ai-governance-oidc/jwks}: the public JWK set. */
    public void doJwks(StaplerResponse2 rsp) throws IOException {
        ApplyTokenSigningKey key = key(rsp);
        if (key != null) {
            send(rsp, Documents.toJson(key.publicJwks()));
        }
    }

    /** {@code GET …/ai-governance-oidc/.well-known/openid-configuration}: the discovery document. */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        if (!WELL_KNOWN.equals(req.getRestOfPath())) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ApplyTokenSigningKey key = key(rsp);
        String issuer = OidcSigningKey.issuerUrl();
        if (key == null) {
            return;
        }
        if (issuer == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "the Jenkins URL is not configured");
            return;
        }
        ApplyTokenIssuer.IssuerCheck check = ApplyTokenIssuer.checkIssuer(issuer);
        if (!check.usable()) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND, check.problem());
            return;
        }
        send(rsp, Documents.toJson(new ApplyTokenIssuer(key, Clock.systemUTC()).openIdConfiguration(issuer)));
    }

    /** The configured key, or {@code null} after answering 404. */
    private static ApplyTokenSigningKey key(StaplerResponse2 rsp) throws IOException {
        ApplyTokenSigningKey key;
        try {
            key = OidcSigningKey.configured(AiGovernanceConfiguration.get());
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot publish the apply-token key: {0}", e.getMessage());
            key = null;
        }
        if (key == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "no apply-token signing key is configured");
        }
        return key;
    }

    private static void send(StaplerResponse2 rsp, String json) throws IOException {
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "public, max-age=300");
        rsp.getWriter().print(json);
    }
}
