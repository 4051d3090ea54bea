package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.canary.expr.Dialect;
import io.jenkins.plugins.aigovernance.core.canary.expr.Expression;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * One metric of a canary analysis: a query measured {@code count} times every {@code interval},
 * each measurement judged by the conditions.
 *
 * @param name                    unique within the plan; reports name it
 * @param query                   PromQL instant query for the canary
 * @param successCondition        condition over {@code result} that makes a measurement SUCCESSFUL
 * @param failureCondition        optional condition that makes it FAILED; when given, a measurement
 *                                meeting neither condition is INCONCLUSIVE
 * @param interval                time between measurements (default 30s)
 * @param initialDelay            wait before the first measurement (default none)
 * @param count                   measurements to take (default 1); errors do not count, they are retried
 * @param failureLimit            failed measurements tolerated; one more fails the metric (default 0; -1 turns it off,
 *                                allowed only with a consecutiveSuccessLimit, as in Argo Rollouts)
 * @param inconclusiveLimit       inconclusive measurements tolerated (default 0)
 * @param consecutiveErrorLimit   consecutive errors tolerated; one more makes the metric ERROR (default 4)
 * @param consecutiveSuccessLimit end the metric early as SUCCESSFUL after this many successes in a row (0 = off);
 *                                not reached after {@code count} measurements: INCONCLUSIVE (FAILED with failureLimit -1)
 * @param dryRun                  measured and reported, never decisive
 * @param baselineQuery           optional PromQL for the baseline; the conditions then see the comparison
 * @param compare                 {@code ratio} (default) or {@code difference} of canary and baseline values
 * @param conditionLanguage       {@code aigov} (default) or {@code argo}: how the conditions are spelled
 *                                ({@link Dialect}); plans read from Argo templates use {@code argo}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryMetric(
        String name,
        String query,
        String successCondition,
        String failureCondition,
        TimeSpan interval,
        TimeSpan initialDelay,
        Integer count,
        Integer failureLimit,
        Integer inconclusiveLimit,
        Integer consecutiveErrorLimit,
        Integer consecutiveSuccessLimit,
        Boolean dryRun,
        String baselineQuery,
        Comparison compare,
        Dialect conditionLanguage) {

    public CanaryMetric {
        interval = interval == null ? TimeSpan.of("30s") : interval;
        count = count == null ? 1 : count;
        failureLimit = failureLimit == null ? 0 : failureLimit;
        inconclusiveLimit = inconclusiveLimit == null ? 0 : inconclusiveLimit;
        consecutiveErrorLimit = consecutiveErrorLimit == null ? 4 : consecutiveErrorLimit;
        consecutiveSuccessLimit = consecutiveSuccessLimit == null ? 0 : consecutiveSuccessLimit;
        dryRun = dryRun != null && dryRun;
        compare = compare == null && baselineQuery != null ? Comparison.RATIO : compare;
        conditionLanguage = conditionLanguage == null ? Dialect.AIGOV : conditionLanguage;
    }

    /** A metric whose conditions are in the engine's own language. */
    public CanaryMetric(String name, String query, String successCondition, String failureCondition, TimeSpan interval, TimeSpan initialDelay,
            Integer count, Integer failureLimit, Integer inconclusiveLimit, Integer consecutiveErrorLimit, Integer consecutiveSuccessLimit,
            Boolean dryRun, String baselineQuery, Comparison compare) {
        this(name, query, successCondition, failureCondition, interval, initialDelay, count, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, consecutiveSuccessLimit, dryRun, baselineQuery, compare, null);
    }

    /** The success condition, parsed in the metric's language. */
    public Expression success() {
        return Expression.condition(successCondition, conditionLanguage);
    }

    /** The failure condition, parsed in the metric's language, or {@code null}. */
    public Expression failure() {
        return failureCondition == null ? null : Expression.condition(failureCondition, conditionLanguage);
    }

    /** Longest wait before an errored measurement is retried (Argo Rollouts' DefaultErrorRetryInterval). */
    public static final java.time.Duration ERROR_RETRY_INTERVAL = java.time.Duration.ofSeconds(10);

    /**
     * The wait before retrying after an error: 10 s, or the metric's interval when shorter (Argo Rollouts always
     * waits 10 s; a shorter interval here retries sooner, so errors reach consecutiveErrorLimit no later).
     */
    public java.time.Duration errorRetryInterval() {
        return interval.duration().compareTo(ERROR_RETRY_INTERVAL) < 0 ? interval.duration() : ERROR_RETRY_INTERVAL;
    }

    /** A metric with a query and a success condition, measured {@code count} times every {@code interval}. */
    public static CanaryMetric of(String name, String query, String successCondition, TimeSpan interval, int count) {
        return new CanaryMetric(name, query, successCondition, null, interval, null, count, null, null, null, null, null, null, null);
    }

    /** Checks names, limits and conditions (conditions are parsed, so syntax errors are reported with their column). */
    public void validate(PolicyValidation v, String at) {
        v.require(at + "/name", name, "name");
        v.require(at + "/query", query, "query");
        if (v.require(at + "/successCondition", successCondition, "successCondition")) {
            v.compile(at + "/successCondition", successCondition, c -> Expression.condition(c, conditionLanguage));
        }
        if (failureCondition != null) {
            v.compile(at + "/failureCondition", failureCondition, c -> Expression.condition(c, conditionLanguage));
        }
        if (interval.duration().toMillis() < 100) {
            v.error(at + "/interval", "must be at least 100ms");
        }
        if (count < 1) {
            v.error(at + "/count", "must be at least 1");
        }
        if (failureLimit < -1 || failureLimit == -1 && consecutiveSuccessLimit < 1) {
            v.error(at + "/failureLimit", "must be 0 or more (or -1 to turn it off, together with a consecutiveSuccessLimit)");
        }
        nonNegative(v, at + "/inconclusiveLimit", inconclusiveLimit);
        nonNegative(v, at + "/consecutiveErrorLimit", consecutiveErrorLimit);
        nonNegative(v, at + "/consecutiveSuccessLimit", consecutiveSuccessLimit);
        if (compare != null && baselineQuery == null) {
            v.error(at + "/compare", "compare needs a baselineQuery");
        }
        if (baselineQuery != null && baselineQuery.isBlank()) {
            v.error(at + "/baselineQuery", "must not be blank");
        }
    }

    private static void nonNegative(PolicyValidation v, String at, int value) {
        if (value < 0) {
            v.error(at, "must be 0 or more");
        }
    }
}
