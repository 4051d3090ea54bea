package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * How to reach a Prometheus server: base URL, optional bearer token or basic credentials, timeouts
 * and (for https) the TLS context; the JDK's default trust store is used unless one is given.
 * {@link #toString()} never shows credentials.
 *
 * @param url            base URL, e.g. {@code https://prometheus.example.com:9090} (a path prefix is kept)
 * @param bearerToken    sent as {@code Authorization: Bearer …}, or {@code null}
 * @param username       basic auth user, or {@code null}
 * @param password       basic auth password, or {@code null}
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout whole-request timeout
 * @param sslContext     TLS context for https, or {@code null} for the JDK default
 */
public record PrometheusConnection(URI url, String bearerToken, String username, String password, Duration connectTimeout,
        Duration requestTimeout, SSLContext sslContext) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default request timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public PrometheusConnection {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().toLowerCase(Locale.ROOT).equals("http") || url.getScheme().toLowerCase(Locale.ROOT).equals("https"))) {
            throw new InvalidInputException(String.valueOf(url), "a Prometheus URL must be http:// or https:// with a host");
        }
        if (url.getUserInfo() != null) {
            throw new InvalidInputException(redact(url), "put credentials in the token or basic auth settings, not in the URL");
        }
        if (bearerToken != null && username != null) {
            throw new InvalidInputException(redact(url), "use either a bearer token or basic auth, not both");
        }
        if (username != null && password == null) {
            password = "";
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
    }

    /** A connection without credentials and default timeouts. */
    public static PrometheusConnection of(String url) {
        return new PrometheusConnection(parse(url), null, null, null, null, null, null);
    }

    public PrometheusConnection withBearerToken(String token) {
        return new PrometheusConnection(url, token, null, null, connectTimeout, requestTimeout, sslContext);
    }

    public PrometheusConnection withBasicAuth(String user, String pass) {
        return new PrometheusConnection(url, null, user, pass, connectTimeout, requestTimeout, sslContext);
    }

    public PrometheusConnection withTimeouts(Duration connect, Duration request) {
        return new PrometheusConnection(url, bearerToken, username, password, connect, request, sslContext);
    }

    public PrometheusConnection withSslContext(SSLContext context) {
        return new PrometheusConnection(url, bearerToken, username, password, connectTimeout, requestTimeout, context);
    }

    static URI parse(String url) {
        try {
            return URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(String.valueOf(url), "not a URL: " + e.getMessage());
        }
    }

    private static Duration positive(Duration d, Duration fallback) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidInputException("timeout", "must be positive, not " + d);
        }
        return d;
    }

    private static String redact(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    @Override
    public String toString() {
        String auth = bearerToken != null ? " (bearer token)" : username != null ? " (basic auth as " + username + ")" : "";
        return url + auth;
    }
}
