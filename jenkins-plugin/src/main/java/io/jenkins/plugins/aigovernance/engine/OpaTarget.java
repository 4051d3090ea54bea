package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.scope.OpaServer;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One OPA server and Rego package a scope check asks, as it crosses the remoting channel to the agent
 * (the engine's {@link OpaServer} is not {@link Serializable}).
 *
 * @param url            the OPA server, e.g. {@code http://opa.internal:8181}
 * @param packagePath    the Rego package whose {@code deny} set is read, e.g. {@code ai_devops.scope}
 * @param timeoutSeconds how long to wait for OPA's answer
 */
@Restricted(NoExternalUse.class)
public record OpaTarget(String url, String packagePath, int timeoutSeconds) implements Serializable {

    /** The package asked when none is configured (the engine's, as {@code aigov scope --opa-package}). */
    public static final String DEFAULT_PACKAGE = OpaServer.DEFAULT_PACKAGE;

    /** The answer timeout when none is configured (the engine's). */
    public static final int DEFAULT_TIMEOUT_SECONDS = (int) OpaServer.DEFAULT_TIMEOUT.toSeconds();

    private static final long serialVersionUID = 1L;

    public OpaTarget {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be positive");
        }
    }

    /** The engine's server. */
    public OpaServer server() {
        return new OpaServer(url, packagePath, Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * The OPA servers one scope step asks, as the engine decides them ({@link OpaServer#forCheck}): the global
     * configuration's, always, and the step's, inheriting what it leaves out.
     *
     * @throws io.jenkins.plugins.aigovernance.core.document.InvalidInputException when the step names a package but no server is known
     */
    public static List<OpaTarget> forStep(
            @CheckForNull String url,
            @CheckForNull String pkg,
            @CheckForNull Integer timeoutSeconds,
            AiGovernanceConfiguration config) {
        OpaServer global = config.getOpaUrl() == null
                ? null
                : new OpaServer(
                        config.getOpaUrl(),
                        config.getOpaPackage(),
                        config.getOpaTimeoutSeconds() == null
                                ? null
                                : Duration.ofSeconds(config.getOpaTimeoutSeconds()));
        return OpaServer.forCheck(global, url, pkg, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds))
                .stream()
                .map(s -> new OpaTarget(
                        s.url(), s.packagePath(), (int) Math.max(1, s.timeout().toSeconds())))
                .toList();
    }
}
