package io.jenkins.plugins.aigovernance.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import hudson.model.FreeStyleProject;
import javaposse.jobdsl.plugin.ExecuteDslScripts;
import javaposse.jobdsl.plugin.GlobalJobDslSecurityConfiguration;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class JobDslITest {

    @Test
    void seedJobCreatesAGovernedPipelineWithItsPolicyPath(JenkinsRule j) throws Exception {
        GlobalConfiguration.all().get(GlobalJobDslSecurityConfiguration.class).setUseScriptSecurity(false);
        ExecuteDslScripts dsl = new ExecuteDslScripts();
        dsl.setUseScriptText(true);
        dsl.setScriptText("""
            pipelineJob('governed') {
              properties {
                aiGovernancePolicy {
                  policyPath('ops/ai-governance.yml')
                }
              }
              definition {
                cps {
                  sandbox(true)
                  script('''
                    node {
                      def risk = aiRiskScore(environment: 'production')
                      aiApprovalGate(timeoutMinutes: 60, message: 'Ship it?')
                    }
                  ''')
                }
              }
            }
            """);
        FreeStyleProject seed = j.createFreeStyleProject("seed");
        seed.getBuildersList().add(dsl);

        j.buildAndAssertSuccess(seed);

        WorkflowJob job = j.jenkins.getItemByFullName("governed", WorkflowJob.class);
        assertThat(job, notNullValue());
        AiGovernanceJobProperty property = job.getProperty(AiGovernanceJobProperty.class);
        assertThat(property, notNullValue());
        assertThat(property.getPolicyPath(), is("ops/ai-governance.yml"));
        assertThat(((CpsFlowDefinition) job.getDefinition()).getScript(), containsString("aiApprovalGate"));
    }
}
