package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a policy document written in a CloudFormation template (intrinsic functions in its statements) into the plain
 * document {@link IamPolicyAnalyzer} reads, choosing for every value known only at deploy time the reading that grants the
 * most ({@link TemplateValues} says what a value can be):
 * <ul>
 * <li>{@code Action}, {@code Resource}, {@code Principal}: every value they can have ({@code Fn::If}: both branches), and
 *     {@code *} for what is known only at deploy time (an Action or Principal {@code !Ref Param} is {@code *});</li>
 * <li>{@code NotAction}, {@code NotResource}: a value known only at deploy time excludes nothing;</li>
 * <li>{@code Effect}: {@code Deny} only when every value it can have is {@code Deny};</li>
 * <li>{@code Condition}: an operator or condition known only at deploy time, or one that can be {@code AWS::NoValue}, is
 *     dropped (no condition); a key's values are every value it can have ({@code *} for deploy-time text, which restricts
 *     nothing);</li>
 * <li>a statement that is itself an intrinsic function ({@code !Ref Param}, {@code !ImportValue}) is {@code Allow * on *}
 *     (to {@code *} in a resource or trust policy); {@code Fn::If} statements are both branches.</li>
 * </ul>
 * A Deny statement reports nothing known only at deploy time: it grants nothing either way. This class holds no mutable state.
 */
final class TemplatePolicyDocuments {

    /** Whom a statement known only at deploy time is read to grant to. */
    enum Kind {
        /** An identity policy (a role's, user's or group's): no principal. */
        IDENTITY,
        /** A resource or trust policy: to any principal. */
        RESOURCE
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final TemplateValues values;

    TemplatePolicyDocuments(TemplateValues values) {
        this.values = values;
    }

    /**
     * The plain document of {@code document} (an object with a {@code Statement}).
     *
     * @param deployTime collects, for people, what was read as the riskiest value ({@code Action !Ref Actions})
     */
    ObjectNode plain(JsonNode document, Kind kind, List<String> deployTime) {
        ObjectNode out = F.objectNode();
        JsonNode version = document.get("Version");
        if (version != null && version.isTextual()) {
            out.set("Version", version);
        }
        ArrayNode statements = F.arrayNode();
        JsonNode s = document.get("Statement");
        if (s != null && s.isArray()) {
            for (JsonNode e : s) {
                statement(e, kind, statements, deployTime);
            }
        } else if (s != null) {
            statement(s, kind, statements, deployTime);
        }
        out.set("Statement", statements);
        return out;
    }

    private void statement(JsonNode s, Kind kind, ArrayNode out, List<String> deployTime) {
        if (TemplateValues.intrinsic(s)) {
            String f = TemplateValues.function(s);
            JsonNode arg = s.get(f);
            if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                for (int b = 1; b <= 2; b++) {
                    JsonNode branch = arg.get(b);
                    if (branch.isArray()) {
                        for (JsonNode e : branch) {
                            statement(e, kind, out, deployTime);
                        }
                    } else {
                        statement(branch, kind, out, deployTime);
                    }
                }
                return;
            }
            if (f.equals("Ref") && arg.isTextual() && arg.asText().equals("AWS::NoValue")) {
                return;
            }
            deployTime.add("a statement " + TemplateValues.describe(s));
            ObjectNode any = F.objectNode().put("Effect", "Allow").put("Action", TemplateValues.ANY).put("Resource", TemplateValues.ANY);
            if (kind == Kind.RESOURCE) {
                any.put("Principal", TemplateValues.ANY);
            }
            out.add(any);
            return;
        }
        if (!s.isObject()) {
            out.add(s);
            return;
        }
        List<String> seen = new ArrayList<>();
        ObjectNode p = F.objectNode();
        boolean deny = false;
        JsonNode effect = s.get("Effect");
        if (effect != null && TemplateValues.intrinsic(effect)) {
            TemplateValues.Text t = values.text(effect, seen);
            deny = !t.absent() && !t.values().isEmpty() && t.values().stream().allMatch("Deny"::equals);
            // no value (AWS::NoValue) is a missing Effect, which IAM reads as... nothing; read it as Allow (the riskier)
            p.put("Effect", deny ? "Deny" : "Allow");
            if (!deny) {
                seen.add(0, "Effect " + TemplateValues.describe(effect));
            }
        } else if (effect != null) {
            p.set("Effect", effect);
            deny = effect.isTextual() && effect.asText().equals("Deny");
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            String field = e.getKey();
            JsonNode v = e.getValue();
            switch (field) {
                case "Action", "Resource" -> set(p, field, grants(v, field, seen));
                case "NotAction", "NotResource" -> set(p, field, exclusions(v, field, seen));
                case "Principal", "NotPrincipal" -> set(p, field, principal(v, field, seen));
                case "Condition" -> set(p, field, condition(v, seen));
                default -> {
                    // Sid, Effect (above): nothing IAM grants depends on them
                }
            }
        }
        if (!deny) {
            deployTime.addAll(seen);
        }
        out.add(p);
    }

    private static void set(ObjectNode p, String field, JsonNode value) {
        if (value != null) {
            p.set(field, value);
        }
    }

    /** Whether a value holds no intrinsic function (itself or, for an array, any element): it is read as written. */
    private static boolean literal(JsonNode v) {
        if (TemplateValues.intrinsic(v)) {
            return false;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (TemplateValues.intrinsic(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every value a granting list can have; {@code null} when it can be no value at all. */
    private JsonNode grants(JsonNode v, String field, List<String> seen) {
        if (literal(v)) {
            return v;
        }
        List<String> parts = new ArrayList<>();
        TemplateValues.Text t = values.list(v, parts);
        note(field, parts, seen);
        if (t.values().isEmpty() && t.absent()) {
            return null;
        }
        return strings(t.values());
    }

    /** A NotAction / NotResource list without its values known only at deploy time: they exclude nothing. */
    private JsonNode exclusions(JsonNode v, String field, List<String> seen) {
        if (literal(v)) {
            return v;
        }
        ArrayNode out = F.arrayNode();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (TemplateValues.intrinsic(e)) {
                    seen.add(field + " " + TemplateValues.describe(e) + " (read as excluding nothing)");
                } else {
                    out.add(e);
                }
            }
        } else {
            seen.add(field + " " + TemplateValues.describe(v) + " (read as excluding nothing)");
        }
        return out;
    }

    private JsonNode principal(JsonNode v, String field, List<String> seen) {
        if (literal(v) && !v.isObject()) {
            return v;
        }
        if (TemplateValues.intrinsic(v)) {
            List<String> parts = new ArrayList<>();
            TemplateValues.Text t = values.list(v, parts);
            note(field, parts, seen);
            if (t.values().isEmpty()) {
                return t.absent() ? null : F.objectNode().set("AWS", F.arrayNode());
            }
            if (t.unknown() || t.values().contains(TemplateValues.ANY)) {
                return F.textNode(TemplateValues.ANY);
            }
            return F.objectNode().set("AWS", strings(t.values()));
        }
        if (!v.isObject()) {
            return v;
        }
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode ids = e.getValue();
            if (literal(ids)) {
                out.set(e.getKey(), ids);
                continue;
            }
            List<String> parts = new ArrayList<>();
            TemplateValues.Text t = values.list(ids, parts);
            note(field + "." + e.getKey(), parts, seen);
            if (!(t.values().isEmpty() && t.absent())) {
                out.set(e.getKey(), strings(t.values()));
            }
        }
        return out;
    }

    /** The condition with what is known only at deploy time read as restricting nothing; {@code null} for no condition. */
    private JsonNode condition(JsonNode v, List<String> seen) {
        if (TemplateValues.intrinsic(v)) {
            seen.add("Condition " + TemplateValues.describe(v) + " (read as no condition)");
            return null;
        }
        if (!v.isObject()) {
            return v;
        }
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> op : v.properties()) {
            JsonNode keys = op.getValue();
            if (TemplateValues.intrinsic(keys)) {
                seen.add("Condition " + op.getKey() + " " + TemplateValues.describe(keys) + " (read as no condition)");
                continue;
            }
            if (!keys.isObject()) {
                out.set(op.getKey(), keys);
                continue;
            }
            ObjectNode kept = F.objectNode();
            for (Map.Entry<String, JsonNode> k : keys.properties()) {
                JsonNode value = k.getValue();
                if (literal(value)) {
                    kept.set(k.getKey(), value);
                    continue;
                }
                List<String> parts = new ArrayList<>();
                TemplateValues.Text t = values.list(value, parts);
                if (t.absent()) {
                    seen.add("Condition " + k.getKey() + " " + TemplateValues.describe(value) + " (can be no value: read as no condition)");
                    continue;
                }
                note("Condition " + k.getKey(), parts, seen);
                kept.set(k.getKey(), strings(t.values()));
            }
            if (!kept.isEmpty()) {
                out.set(op.getKey(), kept);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void note(String field, List<String> parts, List<String> seen) {
        for (String p : parts) {
            seen.add(field + " " + p);
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode(values.size());
        for (String v : values) {
            a.add(v);
        }
        return a;
    }
}
