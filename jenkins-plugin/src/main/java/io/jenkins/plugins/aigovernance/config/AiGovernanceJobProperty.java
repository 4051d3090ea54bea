package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Job;
import hudson.util.FormValidation;
import jenkins.model.OptionalJobProperty;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Per-job settings: the workspace-relative policy file the job's steps use when a step names none.
 * In a Jenkinsfile {@code properties([aiGovernancePolicy(policyPath: 'ops/ai-governance.yml')])}; in Job DSL
 * {@code properties { aiGovernancePolicy { policyPath('ops/ai-governance.yml') } }}.
 */
public class AiGovernanceJobProperty extends OptionalJobProperty<Job<?, ?>> {

    private final String policyPath;

    @DataBoundConstructor
    public AiGovernanceJobProperty(String policyPath) {
        this.policyPath = Util.fixEmptyAndTrim(policyPath);
    }

    /** Workspace-relative policy file, or {@code null} for the repository's own / the global default. */
    @CheckForNull
    public String getPolicyPath() {
        return policyPath;
    }

    /** Descriptor. */
    @Extension
    @Symbol("aiGovernancePolicy")
    public static class DescriptorImpl extends OptionalJobPropertyDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiGovernanceJobProperty_DisplayName();
        }

        /** The path must stay inside the workspace. */
        @POST
        public FormValidation doCheckPolicyPath(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            return WorkspacePaths.check(value);
        }
    }
}
