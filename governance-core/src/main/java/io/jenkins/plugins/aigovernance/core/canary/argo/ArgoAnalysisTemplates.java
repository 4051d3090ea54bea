package io.jenkins.plugins.aigovernance.core.canary.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jenkins.plugins.aigovernance.core.canary.CanaryMetric;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryStep;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.expr.Dialect;
import io.jenkins.plugins.aigovernance.core.canary.expr.Expression;
import io.jenkins.plugins.aigovernance.core.canary.expr.ExpressionException;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Argo Rollouts {@code AnalysisTemplate} and {@code ClusterAnalysisTemplate} documents
 * ({@code argoproj.io/v1alpha1}) read as canary plans: the template's metrics become the analysis of
 * a step ({@code analysis: {}} after each {@code setWeight} given, or the only step), with the
 * semantics of Argo's analysis controller (docs/canary.md says where the engine is stricter).
 *
 * <p>Supported: the {@code prometheus} provider ({@code query}; {@code address} and {@code timeout}
 * are reported but the engine's own Prometheus URL and timeouts are used), {@code successCondition},
 * {@code failureCondition} (Argo's expr syntax, {@link Dialect#ARGO}), {@code failureLimit},
 * {@code inconclusiveLimit}, {@code consecutiveErrorLimit}, {@code consecutiveSuccessLimit},
 * {@code interval}, {@code count}, {@code initialDelay} (Go durations), {@code spec.dryRun}
 * (metric-name regular expressions, {@code *} for all) and {@code spec.args} with {@code value}s,
 * substituted into {@code {{args.NAME}}} like Argo. Everything else — other providers, provider
 * options such as {@code headers} or {@code rangeQuery}, nested {@code templates}, {@code valueFrom}
 * arguments not given a value — is refused by name.
 */
public final class ArgoAnalysisTemplates {

    /** The kinds read. */
    public static final Set<String> KINDS = Set.of("AnalysisTemplate", "ClusterAnalysisTemplate");

    private static final Set<String> METRIC_FIELDS = Set.of("name", "interval", "initialDelay", "count", "successCondition", "failureCondition",
            "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit", "consecutiveSuccessLimit", "provider");
    private static final Set<String> SPEC_FIELDS = Set.of("metrics", "args", "dryRun", "measurementRetention");
    private static final Pattern TAG = Pattern.compile("\\{\\{([^{}]*)\\}\\}");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private ArgoAnalysisTemplates() {
    }

    /**
     * Argument values written one per line as {@code NAME=VALUE} (the Jenkins step's {@code args:}); blank lines are
     * skipped, a line without {@code =} or a name given twice is refused naming {@code input}.
     */
    public static Map<String, String> arguments(String input, String lines) {
        Map<String, String> out = new LinkedHashMap<>();
        if (lines == null) {
            return out;
        }
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).trim();
            if (name.isEmpty()) {
                throw new InvalidInputException(input, "an argument is written NAME=VALUE, not '" + line.trim() + "'");
            }
            if (out.put(name, line.substring(eq + 1)) != null) {
                throw new InvalidInputException(input, "argument '" + name + "' is given twice");
            }
        }
        return out;
    }

    /** Canary weights written {@code 5, 20, 100} (the Jenkins step's {@code weights:}); each 0–100. */
    public static List<Integer> weights(String input, String text) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String w : text.trim().split("[,\\s]+")) {
            try {
                int v = Integer.parseInt(w);
                if (v < 0 || v > 100) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(input, "a weight is a whole percentage 0-100, not '" + w + "'");
            }
        }
        return out;
    }

    /** Whether a document is an Argo analysis template. */
    public static boolean isTemplate(JsonNode doc) {
        return doc != null && doc.isObject() && doc.path("apiVersion").asText("").startsWith("argoproj.io/")
                && KINDS.contains(doc.path("kind").asText(""));
    }

    /**
     * Builds a plan from the template named {@code template} among {@code docs} (the only template when {@code null}).
     *
     * @param input   the file, for messages
     * @param docs    the documents of the file; other kinds (a Rollout beside its template) are skipped
     * @param args    argument values; they override the template's {@code value}s
     * @param weights canary weights: a {@code setWeight} and the analysis for each; empty means one analysis step
     * @throws InvalidInputException naming the file, the template and the field
     */
    public static CanaryPlan plan(String input, List<JsonNode> docs, String template, Map<String, String> args, List<Integer> weights) {
        List<JsonNode> templates = docs.stream().filter(ArgoAnalysisTemplates::isTemplate).toList();
        String names = templates.stream().map(d -> d.path("metadata").path("name").asText("?")).collect(Collectors.joining(", "));
        JsonNode chosen;
        if (template == null) {
            if (templates.size() != 1) {
                throw new InvalidInputException(input, "the file holds " + templates.size() + " analysis templates; name one with --template (" + names
                        + ")");
            }
            chosen = templates.get(0);
        } else {
            chosen = templates.stream().filter(d -> template.equals(d.path("metadata").path("name").asText(null))).findFirst()
                    .orElseThrow(() -> new InvalidInputException(input, "no analysis template named '" + template + "' (known: " + names + ")"));
        }
        String name = chosen.path("metadata").path("name").asText("");
        String at = input + ": " + chosen.path("kind").asText() + " " + name;
        if (name.isEmpty()) {
            throw new InvalidInputException(input, "the " + chosen.path("kind").asText() + " has no metadata.name");
        }
        JsonNode spec = chosen.path("spec");
        if (!spec.isObject()) {
            throw new InvalidInputException(at, "spec: missing");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.equals("templates")) {
                throw new InvalidInputException(at, "spec.templates (templates composed of other templates) is not supported; list the metrics");
            }
            if (!SPEC_FIELDS.contains(f)) {
                throw new InvalidInputException(at, "spec." + f + " is not a field of an analysis template");
            }
        }
        Map<String, String> values = arguments(at, spec.path("args"), args == null ? Map.of() : args);
        JsonNode metrics = spec.path("metrics");
        if (!metrics.isArray() || metrics.isEmpty()) {
            throw new InvalidInputException(at, "spec.metrics: no metrics specified");
        }
        Set<String> dryRun = dryRun(at, spec.path("dryRun"), metrics);
        List<CanaryMetric> converted = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            converted.add(metric(at + " spec.metrics[" + i + "]", metrics.get(i), values, dryRun));
        }
        List<CanaryStep> steps = new ArrayList<>();
        if (weights == null || weights.isEmpty()) {
            steps.add(CanaryStep.analyse());
        } else {
            for (int w : weights) {
                steps.add(CanaryStep.weight(w));
                steps.add(CanaryStep.analyse());
            }
        }
        return new CanaryPlan(name, chosen.path("kind").asText() + " " + name + " (Argo Rollouts)", converted, null, steps, null).requireValid(at);
    }

    private static Map<String, String> arguments(String at, JsonNode declared, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        if (!declared.isMissingNode() && !declared.isArray()) {
            throw new InvalidInputException(at, "spec.args must be a list");
        }
        for (JsonNode a : declared) {
            String n = a.path("name").asText("");
            if (n.isEmpty() || !names.add(n)) {
                throw new InvalidInputException(at, "spec.args: " + (n.isEmpty() ? "an argument without a name" : "duplicate argument '" + n + "'"));
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!Set.of("name", "value", "valueFrom").contains(f)) {
                    throw new InvalidInputException(at, "spec.args." + n + "." + f + " is not a field of an argument");
                }
            }
            if (given.containsKey(n)) {
                values.put(n, given.get(n));
            } else if (a.hasNonNull("value")) {
                values.put(n, a.get("value").asText());
            } else if (a.has("valueFrom")) {
                String from = a.path("valueFrom").fieldNames().hasNext() ? a.path("valueFrom").fieldNames().next() : "valueFrom";
                throw new InvalidInputException(at, "argument \"" + n + "\" takes its value from a Kubernetes " + from
                        + ", which is not read here; give it a value (--arg " + n + "=...)");
            } else {
                throw new InvalidInputException(at, "argument \"" + n + "\" was not supplied (--arg " + n + "=...)");
            }
        }
        for (String g : given.keySet()) {
            if (!names.contains(g)) {
                throw new InvalidInputException(at, "argument \"" + g + "\" is not declared by the template (declared: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
        }
        return values;
    }

    private static Set<String> dryRun(String at, JsonNode rules, JsonNode metrics) {
        Set<String> dry = new LinkedHashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i).path("metricName").asText("");
            int matched = 0;
            Pattern p;
            try {
                p = rule.equals("*") ? null : Pattern.compile(rule);
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(at, "spec.dryRun[" + i + "].metricName: not a regular expression: " + e.getMessage());
            }
            for (JsonNode m : metrics) {
                String n = m.path("name").asText("");
                if (p == null || p.matcher(n).find()) {
                    dry.add(n);
                    matched++;
                }
            }
            if (matched == 0) {
                throw new InvalidInputException(at, "spec.dryRun[" + i + "]: Rule didn't match any metric name(s)");
            }
        }
        return dry;
    }

    private static CanaryMetric metric(String at, JsonNode m, Map<String, String> args, Set<String> dryRun) {
        if (!m.isObject()) {
            throw new InvalidInputException(at, "a metric is a mapping");
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!METRIC_FIELDS.contains(f)) {
                throw new InvalidInputException(at, f + " is not a field of an Argo metric");
            }
        }
        String name = text(at, m, "name", args, false);
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException(at, "name: required");
        }
        at = at + " (" + name + ")";
        JsonNode provider = m.path("provider");
        List<String> providers = new ArrayList<>();
        provider.fieldNames().forEachRemaining(providers::add);
        if (providers.size() != 1) {
            throw new InvalidInputException(at, "provider: exactly one provider is needed, found " + (providers.isEmpty() ? "none" : providers));
        }
        if (!providers.get(0).equals("prometheus")) {
            throw new InvalidInputException(at, "provider " + providers.get(0) + " is not supported (only prometheus)");
        }
        JsonNode prom = provider.path("prometheus");
        for (Iterator<String> it = prom.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("query", "address", "timeout").contains(f)) {
                throw new InvalidInputException(at, "provider.prometheus." + f + " is not supported (give credentials and TLS settings to aigov"
                        + " or the Jenkins step; only instant queries are run)");
            }
        }
        String query = text(at, prom, "query", args, false);
        if (query == null || query.isBlank()) {
            throw new InvalidInputException(at, "provider.prometheus.query: required");
        }
        String success = text(at, m, "successCondition", args, true);
        String failure = text(at, m, "failureCondition", args, true);
        if (success == null && failure == null) {
            // stricter than Argo, where a metric without conditions is always Successful
            throw new InvalidInputException(at, "a metric needs a successCondition or a failureCondition (Argo would count any answer as a"
                    + " success; that is never a pass here)");
        }
        if (success == null) {
            // Argo: without a success condition, a measurement is successful when the failure condition is not true
            success = "not (" + failure + ")";
        }
        for (String[] c : new String[][] {{"successCondition", success}, {"failureCondition", failure}}) {
            if (c[1] != null) {
                try {
                    Expression.condition(c[1], Dialect.ARGO);
                } catch (ExpressionException e) {
                    throw new InvalidInputException(at, c[0] + " " + c[1] + ": " + e.getMessage());
                }
            }
        }
        String intervalText = text(at, m, "interval", args, false);
        String delayText = text(at, m, "initialDelay", args, false);
        TimeSpan interval = intervalText == null || intervalText.isEmpty() ? null : duration(at, "interval", intervalText);
        TimeSpan delay = delayText == null || delayText.isEmpty() ? null : duration(at, "initialDelay", delayText);
        Integer count = integer(at, m, "count", args);
        if (count != null && count == 0) {
            count = null;
        }
        if (count == null && interval != null) {
            throw new InvalidInputException(at, "metric " + name + " runs indefinitely (interval without count); a step analysis needs a count,"
                    + " as Argo Rollouts also requires");
        }
        if (count != null && count > 1 && interval == null) {
            throw new InvalidInputException(at, "interval must be specified when count > 1");
        }
        return new CanaryMetric(name, query, success, failure, interval, delay, count == null ? 1 : count, integer(at, m, "failureLimit", args),
                integer(at, m, "inconclusiveLimit", args), integer(at, m, "consecutiveErrorLimit", args),
                integer(at, m, "consecutiveSuccessLimit", args), dryRun.contains(name), null, null, Dialect.ARGO);
    }

    private static TimeSpan duration(String at, String field, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(at, field + ": " + e.getMessage());
        }
    }

    private static Integer integer(String at, JsonNode m, String field, Map<String, String> args) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isInt()) {
            return v.intValue();
        }
        String s = v.isTextual() ? substitute(at, field, v.asText(), args, false).trim() : v.toString();
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(at, field + ": '" + s + "' is not a whole number");
        }
    }

    private static String text(String at, JsonNode m, String field, Map<String, String> args, boolean condition) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new InvalidInputException(at, field + " must be a string");
        }
        return substitute(at, field, v.asText(), args, condition);
    }

    /**
     * Replaces {@code {{args.NAME}}} (spaces inside the braces allowed) as Argo does; an unresolved tag is an error. In a
     * condition only a number may be substituted (stricter than Argo: an argument must not rewrite the logic of a check).
     */
    private static String substitute(String at, String field, String text, Map<String, String> args, boolean condition) {
        if (!text.contains("{{")) {
            return text;
        }
        com.google.re2j.Matcher mt = TAG.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (mt.find()) {
            out.append(text, last, mt.start());
            String tag = mt.group(1).trim();
            String value = tag.startsWith("args.") ? args.get(tag.substring(5)) : null;
            if (value == null) {
                throw new InvalidInputException(at, field + ": failed to resolve {{" + mt.group(1) + "}}");
            }
            if (condition && !NUMBER.matches(value.trim())) {
                throw new InvalidInputException(at, field + ": argument " + tag.substring(5) + " = '" + value + "' is used in a condition, where"
                        + " only a number may be substituted");
            }
            out.append(condition ? value.trim() : value);
            last = mt.end();
        }
        return out.append(text.substring(last)).toString();
    }
}
