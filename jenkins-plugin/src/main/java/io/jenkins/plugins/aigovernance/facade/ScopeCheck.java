package io.jenkins.plugins.aigovernance.facade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.ScopeRule;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
import io.jenkins.plugins.aigovernance.core.scope.ScopeViolation;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Runs the scope engine where the workspace is, with the owners' overrides given so far, and merges
 * the deny messages of the given OPA servers (the engine's {@code OpaScopeCheck}: hard-mandatory
 * violations; an unreachable OPA or an unusable answer fails closed). Returns the decision as JSON
 * text and, for every soft-mandatory rule the change violates, who may override it (the rule's
 * owners, else the policy's {@code scope.owners}), as the policy says.
 */
@Restricted(NoExternalUse.class)
public final class ScopeCheck extends MasterToSlaveFileCallable<ScopeCheck.Result> {

    private static final long serialVersionUID = 1L;

    /**
     * @param decisionJson    the {@code ScopeDecision}
     * @param ownersByRule    rule id → who may override it, for the soft-mandatory rules among the violations
     * @param agentMismatch   the agent provenance detected when it differs from the declared one, or {@code null}
     */
    public record Result(
            String decisionJson,
            Map<String, List<String>> ownersByRule,
            @CheckForNull String agentMismatch) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Result {
            ownersByRule = Map.copyOf(ownersByRule);
        }
    }

    private final ChangeInputs inputs;
    private final String globalPolicy;
    private final String declaredAgent;
    private final String overridesJson;
    private final ArrayList<OpaTarget> opa;

    /**
     * @param declaredAgent the agent the pipeline says made the change, used when provenance found none
     * @param overrides     owners' overrides given so far
     */
    public ScopeCheck(
            ChangeInputs inputs,
            @CheckForNull String globalPolicy,
            @CheckForNull String declaredAgent,
            List<ScopeOverride> overrides) {
        this(inputs, globalPolicy, declaredAgent, overrides, List.of());
    }

    /**
     * @param declaredAgent the agent the pipeline says made the change, used when provenance found none
     * @param overrides     owners' overrides given so far
     * @param opa           OPA servers and packages whose deny messages are merged, in order
     */
    public ScopeCheck(
            ChangeInputs inputs,
            @CheckForNull String globalPolicy,
            @CheckForNull String declaredAgent,
            List<ScopeOverride> overrides,
            List<OpaTarget> opa) {
        this.inputs = inputs;
        this.globalPolicy = globalPolicy;
        this.declaredAgent = declaredAgent;
        this.overridesJson = Documents.toJson(overrides);
        this.opa = new ArrayList<>(opa);
    }

    @Override
    public Result invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        GovernanceEngine engine = new GovernanceEngine(clock);
        ChangeContext ctx = ChangeAnalysis.analyze(engine, inputs, dir.toPath(), globalPolicy);
        String mismatch = null;
        Provenance p = ctx.provenance();
        if (declaredAgent != null) {
            if (p.agentId() == null) {
                // the pipeline knows which agent asked for this build: the stricter reading applies
                ChangeSource source = p.source() == ChangeSource.HUMAN || p.source() == ChangeSource.UNKNOWN
                        ? ChangeSource.AI_AGENT
                        : p.source();
                List<String> evidence = new ArrayList<>(p.evidence());
                evidence.add("declared by the pipeline: aiScopeCheck(agent: '" + declaredAgent + "')");
                ctx = new ChangeContext(
                        ctx.change(),
                        ctx.fingerprint(),
                        new Provenance(source, declaredAgent, p.aiLineShare(), evidence, p.requesters(), p.commits()),
                        ctx.policy(),
                        ctx.environment(),
                        ctx.branch());
            } else if (!p.agentId().equalsIgnoreCase(declaredAgent)) {
                mismatch = p.agentId();
            }
        }
        List<ScopeOverride> overrides = List.of(Documents.read(overridesJson, ScopeOverride[].class));
        RiskAssessment risk = engine.assessRisk(ctx);
        ScopeDecision decision = new ScopeEvaluator(ctx.policy(), clock).evaluate(ctx, risk, overrides);
        for (OpaTarget target : opa) {
            decision = target.check().apply(decision, ctx, risk);
        }
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (ScopeViolation v : decision.violations()) {
            if (v.enforcement() == Enforcement.SOFT_MANDATORY && !owners.containsKey(v.rule())) {
                owners.put(v.rule(), ownersOf(ctx, v.rule()));
            }
        }
        return new Result(Documents.toJson(decision), owners, mismatch);
    }

    private static List<String> ownersOf(ChangeContext ctx, String ruleId) {
        for (ScopeRule r : ctx.policy().scope().rules()) {
            if (ruleId.equals(r.id()) && r.owners() != null) {
                return List.copyOf(r.owners());
            }
        }
        return List.copyOf(ctx.policy().scope().owners());
    }
}
