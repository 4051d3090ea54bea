package io.jenkins.plugins.aigovernance.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.security.ACL;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenSigningKey;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The key apply tokens are signed with, read from the credential the global configuration names.
 * The credential must be System-scoped: a build can then never bind it (with {@code withCredentials}
 * or otherwise) and sign its own tokens. It is a secret file or secret text holding a PEM or JWK.
 */
@Restricted(NoExternalUse.class)
public final class OidcSigningKey {

    /** The root action's URL name; the issuer is {@code JENKINS_URL} followed by it. */
    public static final String URL_NAME = "ai-governance-oidc";

    private OidcSigningKey() {}

    /**
     * The configured key, or {@code null} when none is configured.
     *
     * @throws AbortException when a key is configured but cannot be used (the message says why)
     */
    @CheckForNull
    public static ApplyTokenSigningKey configured(@NonNull AiGovernanceConfiguration config) throws IOException {
        String id = config.getOidcSigningKeyCredentialsId();
        return id == null ? null : read(id);
    }

    /** Reads and checks the key in a System-scoped credential. */
    @NonNull
    static ApplyTokenSigningKey read(@NonNull String id) throws IOException {
        StandardCredentials c = CredentialsProvider.findCredentialByIdInItemGroup(
                id, StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        if (c == null) {
            throw new AbortException(Messages.OidcSigningKey_NotFound(id));
        }
        if (c.getScope() != CredentialsScope.SYSTEM) {
            throw new AbortException(Messages.OidcSigningKey_NotSystem(id));
        }
        String material;
        if (c instanceof StringCredentials s) {
            material = s.getSecret().getPlainText();
        } else if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                material = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            throw new AbortException(Messages.OidcSigningKey_Unsupported(id));
        }
        try {
            return ApplyTokenSigningKey.parse(id, material);
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.OidcSigningKey_Unusable(e.getMessage()));
        }
    }

    /** {@code JENKINS_URL/ai-governance-oidc}, or {@code null} when the Jenkins URL is unknown. */
    @CheckForNull
    public static String issuerUrl() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? null : root + URL_NAME;
    }
}
