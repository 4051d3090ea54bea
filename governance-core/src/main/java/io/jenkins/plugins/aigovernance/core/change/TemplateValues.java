package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the values of one AWS CloudFormation template can be at review time, with its intrinsic functions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html) read the
 * way that can only make a policy riskier:
 * <ul>
 * <li>{@code Ref} / {@code Fn::GetAtt} / {@code ${X}} of a resource of the template is that resource: a specific value,
 *     written {@code {X}} or {@code {X.Arn}};</li>
 * <li>pseudo parameters: {@code AWS::Partition} is {@code aws}, {@code AWS::URLSuffix} {@code amazonaws.com},
 *     {@code AWS::AccountId} / {@code AWS::Region} / {@code AWS::StackName} / {@code AWS::StackId} the stack's own
 *     ({@code {AccountId}}, ...: specific values), {@code AWS::NoValue} no value at all;</li>
 * <li>what is known only at deploy time (a template parameter, {@code Fn::ImportValue}, {@code Fn::GetAZs},
 *     {@code Fn::Base64}, {@code Fn::Cidr}, {@code Fn::Transform}, {@code AWS::NotificationARNs}, a function this reader
 *     does not know) is {@code *}, any text; inside {@code Fn::Sub} / {@code Fn::Join} only that part is {@code *}
 *     ({@code arn:aws:s3:::${BucketParam}/*} is {@code arn:aws:s3:::*}{@code /*});</li>
 * <li>{@code Fn::If} is both branches; {@code Fn::FindInMap} with a key known only at deploy time (also the stack's own
 *     region or account) is every value of the mapping at that level; {@code Fn::Select} with an index known only at deploy
 *     time is every element.</li>
 * </ul>
 * A value is therefore one of a few strings ({@link Text}); more than {@value #MAX_ALTERNATIVES} alternatives read as
 * {@code *}. Work per value is bounded by its size times {@value #MAX_ALTERNATIVES}. This class holds no mutable state.
 */
final class TemplateValues {

    /** Most alternatives a value keeps before it reads as {@code *}. */
    static final int MAX_ALTERNATIVES = 16;
    /** Text known only at deploy time. */
    static final String ANY = "*";

    /**
     * What a value can be.
     *
     * @param values  the strings it can be (for a list position: every element it can hold), a {@code *} standing for any text
     * @param absent  it can be no value at all ({@code AWS::NoValue}, or an {@code Fn::If} branch of it)
     * @param unknown some part of it is known only at deploy time
     */
    record Text(List<String> values, boolean absent, boolean unknown) {
        static final Text NONE = new Text(List.of(), true, false);
        static final Text EMPTY = new Text(List.of(), false, false);
        static final Text ANYTHING = new Text(List.of(ANY), false, true);

        Text {
            values = List.copyOf(values);
        }

        static Text of(String s) {
            return new Text(List.of(s), false, false);
        }

        /** This or {@code other}. */
        Text or(Text other) {
            Set<String> all = new LinkedHashSet<>(values);
            all.addAll(other.values);
            boolean unknownToo = unknown || other.unknown;
            if (all.size() > MAX_ALTERNATIVES) {
                return new Text(List.of(ANY), absent || other.absent, true);
            }
            return new Text(new ArrayList<>(all), absent || other.absent, unknownToo);
        }
    }

    private final Map<String, String> resources;
    private final JsonNode mappings;

    /**
     * @param resources the template's resources: logical id to type
     * @param mappings  its {@code Mappings} section ({@code null} or a missing node when it has none)
     */
    TemplateValues(Map<String, String> resources, JsonNode mappings) {
        this.resources = Map.copyOf(resources);
        this.mappings = mappings;
    }

    /** The type of a resource of the template, or {@code null}. */
    String typeOf(String logicalId) {
        return resources.get(logicalId);
    }

    /** Whether a node is an intrinsic function: an object whose only key is {@code Ref} or starts with {@code Fn::}. */
    static boolean intrinsic(JsonNode n) {
        if (n == null || !n.isObject() || n.size() != 1) {
            return false;
        }
        String key = n.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** The name of an intrinsic function ({@code Ref}, {@code Fn::Sub}, ...). */
    static String function(JsonNode n) {
        return n.fieldNames().next();
    }

    /**
     * A short form for people: {@code !Ref Actions}, {@code !GetAtt Role.Arn}, {@code !ImportValue ...}, at most 60 characters.
     */
    static String describe(JsonNode n) {
        if (!intrinsic(n)) {
            String s = n.isTextual() ? n.asText() : n.toString();
            return s.length() > 60 ? s.substring(0, 59) + "…" : s;
        }
        String f = function(n);
        JsonNode arg = n.get(f);
        String name = f.equals("Ref") ? "!Ref" : "!" + f.substring(4);
        String shown;
        if (arg.isTextual()) {
            shown = arg.asText();
        } else if (f.equals("Fn::GetAtt") && arg.isArray() && arg.size() == 2 && arg.get(0).isTextual() && arg.get(1).isTextual()) {
            shown = arg.get(0).asText() + "." + arg.get(1).asText();
        } else if (intrinsic(arg)) {
            shown = describe(arg);
        } else {
            shown = arg.toString();
        }
        String s = name + " " + shown;
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }

    /**
     * What a value that should be a string can be. A literal string, number or boolean is itself; JSON {@code null} is no
     * value; an intrinsic function is read as the class comment says; anything else (an object, an array) is not text and
     * reads as {@code *}.
     *
     * @param deployTime collects, for people, the parts known only at deploy time ({@code !Ref Actions})
     */
    Text text(JsonNode n, List<String> deployTime) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Text.NONE;
        }
        if (n.isValueNode()) {
            return Text.of(n.asText());
        }
        if (!intrinsic(n)) {
            return Text.ANYTHING;
        }
        String f = function(n);
        JsonNode arg = n.get(f);
        return switch (f) {
            case "Ref" -> ref(arg, deployTime);
            case "Fn::GetAtt" -> getAtt(arg, deployTime);
            case "Fn::Sub" -> sub(arg, deployTime);
            case "Fn::Join" -> join(arg, deployTime);
            case "Fn::If" -> branches(arg, deployTime, false);
            case "Fn::Select" -> select(arg, deployTime);
            case "Fn::FindInMap" -> {
                Text out = null;
                List<JsonNode> found = findInMap(arg, deployTime);
                if (found == null) {
                    yield unknown(n, deployTime);
                }
                for (JsonNode v : found) {
                    Text t = v.isValueNode() ? Text.of(v.asText()) : unknown(n, deployTime);
                    out = out == null ? t : out.or(t);
                }
                yield out == null ? unknown(n, deployTime) : out;
            }
            default -> unknown(n, deployTime);
        };
    }

    /**
     * What a value in a list position can hold (every element it can have): a literal array is the union of its elements
     * (each an intrinsic or not), {@code Fn::Split} of known text its pieces, {@code Fn::If} both branches,
     * {@code Fn::FindInMap} every list or value it can find; any other value is {@link #text(JsonNode, List)}.
     */
    Text list(JsonNode n, List<String> deployTime) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Text.NONE;
        }
        if (n.isArray()) {
            Text out = Text.EMPTY;
            for (JsonNode e : n) {
                Text t = e.isArray() ? Text.ANYTHING : list(e, deployTime);
                out = out.or(new Text(t.values(), false, t.unknown()));
            }
            return out;
        }
        if (!intrinsic(n)) {
            return text(n, deployTime);
        }
        String f = function(n);
        JsonNode arg = n.get(f);
        switch (f) {
            case "Fn::If":
                return branches(arg, deployTime, true);
            case "Fn::Split": {
                if (!arg.isArray() || arg.size() != 2) {
                    return unknown(n, deployTime);
                }
                Text delimiter = text(arg.get(0), deployTime);
                Text source = text(arg.get(1), deployTime);
                if (delimiter.values().size() != 1 || delimiter.unknown() || source.unknown() || source.absent()) {
                    // a part known only at deploy time can hold the delimiter, and so any number of other elements
                    return unknown(n, deployTime);
                }
                Text out = Text.EMPTY;
                String d = delimiter.values().get(0);
                for (String s : source.values()) {
                    for (String piece : d.isEmpty() ? List.of(s) : List.of(s.split(java.util.regex.Pattern.quote(d), -1))) {
                        out = out.or(Text.of(piece));
                    }
                }
                return out;
            }
            case "Fn::FindInMap": {
                Text out = null;
                List<JsonNode> found = findInMap(arg, deployTime);
                if (found == null) {
                    return unknown(n, deployTime);
                }
                for (JsonNode v : found) {
                    Text t = v.isArray() ? list(v, deployTime) : v.isValueNode() ? Text.of(v.asText()) : unknown(n, deployTime);
                    out = out == null ? t : out.or(t);
                }
                return out == null ? unknown(n, deployTime) : out;
            }
            case "Fn::GetAZs", "Fn::Cidr":
                return unknown(n, deployTime);
            default:
                return text(n, deployTime);
        }
    }

    private Text unknown(JsonNode n, List<String> deployTime) {
        deployTime.add(describe(n));
        return Text.ANYTHING;
    }

    private Text ref(JsonNode arg, List<String> deployTime) {
        if (!arg.isTextual()) {
            return unknown(wrap("Ref", arg), deployTime);
        }
        String name = arg.asText();
        Text pseudo = pseudo(name);
        if (pseudo != null) {
            return pseudo;
        }
        if (resources.containsKey(name)) {
            return Text.of("{" + name + "}");
        }
        return unknown(wrap("Ref", arg), deployTime);
    }

    /** The pseudo parameters' values, {@code null} for other names; {@code AWS::NotificationARNs} and unknown ones are {@code *}. */
    private static Text pseudo(String name) {
        return switch (name) {
            case "AWS::NoValue" -> Text.NONE;
            case "AWS::Partition" -> Text.of("aws");
            case "AWS::URLSuffix" -> Text.of("amazonaws.com");
            case "AWS::AccountId" -> Text.of("{AccountId}");
            case "AWS::Region" -> Text.of("{Region}");
            case "AWS::StackName" -> Text.of("{StackName}");
            case "AWS::StackId" -> Text.of("{StackId}");
            default -> name.startsWith("AWS::") ? Text.ANYTHING : null;
        };
    }

    private Text getAtt(JsonNode arg, List<String> deployTime) {
        String resource;
        String attribute;
        if (arg.isTextual() && arg.asText().indexOf('.') > 0) {
            String s = arg.asText();
            resource = s.substring(0, s.indexOf('.'));
            attribute = s.substring(s.indexOf('.') + 1);
        } else if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual()) {
            resource = arg.get(0).asText();
            attribute = arg.get(1).isTextual() ? arg.get(1).asText() : "?";
        } else {
            return unknown(wrap("Fn::GetAtt", arg), deployTime);
        }
        if (resources.containsKey(resource)) {
            return Text.of("{" + resource + "." + attribute + "}");
        }
        return unknown(wrap("Fn::GetAtt", arg), deployTime);
    }

    private Text sub(JsonNode arg, List<String> deployTime) {
        JsonNode template = arg;
        JsonNode variables = null;
        if (arg.isArray() && arg.size() == 2) {
            template = arg.get(0);
            variables = arg.get(1);
        }
        if (!template.isTextual()) {
            return unknown(wrap("Fn::Sub", arg), deployTime);
        }
        String s = template.asText();
        List<Text> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("${", i);
            int close = open < 0 ? -1 : s.indexOf('}', open + 2);
            if (open < 0 || close < 0) {
                literal.append(s, i, s.length());
                break;
            }
            literal.append(s, i, open);
            String name = s.substring(open + 2, close);
            if (name.startsWith("!")) {
                // ${!Literal} is the text ${Literal}
                literal.append("${").append(name, 1, name.length()).append('}');
            } else {
                pieces.add(Text.of(literal.toString()));
                literal.setLength(0);
                pieces.add(variable(name, variables, deployTime));
            }
            i = close + 1;
        }
        pieces.add(Text.of(literal.toString()));
        return concat(pieces);
    }

    private Text variable(String name, JsonNode variables, List<String> deployTime) {
        if (variables != null && variables.isObject() && variables.has(name)) {
            Text t = text(variables.get(name), deployTime);
            return t.absent() && t.values().isEmpty() ? Text.of("") : t;
        }
        Text pseudo = pseudo(name);
        if (pseudo != null) {
            return pseudo.values().isEmpty() ? Text.of("") : pseudo;
        }
        int dot = name.indexOf('.');
        String resource = dot > 0 ? name.substring(0, dot) : name;
        if (resources.containsKey(resource)) {
            return Text.of("{" + name + "}");
        }
        deployTime.add("${" + name + "}");
        return Text.ANYTHING;
    }

    /** Every way the pieces can be written one after another; more than {@value #MAX_ALTERNATIVES} read as {@code *} there. */
    private static Text concat(List<Text> pieces) {
        List<String> out = List.of("");
        boolean unknown = false;
        for (Text p : pieces) {
            unknown |= p.unknown();
            List<String> options = p.values().isEmpty() ? List.of("") : p.values();
            if ((long) out.size() * options.size() > MAX_ALTERNATIVES) {
                options = List.of(ANY);
                unknown = true;
            }
            List<String> next = new ArrayList<>(out.size() * options.size());
            for (String prefix : out) {
                for (String o : options) {
                    next.add(prefix + o);
                }
            }
            out = next;
        }
        return new Text(new ArrayList<>(new LinkedHashSet<>(out)), false, unknown);
    }

    private Text join(JsonNode arg, List<String> deployTime) {
        if (!arg.isArray() || arg.size() != 2) {
            return unknown(wrap("Fn::Join", arg), deployTime);
        }
        Text delimiter = text(arg.get(0), deployTime);
        JsonNode parts = arg.get(1);
        if (!parts.isArray()) {
            // a list known only at deploy time (!Ref of a list parameter, !Split, !GetAZs): any number of any elements
            return unknown(wrap("Fn::Join", arg), deployTime);
        }
        List<Text> pieces = new ArrayList<>();
        boolean first = true;
        for (JsonNode p : parts) {
            Text t = text(p, deployTime);
            if (t.absent() && t.values().isEmpty()) {
                continue;
            }
            if (!first) {
                pieces.add(delimiter);
            }
            pieces.add(t);
            first = false;
        }
        return concat(pieces);
    }

    private Text branches(JsonNode arg, List<String> deployTime, boolean asList) {
        if (!arg.isArray() || arg.size() != 3) {
            return unknown(wrap("Fn::If", arg), deployTime);
        }
        Text a = asList ? list(arg.get(1), deployTime) : text(arg.get(1), deployTime);
        Text b = asList ? list(arg.get(2), deployTime) : text(arg.get(2), deployTime);
        return a.or(b);
    }

    private Text select(JsonNode arg, List<String> deployTime) {
        if (!arg.isArray() || arg.size() != 2) {
            return unknown(wrap("Fn::Select", arg), deployTime);
        }
        Text index = text(arg.get(0), deployTime);
        JsonNode from = arg.get(1);
        if (!from.isArray()) {
            Text elements = list(from, deployTime);
            return elements.values().isEmpty() ? unknown(wrap("Fn::Select", arg), deployTime) : elements;
        }
        if (index.values().size() == 1 && !index.unknown()) {
            try {
                int i = Integer.parseInt(index.values().get(0).trim());
                if (i >= 0 && i < from.size()) {
                    return text(from.get(i), deployTime);
                }
            } catch (NumberFormatException e) {
                // not a number: CloudFormation refuses it; read every element
            }
        }
        Text out = Text.EMPTY;
        for (JsonNode e : from) {
            out = out.or(text(e, deployTime));
        }
        return out;
    }

    /**
     * The values {@code Fn::FindInMap [map, top, second]} can find (with the {@code AWS::LanguageExtensions} default value
     * when a key may be missing): a key known only at deploy time matches every key at its level. An empty list when
     * nothing can be found; {@code null} when there are more than {@value #MAX_ALTERNATIVES} (the value then reads as {@code *}).
     */
    private List<JsonNode> findInMap(JsonNode arg, List<String> deployTime) {
        if (!arg.isArray() || arg.size() < 3 || mappings == null || !mappings.isObject()) {
            return List.of();
        }
        List<JsonNode> level = List.of(mappings);
        boolean missing = false;
        for (int k = 0; k < 3; k++) {
            Text key = text(arg.get(k), deployTime);
            // a stack's own value ({Region}, {AccountId}) or a resource's is one known only at deploy time too (mapping
            // keys are alphanumeric, so a key with a brace is never one of them)
            boolean any = key.unknown() || key.values().stream().anyMatch(v -> v.indexOf('{') >= 0);
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode map : level) {
                if (!map.isObject()) {
                    continue;
                }
                if (any) {
                    for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                        next.add(it.next());
                        if (next.size() > MAX_ALTERNATIVES) {
                            return null;
                        }
                    }
                    missing = true;
                } else {
                    for (String v : key.values()) {
                        JsonNode found = map.get(v);
                        if (found == null) {
                            missing = true;
                        } else {
                            next.add(found);
                            if (next.size() > MAX_ALTERNATIVES) {
                                return null;
                            }
                        }
                    }
                }
            }
            level = next;
        }
        List<JsonNode> out = new ArrayList<>(level);
        if (arg.size() == 4 && arg.get(3).isObject() && arg.get(3).has("DefaultValue") && (missing || out.isEmpty())) {
            out.add(arg.get(3).get("DefaultValue"));
        }
        return out;
    }

    private static JsonNode wrap(String function, JsonNode arg) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set(function, arg);
    }
}
