package io.jenkins.plugins.aigovernance.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import hudson.model.FreeStyleProject;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Saving a job's configure page keeps the property: the view is {@code config-details.jelly}, so core's
 * optional-block wrapper (the "specified" checkbox) stays around it and the form posts it.
 */
@WithJenkins
class AiGovernanceJobPropertyITest {

    @Test
    void savingThePipelineConfigurePageKeepsThePolicyPath(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "governed");
        job.addProperty(new AiGovernanceJobProperty("ops/ai-governance.yml"));

        j.configRoundtrip(job);

        AiGovernanceJobProperty property = job.getProperty(AiGovernanceJobProperty.class);
        assertThat(property, notNullValue());
        assertThat(property.getPolicyPath(), is("ops/ai-governance.yml"));
    }

    @Test
    void savingAFreestyleConfigurePageKeepsThePolicyPath(JenkinsRule j) throws Exception {
        FreeStyleProject job = j.createFreeStyleProject("freestyle");
        job.addProperty(new AiGovernanceJobProperty("policies/team.yml"));

        j.configRoundtrip(job);

        assertThat(job.getProperty(AiGovernanceJobProperty.class).getPolicyPath(), is("policies/team.yml"));
    }

    @Test
    void aJobWithoutThePropertyDoesNotGainOneBySaving(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "plain");

        j.configRoundtrip(job);

        assertThat(job.getProperty(AiGovernanceJobProperty.class), nullValue());
    }
}
