package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.Arrays;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The security realm's groups that count as one of the policy's approver groups. The policy's
 * {@code approval.tiers} names groups per tier ({@code platform-leads}); when the realm calls them
 * something else ({@code ldap-platform-leads}), this says so.
 */
public class ApproverGroupMapping implements Describable<ApproverGroupMapping> {

    private final String policyGroup;
    private final String jenkinsGroups;

    @DataBoundConstructor
    public ApproverGroupMapping(String policyGroup, String jenkinsGroups) {
        this.policyGroup = Util.fixNull(policyGroup).trim();
        this.jenkinsGroups = Util.fixNull(jenkinsGroups).trim();
    }

    /** The group as the policy names it. */
    public String getPolicyGroup() {
        return policyGroup;
    }

    /** Comma-separated security realm groups. */
    public String getJenkinsGroups() {
        return jenkinsGroups;
    }

    @NonNull
    List<String> jenkinsGroupList() {
        return Arrays.stream(jenkinsGroups.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Descriptor. */
    @Extension
    @Symbol("approverGroup")
    public static class DescriptorImpl extends Descriptor<ApproverGroupMapping> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ApproverGroupMapping_DisplayName();
        }
    }
}
