package io.jenkins.plugins.aigovernance.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.audit.ControllerAuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditReader;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AuditTrailITest {

    @Test
    void governedBuildAppendsAVerifiableTrailAndShowsIt(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "audited", """
            node { aiRiskScore() }
            aiApprovalGate()
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs by an agent");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        List<AuditRecord> records = new AuditReader(ControllerAuditLog.get().path()).readAll();
        assertThat(records.stream().map(r -> r.event().type().json()).toList(), hasItems("risk-assessed"));
        assertThat(records.get(0).event().build(), is(run.getExternalizableId()));
        assertThat(records.get(0).event().agent(), is("claude-code"));
        assertThat(new AuditVerifier().verify(ControllerAuditLog.get().path()).verified(), is(true));

        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.recordsOf(RecordKind.AUDIT).get(0).getOutcome(), is("risk-assessed"));
        HtmlPage page = j.createWebClient().getPage(run, "ai-governance");
        assertThat(page.getElementById("ai-governance-trail").asNormalizedText().contains("risk-assessed"), is(true));
    }
}
