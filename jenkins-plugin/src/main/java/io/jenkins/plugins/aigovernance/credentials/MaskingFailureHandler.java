package io.jenkins.plugins.aigovernance.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Functions;
import hudson.util.Secret;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Masks the bound secrets in a failure leaving the body, as credentials-binding's {@code BindingStep} does
 * with its {@code FailureHandler}: the console-log filter covers what the body prints, but the message of
 * an exception thrown in the body is printed again (and kept as the build's cause of failure) outside it.
 * A throwable whose printed form (message, causes, suppressed) matches the secrets' aggregate pattern is
 * replaced by a {@link MaskedException} with the masked message and the same stack trace, its causes and
 * suppressed throwables masked the same way; any other throwable passes unchanged.
 */
final class MaskingFailureHandler implements FailureHandler {

    private static final long serialVersionUID = 1L;

    private final Secret pattern;

    MaskingFailureHandler(Collection<String> secrets) {
        this.pattern = Secret.fromString(
                SecretPatterns.getAggregateSecretPattern(secrets).pattern());
    }

    @NonNull
    @Override
    public Throwable handle(@NonNull StepContext ctx, @NonNull Throwable t) {
        String p = Secret.toString(pattern);
        if (p.isEmpty()) {
            return t;
        }
        return mask(t, Pattern.compile(p), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable mask(Throwable t, Pattern secrets, Set<Throwable> visited) {
        if (!visited.add(t)) {
            return new MaskedException("(cycle in the causes)");
        }
        if (!secrets.matcher(Functions.printThrowable(t)).find()) {
            return t;
        }
        String message = Objects.requireNonNullElse(t.getMessage(), "");
        MaskedException masked = new MaskedException(secrets.matcher(message).replaceAll("****"));
        masked.setStackTrace(t.getStackTrace());
        if (t.getCause() != null) {
            masked.initCause(mask(t.getCause(), secrets, visited));
        }
        for (Throwable s : t.getSuppressed()) {
            masked.addSuppressed(mask(s, secrets, visited));
        }
        return masked;
    }

    /** A failure whose message had a bound secret in it, with the secret masked. */
    static final class MaskedException extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedException(String message) {
            super(message);
        }
    }
}
