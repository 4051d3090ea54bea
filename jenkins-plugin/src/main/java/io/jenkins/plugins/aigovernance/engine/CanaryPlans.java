package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.config.WorkspacePaths;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.argo.ArgoAnalysisTemplates;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.policy.CanaryPlanReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The canary plan a step runs, read by the engine: a plan file of the workspace (a plan, or Argo
 * Rollouts analysis templates with arguments and weights), or a template of the policy in force,
 * which the engine resolves through the same chain as the policy and at the change's base revision,
 * so a change cannot edit the template it is judged by. Reading a template needs the workspace's git
 * repository; without a workspace it fails (closed) rather than fall back to a weaker policy.
 */
@Restricted(NoExternalUse.class)
public final class CanaryPlans {

    private CanaryPlans() {}

    /**
     * A plan file of the workspace.
     *
     * @param relative the file, relative to the workspace
     * @param template for a file of Argo analysis templates or a policy file, the template's name; else {@code null}
     * @param args     Argo template arguments, one {@code NAME=VALUE} a line, or {@code null}
     * @param weights  Argo canary weights such as {@code 5, 20, 100}, or {@code null}
     */
    public static CanaryPlan planFile(
            @CheckForNull FilePath workspace,
            String relative,
            @CheckForNull String template,
            @CheckForNull String args,
            @CheckForNull String weights)
            throws IOException, InterruptedException {
        if (workspace == null) {
            throw new InvalidInputException(
                    relative, "reading a plan file needs a workspace (run the step inside node)");
        }
        if (!WorkspacePaths.isRelativeInside(relative)) {
            throw new InvalidInputException(relative, "must be relative to the workspace and stay inside it");
        }
        FilePath f = workspace.child(relative);
        if (!f.exists() || f.length() > CanaryPlanReader.MAX_BYTES) {
            throw new InvalidInputException(
                    relative, "no readable plan file of at most " + CanaryPlanReader.MAX_BYTES + " bytes");
        }
        byte[] bytes = f.readToString().getBytes(StandardCharsets.UTF_8);
        return new CanaryPlanReader()
                .parse(
                        relative,
                        bytes,
                        template,
                        ArgoAnalysisTemplates.arguments("args", args),
                        ArgoAnalysisTemplates.weights("weights", weights));
    }

    /**
     * A template of the policy in force for the change {@code inputs} name.
     *
     * @param globalPolicy the global default policy YAML, or {@code null}
     */
    public static CanaryPlan template(
            @CheckForNull FilePath workspace, ChangeInputs inputs, @CheckForNull String globalPolicy, String template)
            throws IOException, InterruptedException {
        if (workspace == null) {
            throw new InvalidInputException(
                    template,
                    "a policy template is read from the repository at the change's base"
                            + " revision, which needs a workspace (run the step inside node)");
        }
        return Documents.read(workspace.act(new TemplateAtBase(inputs, globalPolicy, template)), CanaryPlan.class);
    }

    /** Resolves the template where the workspace is; the plan travels back as JSON text. */
    private static final class TemplateAtBase extends MasterToSlaveFileCallable<String> {

        private static final long serialVersionUID = 1L;

        private final ChangeInputs inputs;
        private final String globalPolicy;
        private final String template;

        TemplateAtBase(ChangeInputs inputs, @CheckForNull String globalPolicy, String template) {
            this.inputs = inputs;
            this.globalPolicy = globalPolicy;
            this.template = template;
        }

        @Override
        public String invoke(File dir, VirtualChannel channel) {
            CanaryPlan plan = new GovernanceEngine(Clock.systemUTC())
                    .canaryTemplate(
                            inputs.toRequest(dir.toPath()),
                            inputs.policyChain(dir.toPath(), JenkinsInputs.globalPolicy(globalPolicy)),
                            template);
            return Documents.toJson(plan);
        }
    }
}
