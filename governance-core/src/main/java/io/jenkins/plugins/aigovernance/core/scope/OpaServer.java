package io.jenkins.plugins.aigovernance.core.scope;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One OPA server and Rego package a scope check asks, with how long to wait.
 *
 * @param url         the OPA server, e.g. {@code http://opa.internal:8181}
 * @param packagePath the Rego package whose {@code deny} set is read, e.g. {@code ai_devops.scope}
 * @param timeout        how long to wait for OPA's answer (positive; default {@link #DEFAULT_TIMEOUT})
 * @param connectTimeout how long a connection may take (positive; default the shorter of {@link #CONNECT_TIMEOUT} and
 *                       {@code timeout})
 */
public record OpaServer(String url, String packagePath, Duration timeout, Duration connectTimeout) {

    /** The package asked when none is configured (as {@code aigov scope --opa-package}). */
    public static final String DEFAULT_PACKAGE = "ai_devops.scope";
    /** The answer timeout when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest a connection may take (or the answer timeout, when shorter). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public OpaServer {
        Objects.requireNonNull(url, "url");
        packagePath = packagePath == null || packagePath.isBlank() ? DEFAULT_PACKAGE : packagePath.trim();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("opa timeout", "must be positive, not " + timeout);
        }
        connectTimeout = connectTimeout == null ? (timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT) : connectTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new InvalidInputException("opa connect timeout", "must be positive, not " + connectTimeout);
        }
    }

    /** A server with the default connect timeout. */
    public OpaServer(String url, String packagePath, Duration timeout) {
        this(url, packagePath, timeout, null);
    }

    /** The engine's check for this server and package; a bad URL or package is an {@link InvalidInputException}. */
    public OpaScopeCheck check() {
        URI server;
        try {
            server = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(url, "not a URL of an OPA server", e);
        }
        return new OpaScopeCheck(new OpaClient(server, connectTimeout, timeout), packagePath);
    }

    /**
     * The OPA servers one scope check asks: the configured (global) server, always, so a pipeline can neither turn it
     * off nor replace it; and the pipeline's own, when it names a URL or a package, with what it leaves out taken from
     * the global configuration (asked once when it is the same server and package).
     *
     * @param global         the configured server, or {@code null}
     * @param stepUrl        the pipeline's server, or {@code null}
     * @param stepPackage    the pipeline's package, or {@code null}
     * @param stepTimeout    the pipeline's timeout, or {@code null}
     * @throws InvalidInputException when the pipeline names a package but no server is known
     */
    public static List<OpaServer> forCheck(OpaServer global, String stepUrl, String stepPackage, Duration stepTimeout) {
        List<OpaServer> out = new ArrayList<>();
        if (global != null) {
            out.add(global);
        }
        if (blank(stepUrl) && blank(stepPackage)) {
            return out;
        }
        String url = !blank(stepUrl) ? stepUrl.trim() : global == null ? null : global.url();
        if (url == null) {
            throw new InvalidInputException("opaPackage", "an OPA package was named but no OPA server (name opaUrl or configure one)");
        }
        OpaServer own = new OpaServer(url, !blank(stepPackage) ? stepPackage : global == null ? null : global.packagePath(),
                stepTimeout != null ? stepTimeout : global == null ? null : global.timeout());
        if (out.stream().noneMatch(s -> s.url().equals(own.url()) && s.packagePath().equals(own.packagePath()))) {
            out.add(own);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
