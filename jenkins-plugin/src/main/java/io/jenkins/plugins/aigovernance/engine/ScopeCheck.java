package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.provenance.DeclaredAgent;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.scope.OpaServer;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
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
 * Runs the engine's scope check where the workspace is: the change with the pipeline's declared agent as
 * evidence (the engine's {@code DeclaredAgent}), the owners' overrides given so far, and the deny messages
 * of the given OPA servers (hard-mandatory; an unreachable OPA or an unusable answer fails closed). Returns
 * the decision as JSON text and, for every soft-mandatory rule the change violates, who may override it
 * (the engine's {@code DecisionOwners}: the rule's owners, else the policy's {@code scope.owners}).
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
            Map<String, List<String>> copy = new LinkedHashMap<>();
            ownersByRule.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            ownersByRule = java.util.Collections.unmodifiableMap(copy);
        }

        /** The decision as the engine's record. */
        public ScopeDecision decision() {
            return Documents.read(decisionJson, ScopeDecision.class);
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
        GovernanceEngine engine = new GovernanceEngine(Clock.systemUTC());
        ChangeContext read = ChangeAnalysis.analyze(engine, inputs, dir.toPath(), globalPolicy);
        GovernanceEngine.DeclaredReading declared = engine.withDeclaredAgent(
                read,
                declaredAgent == null
                        ? null
                        : new DeclaredAgent(declaredAgent, "aiScopeCheck(agent: '" + declaredAgent + "')"));
        ChangeContext ctx = declared.context();
        List<ScopeOverride> overrides = List.of(Documents.read(overridesJson, ScopeOverride[].class));
        RiskAssessment risk = engine.assessRisk(ctx);
        List<OpaServer> servers = opa.stream().map(OpaTarget::server).toList();
        ScopeDecision decision = engine.checkScope(ctx, risk, overrides, servers);
        return new Result(
                Documents.toJson(decision), engine.overrideOwners(decision, ctx.policy()), declared.mismatch());
    }
}
