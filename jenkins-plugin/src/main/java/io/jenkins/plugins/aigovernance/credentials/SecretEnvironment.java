package io.jenkins.plugins.aigovernance.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.util.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * Adds the bound variables to the body's environment; the secret ones are kept encrypted in the
 * program state and reported as sensitive (so {@code sh} warns about Groovy interpolation of them).
 */
final class SecretEnvironment extends EnvironmentExpander {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, Secret> secrets = new HashMap<>();
    private final HashMap<String, String> publicValues;

    SecretEnvironment(Map<String, String> secretValues, Map<String, String> publicValues) {
        secretValues.forEach((k, v) -> secrets.put(k, Secret.fromString(v)));
        this.publicValues = new HashMap<>(publicValues);
    }

    @Override
    public void expand(@NonNull EnvVars env) {
        secrets.forEach((k, v) -> env.override(k, v.getPlainText()));
        publicValues.forEach(env::override);
    }

    @NonNull
    @Override
    public Set<String> getSensitiveVariables() {
        return Set.copyOf(secrets.keySet());
    }
}
