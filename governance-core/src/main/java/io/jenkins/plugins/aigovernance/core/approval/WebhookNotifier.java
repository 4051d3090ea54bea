package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.policy.NotificationEndpoint;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Tells people that an approval request opened, by JSON POST to the policy's webhooks (Slack, within
 * Slack's limits and escaped: {@link SlackBlocks}; generic JSON; or a PagerDuty Events API v2
 * {@code trigger}, resolved by {@link #requestDecided} when the request is decided: {@link PagerDutyEvents}). Each endpoint gets at most
 * {@code notifications.maxAttempts} requests, after 250 ms, then 500 ms, then 1 s (the cap), or after
 * the server's {@code Retry-After} when longer:
 * <ul>
 *   <li>a 5xx or 429 is retried; other answers (4xx) are final;</li>
 *   <li>{@code Retry-After} is read in both forms of RFC 9110 §10.2.3, delay-seconds and HTTP-date
 *       (IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept); a wait
 *       longer than {@value #MAX_RETRY_AFTER_SECONDS} s is not waited: the notice is reported not
 *       delivered, naming the wait the server asked for;</li>
 *   <li>a request that never reached the server (connection refused, connect timeout) is retried;</li>
 *   <li>a request that may have reached it (response timeout, connection lost mid-exchange) is
 *       retried only when the receiver can tell a repeat: generic webhooks carry an
 *       {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header; the same
 *       {@link ApprovalNotice#idempotencyKey()} in every attempt, also in the body). Slack incoming
 *       webhooks have no such key, so they are not retried then: one notice is never posted twice.
 *       PagerDuty folds every event with one {@code dedup_key} into one alert, so its events are
 *       retried then too.</li>
 * </ul>
 * Webhook URLs, authorization values and PagerDuty routing keys come from environment variables and never appear in
 * results or messages: targets are reported as scheme, host and port only.
 */
public final class WebhookNotifier {

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    static final int MAX_RETRY_AFTER_SECONDS = 5;

    private final HttpClient http;
    private final Function<String, String> env;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ObjectMapper json = JsonDocuments.newMapper();

    /**
     * @param env     looks up environment variables ({@code System::getenv} in production)
     * @param sleeper waits between attempts ({@code d -> Thread.sleep(d.toMillis())} in production)
     */
    public WebhookNotifier(HttpClient http, Function<String, String> env, Sleeper sleeper) {
        this(http, env, sleeper, Clock.systemUTC());
    }

    /** @param clock the time an HTTP-date {@code Retry-After} is measured from */
    public WebhookNotifier(HttpClient http, Function<String, String> env, Sleeper sleeper, Clock clock) {
        this.http = http;
        this.env = env;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** A notifier with a default HTTP client, the process environment and real sleeping. */
    public static WebhookNotifier standard() {
        return new WebhookNotifier(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build(),
                System::getenv, d -> Thread.sleep(d.toMillis()));
    }

    /** Notifies every enabled endpoint whose tiers include the notice's tier; one result per endpoint. */
    public List<NotificationResult> requestOpened(ApprovalNotice notice, NotificationPolicy policy) {
        List<NotificationResult> out = new ArrayList<>();
        for (NotificationEndpoint ep : policy.endpoints()) {
            if (ep.accepts(notice.tier())) {
                out.add(send(ep, notice, policy.maxAttempts(), Duration.ofSeconds(policy.timeoutSeconds())));
            }
        }
        return out;
    }

    /**
     * Tells the endpoints that track a request's state that it was decided: a PagerDuty
     * {@code resolve} (same {@code dedup_key} as the trigger) to every {@code pagerduty} endpoint
     * that accepts the tier. Chat and generic webhooks are told only when a request opens. A pending
     * evaluation notifies nobody (empty list).
     */
    public List<NotificationResult> requestDecided(ApprovalEvaluation evaluation, NotificationPolicy policy) {
        List<NotificationResult> out = new ArrayList<>();
        if (evaluation.status() == ApprovalStatus.PENDING) {
            return out;
        }
        for (NotificationEndpoint ep : policy.endpoints()) {
            if (ep.pagerDuty() && ep.accepts(evaluation.tier())) {
                out.add(deliver(ep, null, evaluation.fingerprint(), policy.maxAttempts(), Duration.ofSeconds(policy.timeoutSeconds())));
            }
        }
        return out;
    }

    NotificationResult send(NotificationEndpoint ep, ApprovalNotice notice, int maxAttempts, Duration timeout) {
        return deliver(ep, notice, notice.fingerprint(), maxAttempts, timeout);
    }

    /** Posts {@code notice} (request opened) or, when it is {@code null}, the decision on {@code fingerprint}. */
    private NotificationResult deliver(NotificationEndpoint ep, ApprovalNotice notice, ChangeFingerprint fingerprint, int maxAttempts,
            Duration timeout) {
        boolean pager = ep.pagerDuty();
        String raw = ep.urlEnv() == null && pager ? NotificationEndpoint.PAGERDUTY_EVENTS_URL : env.apply(ep.urlEnv());
        if (raw == null || raw.isBlank()) {
            return new NotificationResult(ep.name(), null, false, 0, null, "environment variable " + ep.urlEnv() + " is not set");
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            return new NotificationResult(ep.name(), null, false, 0, null, "environment variable " + ep.urlEnv() + " does not hold a URL");
        }
        String target = redact(uri);
        if (!allowed(uri)) {
            return new NotificationResult(ep.name(), target, false, 0, null,
                    "the URL in " + ep.urlEnv() + " must be https (http only to the loopback address)");
        }
        String auth = ep.authorizationEnv() == null ? null : env.apply(ep.authorizationEnv());
        if (ep.authorizationEnv() != null && (auth == null || auth.isBlank())) {
            return new NotificationResult(ep.name(), target, false, 0, null, "environment variable " + ep.authorizationEnv() + " is not set");
        }
        String routingKey = null;
        if (pager) {
            routingKey = env.apply(ep.routingKeyEnv());
            if (routingKey == null || routingKey.isBlank()) {
                return new NotificationResult(ep.name(), target, false, 0, null, "environment variable " + ep.routingKeyEnv() + " is not set");
            }
            routingKey = routingKey.trim();
            if (!routingKey.chars().allMatch(c -> c > 0x20 && c < 0x7f) || routingKey.length() > 128) {
                return new NotificationResult(ep.name(), target, false, 0, null,
                        "environment variable " + ep.routingKeyEnv() + " does not hold an Events API v2 integration key");
            }
            auth = routingKey; // a secret like the others: scrubbed from every message
        }
        boolean slack = "slack".equals(ep.format());
        byte[] body;
        try {
            body = json.writeValueAsBytes(pager
                    ? (notice == null ? PagerDutyEvents.resolve(fingerprint, routingKey) : PagerDutyEvents.trigger(notice, routingKey))
                    : slack ? notice.slackPayload() : notice.genericPayload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .header("User-Agent", "ai-governance").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null && !pager) {
            rb.header("Authorization", auth);
        }
        // PagerDuty folds events with one dedup_key into one alert, so a repeat is harmless there
        boolean idempotent = !slack;
        if (idempotent && !pager) {
            rb.header("Idempotency-Key", "\"" + notice.idempotencyKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        HttpRequest request = rb.build();
        Duration backoff = FIRST_BACKOFF;
        Integer status = null;
        String error = null;
        int attempt = 0;
        while (attempt < maxAttempts) {
            attempt++;
            Duration retryAfter = null;
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = r.statusCode();
                if (status >= 200 && status < 300) {
                    return new NotificationResult(ep.name(), target, true, attempt, status, null);
                }
                error = "HTTP " + status;
                if (status != 429 && status < 500) {
                    break;
                }
                String header = r.headers().firstValue("Retry-After").orElse(null);
                retryAfter = header == null ? null : retryAfter(header, clock.instant());
                if (retryAfter != null && retryAfter.compareTo(Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)) > 0) {
                    error = error + ", the server asked to retry after " + retryAfter.toSeconds() + " s (more than the "
                            + MAX_RETRY_AFTER_SECONDS + " s waited)";
                    break;
                }
            } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException e) {
                status = null; // never reached the server: safe to send again
                error = scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), raw, uri, auth);
            } catch (IOException e) {
                status = null;
                error = scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), raw, uri, auth);
                if (!idempotent) {
                    // the receiver may have it already and cannot tell a repeat: never post one notice twice
                    error = error + "; not retried (the receiver may have it already; Slack webhooks take no idempotency key)";
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
            if (attempt >= maxAttempts) {
                break;
            }
            Duration wait = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = error + "; interrupted while waiting to retry";
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        return new NotificationResult(ep.name(), target, false, attempt, status, error + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s"));
    }

    /**
     * The wait a {@code Retry-After} value asks for (RFC 9110 §10.2.3): delay-seconds, or an
     * HTTP-date (IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, RFC 850
     * {@code Sunday, 06-Nov-94 08:49:37 GMT}, asctime {@code Sun Nov  6 08:49:37 1994}) measured from
     * {@code now} (a date in the past: no wait); {@code null} for anything else.
     */
    static Duration retryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("\\d{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                Instant at = ZonedDateTime.parse(v, f).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }

    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE MMM ").padNext(2).appendPattern("d HH:mm:ss yyyy")
                    .toFormatter(Locale.ENGLISH).withZone(ZoneOffset.UTC));

    private static boolean allowed(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return false;
        }
        return scheme.equals("https")
                || (scheme.equals("http") && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]")));
    }

    /** Scheme, host and port only: webhook paths and queries are secrets. */
    static String redact(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "(unparseable URL)";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    }

    private static String scrub(String message, String raw, URI uri, String auth) {
        String m = message.replace(raw.trim(), redact(uri));
        for (String secret : new String[] {uri.getRawPath(), uri.getRawQuery(), uri.getRawUserInfo(), auth}) {
            if (secret != null && secret.length() > 1) {
                m = m.replace(secret, "…");
            }
        }
        return m;
    }
}
