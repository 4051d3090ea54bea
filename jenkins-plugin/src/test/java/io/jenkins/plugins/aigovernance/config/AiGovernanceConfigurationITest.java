package io.jenkins.plugins.aigovernance.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.util.FormValidation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiGovernanceConfigurationITest {

    @Test
    void defaultPolicyCheckShowsTheEnginesProblemsWithLineNumbers(JenkinsRule j) {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();

        FormValidation bad = config.doCheckDefaultPolicy("apiVersion: ai-governance/v1\nrisk:\n  nosuchfield: 1\n");

        assertThat(bad.kind, is(FormValidation.Kind.ERROR));
        assertThat(bad.renderHtml(), containsString("line 3"));
        assertThat(bad.renderHtml(), containsString("nosuchfield"));
        assertThat(config.doCheckDefaultPolicy("apiVersion: ai-governance/v1\n").kind, is(FormValidation.Kind.OK));
        assertThat(config.doCheckDefaultPolicy("").kind, is(FormValidation.Kind.OK));
    }

    @Test
    void settingsSurviveTheConfigurationForm(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setAiAgentAccounts(List.of(new AiAgentAccount("devin-bot")));
        config.setApproverGroups(List.of(new ApproverGroupMapping("platform-leads", "ldap-platform")));
        config.setPrometheusUrl("https://prometheus.example.com");

        j.configRoundtrip();

        assertThat(config.isAiAgentAccount("devin-bot"), is(true));
        assertThat(config.realmGroupsFor("platform-leads"), is(List.of("platform-leads", "ldap-platform")));
        assertThat(config.getPrometheusUrl(), is("https://prometheus.example.com"));
    }

    @Test
    void pathsMustStayInsideTheWorkspace() {
        assertThat(WorkspacePaths.isRelativeInside("ops/policy.yml"), is(true));
        assertThat(WorkspacePaths.isRelativeInside("../policy.yml"), is(false));
        assertThat(WorkspacePaths.isRelativeInside("/etc/policy.yml"), is(false));
        assertThat(WorkspacePaths.isRelativeInside("C:\\\\policy.yml"), is(false));
    }
}
