package io.jenkins.plugins.aigovernance.facade;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.scope.OpaClient;
import io.jenkins.plugins.aigovernance.core.scope.OpaScopeCheck;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One OPA server and Rego package a scope check asks (through the engine's {@link OpaScopeCheck}).
 *
 * @param url            the OPA server, e.g. {@code http://opa.internal:8181}
 * @param packagePath    the Rego package whose {@code deny} set is read, e.g. {@code ai_devops.scope}
 * @param timeoutSeconds how long to wait for OPA's answer
 */
@Restricted(NoExternalUse.class)
public record OpaTarget(String url, String packagePath, int timeoutSeconds) implements Serializable {

    /** The package asked when none is configured (as {@code aigov scope --opa-package}). */
    public static final String DEFAULT_PACKAGE = "ai_devops.scope";

    /** The answer timeout when none is configured. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    /** The longest a connection may take (or the answer timeout, when shorter). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final long serialVersionUID = 1L;

    public OpaTarget {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be positive");
        }
    }

    /** The engine's check for this server and package; a bad URL or package is an {@link InvalidInputException}. */
    public OpaScopeCheck check() {
        URI server;
        try {
            server = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(url, "not a URL of an OPA server", e);
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Duration connect = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
        return new OpaScopeCheck(new OpaClient(server, connect, timeout), packagePath);
    }
}
