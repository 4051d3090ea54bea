package io.jenkins.plugins.aigovernance.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.util.List;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.FileBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.StringBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.UsernamePasswordMultiBinding;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Which credentials-binding binding a credential gets, and under which variables:
 * secret text as {@code <PREFIX>_TOKEN}, username/password as {@code <PREFIX>_USERNAME} and
 * {@code <PREFIX>_PASSWORD}, a secret file as {@code <PREFIX>_FILE}.
 */
final class CredentialBindings {

    private CredentialBindings() {}

    /**
     * Finds a credential in the build's context (tracking its use) and returns its binding.
     *
     * @throws AbortException when the credential does not exist, the build may not use it, or its type is not supported
     */
    static MultiBinding<?> forCredential(Run<?, ?> run, String id, String prefix) throws AbortException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, List.of());
        if (c == null) {
            throw new AbortException(Messages.WithAiCredentialsStep_NotFound(id));
        }
        CredentialsProvider.track(run, c);
        if (c instanceof StringCredentials) {
            return new StringBinding(prefix + "_TOKEN", id);
        }
        if (c instanceof StandardUsernamePasswordCredentials) {
            return new UsernamePasswordMultiBinding(prefix + "_USERNAME", prefix + "_PASSWORD", id);
        }
        if (c instanceof FileCredentials) {
            return new FileBinding(prefix + "_FILE", id);
        }
        throw new AbortException(
                Messages.WithAiCredentialsStep_Unsupported(id, c.getClass().getSimpleName()));
    }
}
