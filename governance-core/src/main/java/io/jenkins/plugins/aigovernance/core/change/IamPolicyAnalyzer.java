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
 * <li>{@link ResourceTrait#IAM_PUBLIC_PRINCIPAL}: an Allow to principal {@code *} (also {@code {"AWS": "*"}}, an ARN
 *     with a wildcard account, or {@code NotPrincipal}) that no condition on the caller's account, organization, source
 *     or network restricts. A condition restricts only when its values do: {@code ForAllValues:} operators, wildcard
 *     values ({@code *}, {@code o-*}), open networks ({@code 0.0.0.0/0}) and ARNs without a literal account
 *     ({@code arn:aws:s3:::bucket}, {@code arn:aws:iam::*:role/x}) restrict nothing (as policyuniverse reads them);</li>
 * <li>{@link ResourceTrait#IAM_PERMISSION_BOUNDARY}: an identity policy allowing an action that sets or removes
 *     permissions boundaries ({@code iam:PutRolePermissionsBoundary}, ..., or a wildcard covering it);</li>
 * <li>{@link ResourceTrait#IAM_ACCOUNT_LEVEL}: an identity policy allowing, on resource {@code *} or a wildcard resource,
 *     a privilege-escalation permission ({@code *}, {@code iam:*}, {@code iam:AttachUserPolicy}, {@code iam:PutRolePolicy},
 *     {@code iam:CreatePolicyVersion}, {@code iam:AddUserToGroup}, {@code lambda:UpdateFunctionCode},
 *     {@code glue:UpdateDevEndpoint}, ...), {@code iam:PassRole} on any role together with a service that runs it
 *     ({@code ec2:RunInstances}, {@code lambda:CreateFunction}, ...), or write actions of {@code organizations} or
 *     {@code account}.</li>
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
    /**
     * Single permissions that grant more power (the published privilege-escalation methods: Rhino Security Labs,
     * as cloudsplaining and pmapper check them): policy writes, credentials for other users, group membership, and
     * replacing the code that runs as an existing role.
     */
    private static final List<String> ESCALATION = List.of("iam:attachuserpolicy", "iam:attachrolepolicy", "iam:attachgrouppolicy",
            "iam:putuserpolicy", "iam:putrolepolicy", "iam:putgrouppolicy", "iam:createpolicyversion", "iam:setdefaultpolicyversion",
            "iam:updateassumerolepolicy", "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
            "iam:addusertogroup", "lambda:updatefunctioncode", "lambda:updatefunctionconfiguration", "glue:updatedevendpoint",
            "codebuild:updateproject", "ssm:sendcommand", "ssm:startsession", "ec2instanceconnect:sendsshpublickey");
    /** Services that run a role passed with {@code iam:PassRole}: with both, a caller acts as any role it can pass. */
    private static final List<String> PASS_ROLE_RUNNERS = List.of("ec2:runinstances", "lambda:createfunction", "glue:createdevendpoint",
            "glue:createjob", "cloudformation:createstack", "cloudformation:updatestack", "datapipeline:createpipeline",
            "sagemaker:createnotebookinstance", "sagemaker:createtrainingjob", "sagemaker:createprocessingjob", "ecs:runtask",
            "ecs:registertaskdefinition", "codebuild:createproject", "codestar:createproject", "autoscaling:createlaunchconfiguration",
            "ec2:createlaunchtemplate", "states:createstatemachine", "apprunner:createservice", "batch:submitjob");
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
    /** Keys whose value is an ARN: it restricts only with a literal account (an S3 ARN has none: any account's bucket). */
    private static final Set<String> ARN_KEYS = Set.of("aws:principalarn", "aws:sourcearn");
    /** Keys whose value is a network range. */
    private static final Set<String> IP_KEYS = Set.of("aws:sourceip", "aws:vpcsourceip");

    /** Made on first use: a change without IAM documents loads no data binding (docs/performance.md, start-up). */
    private final java.util.function.Supplier<ObjectMapper> json;

    /** An analyzer with {@link InputLimits#defaults()}. */
    public IamPolicyAnalyzer() {
        this(InputLimits.defaults());
    }

    public IamPolicyAnalyzer(InputLimits limits) {
        var constraints = limits.jsonConstraints();
        json = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(
                () -> io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictMapper(constraints));
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
            root = json.get().readTree(document);
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
            List<Grant> grants = new ArrayList<>();
            if (statements.isObject()) {
                statement(statements, traits, details, grants);
            } else if (statements.isArray()) {
                for (JsonNode s : statements) {
                    statement(s, traits, details, grants);
                }
            } else {
                throw new Unreadable("Statement is neither an object nor an array");
            }
            passRole(grants, traits, details);
            return new IamPolicyAnalysis(traits, details.toList(), true);
        } catch (Unreadable e) {
            return IamPolicyAnalysis.unreadable("unreadable policy document (" + e.getMessage() + ")");
        }
    }

    /** The actions one Allow statement of an identity policy grants, kept to find permissions that combine. */
    private record Grant(List<String> patterns, boolean notAction, boolean broadResource) {
        boolean covers(String action) {
            return coversAny(patterns, notAction, List.of(action));
        }
    }

    /**
     * {@code iam:PassRole} on any role together with a service that runs a passed role ({@code ec2:RunInstances},
     * {@code lambda:CreateFunction}, {@code glue:CreateDevEndpoint}, {@code cloudformation:CreateStack}, ...), in
     * the same or different statements: the caller can act as any role it passes, which is account-level power.
     */
    private static void passRole(List<Grant> grants, Set<ResourceTrait> traits, ResourceDetails details) {
        boolean passRole = false;
        for (Grant g : grants) {
            passRole |= g.broadResource() && g.covers("iam:passrole");
        }
        if (!passRole) {
            return;
        }
        for (String runner : PASS_ROLE_RUNNERS) {
            for (Grant g : grants) {
                if (g.covers(runner)) {
                    if (!traits.contains(ResourceTrait.IAM_ACCOUNT_LEVEL)) {
                        details.add("Allow iam:PassRole on any role with " + runner + " (privilege escalation: runs code as a passed role)");
                    }
                    traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
                    return;
                }
            }
        }
    }

    private static void statement(JsonNode s, Set<ResourceTrait> traits, ResourceDetails details, List<Grant> grants) {
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
        boolean broadResource = anyResource || (resources != null && resources.stream().anyMatch(r -> r.contains("*")));
        boolean identityPolicy = principal == null;
        if (identityPolicy) {
            grants.add(new Grant(patterns, notAction, broadResource));
        }

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
            if (broadResource && coversAny(patterns, notAction, ESCALATION)) {
                found.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
                note = patterns.contains("*") || (notAction && coversAny(patterns, true, List.of("iam:putrolepolicy")))
                        ? "full administrator" : "privilege escalation: " + firstCovered(patterns, notAction, ESCALATION);
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

    /** The first of {@code wanted} the statement covers, as IAM spells it ({@code iam:PutRolePolicy} → lower case here). */
    private static String firstCovered(List<String> patterns, boolean notAction, List<String> wanted) {
        for (String w : wanted) {
            if (coversAny(patterns, notAction, List.of(w))) {
                return w;
            }
        }
        return "?";
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
                for (String v : values) {
                    // "*", or an ARN whose account is a wildcard (arn:aws:iam::*:root): anyone
                    anyone |= v.equals("*") || (v.startsWith("arn:") && !literalAccount(v));
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
     * Whether a condition ties the caller to an account, organization, identity, source or network: a positive
     * operator (not {@code ...Not...}, not {@code ...IfExists}, not {@code Null}, not {@code ForAllValues:}, which is
     * vacuously true for a caller without the key) on one of {@link #RESTRICTING_KEYS} whose every value restricts
     * (see {@link #restricts(String, String)}).
     */
    private static boolean restrictingCondition(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> op : condition.properties()) {
            String operator = op.getKey().toLowerCase(Locale.ROOT);
            if (operator.contains("not") || operator.endsWith("ifexists") || operator.equals("null") || operator.startsWith("forallvalues:")
                    || !op.getValue().isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                String k = key.getKey().toLowerCase(Locale.ROOT);
                if (!RESTRICTING_KEYS.contains(k)) {
                    continue;
                }
                JsonNode v = key.getValue();
                if (v.isValueNode() && restricts(k, v.asText())) {
                    return true;
                }
                if (v.isArray() && !v.isEmpty()) {
                    boolean all = true;
                    for (JsonNode x : v) {
                        all &= x.isValueNode() && restricts(k, x.asText());
                    }
                    if (all) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether one condition value narrows who can call: not empty, not a wildcard standing for any account, organization
     * or identity ({@code *}, {@code o-*}, {@code 1234*}), not an open network ({@code 0.0.0.0/0}, {@code ::/0}), and for
     * ARN keys ({@code aws:SourceArn}, {@code aws:PrincipalArn}) an ARN with a literal account.
     */
    static boolean restricts(String key, String value) {
        if (value.isEmpty()) {
            return false;
        }
        if (IP_KEYS.contains(key)) {
            int slash = value.indexOf('/');
            return slash < 0 || !value.substring(slash + 1).equals("0");
        }
        if (ARN_KEYS.contains(key)) {
            return value.startsWith("arn:") && literalAccount(value);
        }
        return value.indexOf('*') < 0 && value.indexOf('?') < 0;
    }

    /** Whether an ARN ({@code arn:partition:service:region:account:resource}) names one account, with no wildcard. */
    private static boolean literalAccount(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return false;
        }
        String account = parts[4];
        return !account.isEmpty() && account.indexOf('*') < 0 && account.indexOf('?') < 0;
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
