package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.ScopeEffect;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.util.ArrayList;
import java.util.List;

/**
 * Scope checking by a team's existing Rego policy: sends {@link OpaInput} to OPA and turns every
 * message of the package's {@code deny} set into a hard-mandatory violation (rule
 * {@code opa:<package>}). {@code deny} entries may be strings or objects with a {@code msg} string.
 * A result without {@code deny}, or with other entries, fails closed.
 */
public final class OpaScopeCheck {

    private final OpaClient client;
    private final String packagePath;

    /**
     * @param packagePath the Rego package, {@code ai_devops.scope} or {@code ai_devops/scope}
     */
    public OpaScopeCheck(OpaClient client, String packagePath) {
        this.client = client;
        this.packagePath = packagePath;
        client.dataUrl(packagePath); // refuse a bad package path early
    }

    /** The rule id violations are reported under. */
    public String ruleId() {
        return "opa:" + packagePath.trim().replace('.', '/');
    }

    /** The deny messages for a change, as violations. */
    public List<ScopeViolation> check(ChangeContext ctx, RiskAssessment risk) {
        JsonNode result = client.evaluate(packagePath, OpaInput.of(ctx, risk));
        String where = client.dataUrl(packagePath).toString();
        JsonNode deny = result.isObject() ? result.get("deny") : null;
        if (deny == null || !(deny.isArray() || deny.isObject())) {
            throw new InvalidInputException(where, "the result has no 'deny' set (the package must define deny) (failing closed)");
        }
        List<ScopeViolation> out = new ArrayList<>();
        if (deny.isObject()) {
            // a partial object rule, deny[msg] = true or deny[key] = msg
            deny.fields().forEachRemaining(e -> out.add(violation(e.getValue().isTextual() ? e.getValue().asText() : e.getKey())));
            return out;
        }
        for (JsonNode d : deny) {
            if (d.isTextual()) {
                out.add(violation(d.asText()));
            } else if (d.isObject() && d.path("msg").isTextual()) {
                out.add(violation(d.get("msg").asText()));
            } else {
                throw new InvalidInputException(where, "a deny entry is neither a string nor an object with a 'msg' string: " + d
                        + " (failing closed)");
            }
        }
        return out;
    }

    /** The decision with OPA's violations added (a deny when OPA denies anything). */
    public ScopeDecision apply(ScopeDecision decision, ChangeContext ctx, RiskAssessment risk) {
        return decision.withExternalViolations("opa " + client.dataUrl(packagePath), check(ctx, risk));
    }

    private ScopeViolation violation(String message) {
        return new ScopeViolation(ruleId(), ScopeEffect.DENY, Enforcement.HARD_MANDATORY, message, SubjectKind.CHANGE, null);
    }
}
