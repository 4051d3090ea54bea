package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an AWS IAM policy document (identity policy, trust policy or resource policy) and says what
 * it allows, as {@link ResourceTrait}s:
 * <ul>
 * <li>{@link ResourceTrait#IAM_WILDCARD_ACTION}: an Allow with {@code *} or {@code service:*}, or with {@code NotAction};</li>
 * <li>{@link ResourceTrait#IAM_WILDCARD_RESOURCE}: an Allow on resource {@code *} or with {@code NotResource};</li>
 * <li>{@link ResourceTrait#IAM_TRUST_POLICY}: an Allow of {@code sts:AssumeRole*} to a principal;</li>
 * <li>{@link ResourceTrait#IAM_PUBLIC_PRINCIPAL}: an Allow to principal {@code *} (also {@code {"AWS": "*"}}
 *     or {@code NotPrincipal}) that no condition on the caller's account, organization, source or network restricts;</li>
 * <li>{@link ResourceTrait#IAM_PERMISSION_BOUNDARY}: an identity policy allowing an action that sets or removes
 *     permissions boundaries ({@code iam:PutRolePermissionsBoundary}, ..., or a wildcard covering it);</li>
 * <li>{@link ResourceTrait#IAM_ACCOUNT_LEVEL}: an identity policy allowing, on resource {@code *}, an action that
 *     grants more permissions ({@code *}, {@code iam:*}, {@code iam:AttachUserPolicy}, {@code iam:PutRolePolicy},
 *     {@code iam:CreatePolicyVersion}, ...), or allowing write actions of {@code organizations} or {@code account}.</li>
 * </ul>
 * Deny statements never add traits. Action names and wildcards ({@code *}, {@code ?}) match case-insensitively,
 * as IAM does.
 *
 * <p>Fails closed: a document that cannot be read (malformed JSON, duplicate keys, no {@code Statement},
 * values of the wrong type, over a limit) is analysed as {@code Allow * on *}; see
 * {@link IamPolicyAnalysis#unreadable(String)}. This class holds no mutable state and is safe to share.
 */
public final class IamPolicyAnalyzer {

    private static final List<String> ASSUME_ROLE = List.of("sts:assumerole", "sts:assumerolewithwebidentity", "sts:assumerolewithsaml");
    private static final List<String> BOUNDARY = List.of("iam:putrolepermissionsboundary", "iam:deleterolepermissionsboundary",
            "iam:putuserpermissionsboundary", "iam:deleteuserpermissionsboundary");
    private static final List<String> ESCALATION = List.of("iam:attachuserpolicy", "iam:attachrolepolicy", "iam:attachgrouppolicy",
            "iam:putuserpolicy", "iam:putrolepolicy", "iam:putgrouppolicy", "iam:createpolicyversion", "iam:setdefaultpolicyversion",
            "iam:updateassumerolepolicy", "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile");
    private static final List<String> ORGANIZATION = List.of("organizations:leaveorganization", "organizations:createaccount",
            "organizations:closeaccount", "organizations:attachpolicy", "organizations:detachpolicy", "organizations:updatepolicy",
            "organizations:deletepolicy", "organizations:deleteorganization", "organizations:removeaccountfromorganization",
            "organizations:inviteaccounttoorganization", "organizations:disableawsserviceaccess", "account:putalternatecontact",
            "account:putcontactinformation", "account:enableregion", "account:disableregion", "account:putaccountname");
    /** Condition keys that tie a caller to an account, organization, identity, source or network. */
    private static final Set<String> RESTRICTING_KEYS = Set.of("aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount",
            "aws:principalarn", "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
            "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:vpcsourceip", "aws:userid", "aws:username",
            "aws:resourceaccount", "aws:resourceorgid", "kms:calleraccount", "kms:viaservice");

    private final ObjectMapper json;

    /** An analyzer with {@link InputLimits#defaults()}. */
    public IamPolicyAnalyzer() {
        this(InputLimits.defaults());
    }

    public IamPolicyAnalyzer(InputLimits limits) {
        json = io.jenkins.plugins.aigovernance.core.JsonDocuments.strictMapper(limits.jsonConstraints());
    }

    /**
     * Analyses a policy document given as JSON text. Never throws for bad documents: they get the
     * fail-closed reading of {@link IamPolicyAnalysis#unreadable(String)}.
     */
    public IamPolicyAnalysis analyze(String document) {
        if (document == null || document.isBlank()) {
            return IamPolicyAnalysis.unreadable("empty policy document");
        }
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JsonProcessingException e) {
            return IamPolicyAnalysis.unreadable("unreadable policy document (" + JsonProblem.describe(e) + ")");
        }
        return analyze(root);
    }

    /** Analyses an already parsed policy document. */
    IamPolicyAnalysis analyze(JsonNode root) {
        try {
            if (root == null || !root.isObject()) {
                throw new Unreadable("policy document is not a JSON object");
            }
            JsonNode statements = root.get("Statement");
            if (statements == null || statements.isNull()) {
                throw new Unreadable("policy document has no Statement");
            }
            EnumSet<ResourceTrait> traits = EnumSet.of(ResourceTrait.IAM);
            ResourceDetails details = new ResourceDetails();
            if (statements.isObject()) {
                statement(statements, traits, details);
            } else if (statements.isArray()) {
                for (JsonNode s : statements) {
                    statement(s, traits, details);
                }
            } else {
                throw new Unreadable("Statement is neither an object nor an array");
            }
            return new IamPolicyAnalysis(traits, details.toList(), true);
        } catch (Unreadable e) {
            return IamPolicyAnalysis.unreadable("unreadable policy document (" + e.getMessage() + ")");
        }
    }

    private static void statement(JsonNode s, Set<ResourceTrait> traits, ResourceDetails details) {
        if (!s.isObject()) {
            throw new Unreadable("a statement is not an object");
        }
        JsonNode effect = s.get("Effect");
        if (effect != null && !effect.isTextual()) {
            throw new Unreadable("Effect is not a string");
        }
        List<String> actions = strings(s, "Action");
        List<String> notActions = strings(s, "NotAction");
        List<String> resources = strings(s, "Resource");
        List<String> notResources = strings(s, "NotResource");
        if ((actions == null) == (notActions == null)) {
            throw new Unreadable("a statement needs exactly one of Action and NotAction");
        }
        Principal principal = principal(s);
        if (effect != null && "Deny".equals(effect.asText())) {
            // only Allow grants anything; a missing or unknown Effect is read as Allow (fail closed)
            return;
        }
        boolean notAction = notActions != null;
        List<String> patterns = notAction ? lower(notActions) : lower(actions);
        boolean anyAction = notAction;
        for (String a : patterns) {
            if (!notAction && (a.equals("*") || a.endsWith(":*"))) {
                anyAction = true;
            }
        }
        boolean anyResource = notResources != null || (resources != null && resources.contains("*"));
        boolean identityPolicy = principal == null;

        EnumSet<ResourceTrait> found = EnumSet.noneOf(ResourceTrait.class);
        String note = null;
        if (anyAction) {
            found.add(ResourceTrait.IAM_WILDCARD_ACTION);
        }
        if (anyResource) {
            found.add(ResourceTrait.IAM_WILDCARD_RESOURCE);
        }
        if (principal != null && coversAny(patterns, notAction, ASSUME_ROLE)) {
            found.add(ResourceTrait.IAM_TRUST_POLICY);
        }
        if (principal != null && principal.anyone()) {
            if (restrictingCondition(s.get("Condition"))) {
                note = "restricted by condition";
            } else {
                found.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
                note = "public";
            }
        }
        if (identityPolicy && coversAny(patterns, notAction, BOUNDARY)) {
            found.add(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        }
        if (identityPolicy) {
            if (anyResource && coversAny(patterns, notAction, ESCALATION)) {
                found.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
                note = patterns.contains("*") || notAction ? "full administrator" : "can grant itself more permissions";
            } else if (coversAny(patterns, notAction, ORGANIZATION)) {
                found.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
                note = "organization or account settings";
            }
        }
        if (found.isEmpty() && note == null) {
            return;
        }
        traits.addAll(found);
        StringBuilder d = new StringBuilder("Allow ");
        d.append(notAction ? "all but " + list(notActions) : list(actions));
        if (resources != null || notResources != null) {
            d.append(" on ").append(notResources != null ? "all but " + list(notResources) : list(resources));
        }
        if (principal != null) {
            d.append(" to ").append(principal.summary());
        }
        if (note != null) {
            d.append(" (").append(note).append(')');
        }
        details.add(d.toString());
    }

    /** Whether the statement's actions (or everything but its NotActions) include one of {@code wanted}. */
    private static boolean coversAny(List<String> patterns, boolean notAction, List<String> wanted) {
        for (String w : wanted) {
            boolean matched = false;
            for (String p : patterns) {
                if (wildcardMatch(p, w)) {
                    matched = true;
                    break;
                }
            }
            if (matched != notAction) {
                return true;
            }
        }
        return false;
    }

    /** IAM wildcard match ({@code *} any run, {@code ?} one character), both sides lower case. */
    static boolean wildcardMatch(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private record Principal(boolean anyone, String summary) {
    }

    private static Principal principal(JsonNode s) {
        JsonNode p = s.get("Principal");
        boolean not = false;
        if (p == null) {
            p = s.get("NotPrincipal");
            not = true;
        }
        if (p == null || p.isNull()) {
            return null;
        }
        boolean anyone = not;
        List<String> parts = new ArrayList<>();
        if (p.isTextual()) {
            anyone |= p.asText().equals("*");
            parts.add(p.asText());
        } else if (p.isObject()) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                List<String> values = strings(p, e.getKey());
                if (values.contains("*")) {
                    anyone = true;
                }
                parts.add(e.getKey() + " " + list(values));
            }
        } else {
            throw new Unreadable("Principal is neither a string nor an object");
        }
        String summary = String.join(", ", parts);
        return new Principal(anyone, not ? "all but " + summary : summary);
    }

    /**
     * Whether a condition ties the caller to an account, organization, identity, source or network:
     * a positive operator (not {@code ...Not...}, not {@code ...IfExists}, not {@code Null}) on one of
     * {@link #RESTRICTING_KEYS} with a value other than {@code *}.
     */
    private static boolean restrictingCondition(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> op : condition.properties()) {
            String operator = op.getKey().toLowerCase(Locale.ROOT);
            if (operator.contains("not") || operator.endsWith("ifexists") || operator.equals("null") || !op.getValue().isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                if (!RESTRICTING_KEYS.contains(key.getKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                JsonNode v = key.getValue();
                if (v.isValueNode() && !v.asText().equals("*") && !v.asText().isEmpty()) {
                    return true;
                }
                if (v.isArray() && !v.isEmpty()) {
                    boolean all = true;
                    for (JsonNode x : v) {
                        all &= x.isValueNode() && !x.asText().equals("*") && !x.asText().isEmpty();
                    }
                    if (all) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A string or array of strings; {@code null} when absent. */
    private static List<String> strings(JsonNode s, String field) {
        JsonNode n = s.get(field);
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return List.of(n.asText());
        }
        if (n.isArray()) {
            List<String> out = new ArrayList<>(n.size());
            for (JsonNode x : n) {
                if (!x.isTextual()) {
                    throw new Unreadable(field + " holds a value that is not a string");
                }
                out.add(x.asText());
            }
            return out;
        }
        throw new Unreadable(field + " is neither a string nor an array of strings");
    }

    private static List<String> lower(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(v.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String list(List<String> values) {
        if (values.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder();
        int shown = Math.min(values.size(), 3);
        for (int i = 0; i < shown; i++) {
            String v = values.get(i);
            b.append(i == 0 ? "" : ", ").append(v.length() > 60 ? v.substring(0, 59) + "…" : v);
        }
        if (values.size() > shown) {
            b.append(" +").append(values.size() - shown).append(" more");
        }
        return b.toString();
    }

    /** A document that cannot be analysed; caught within this class. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
