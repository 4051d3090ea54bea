package io.jenkins.plugins.aigovernance.credentials;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks the bound secrets in the body's log with credentials-binding's patterns (the literal value
 * and the shell-quoted and Base64 forms the registered pattern factories derive from it).
 */
final class MaskingFilter extends ConsoleLogFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Secret pattern;
    private final String charsetName;

    MaskingFilter(Collection<String> secrets, String charsetName) {
        this.pattern = Secret.fromString(
                SecretPatterns.getAggregateSecretPattern(secrets).pattern());
        this.charsetName = charsetName;
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(
                logger, () -> Pattern.compile(pattern.getPlainText()), charsetName);
    }
}
