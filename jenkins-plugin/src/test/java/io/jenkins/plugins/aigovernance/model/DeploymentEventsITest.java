package io.jenkins.plugins.aigovernance.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.audit.ControllerAuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditReader;
import io.jenkins.plugins.aigovernance.core.audit.GitNotesAuditStore;
import io.jenkins.plugins.aigovernance.core.metrics.AgentReliability;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.json.JSONObject;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The events the steps write for DORA and incident queries, and the project page showing the engine's metrics of them. */
@WithJenkins
class DeploymentEventsITest {

    private static void addApplyCredentials(JenkinsRule j) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins)
                .iterator()
                .next()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, "apply-token", "write", Secret.fromString("apply-s3cr3t")));
    }

    private static List<AuditEvent> logged(WorkflowRun run) {
        List<AuditEvent> out = new ArrayList<>();
        new AuditReader(ControllerAuditLog.get().path()).forEach(r -> {
            if (run.getExternalizableId().equals(r.event().build())) {
                out.add(r.event());
            }
        });
        return out;
    }

    @Test
    void aCompletedApplyIsADeploymentWithTheChangesFacts(JenkinsRule j) throws Exception {
        addApplyCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "deploys", """
            node {
              aiRiskScore()
              aiApprovalGate()
              withAiCredentials(apply: 'apply-token') {
                echo "applying allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs by an agent");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        List<AuditEvent> events = logged(run);
        List<AuditEvent> deployments = events.stream()
                .filter(e -> e.type() == AuditEventType.DEPLOYMENT_DONE)
                .toList();
        assertThat(deployments.size(), is(1));
        AuditEvent d = deployments.get(0);
        assertThat(d.outcome(), is("applied"));
        assertThat(d.agent(), is("claude-code"));
        assertThat(d.touches(), contains("docs"));
        assertThat(d.commitTimes(), not(empty()));
        assertThat(d.commitTime(), is(d.commitTimes().get(d.commitTimes().size() - 1)));
        assertThat(d.blastRadius() != null, is(true));
        assertThat(d.repository(), is(job.getFullName()));
        // the deployment's summary is also a git note on the change's commit, written once the apply block ended
        String log = JenkinsRule.getLog(run);
        int applied = log.indexOf("applying allowed=true");
        assertThat(applied >= 0 && log.indexOf("git note written on", applied) > applied, is(true));
        File ws = new File(j.jenkins.getWorkspaceFor(job).getRemote());
        try (Repository repo =
                new FileRepositoryBuilder().findGitDir(ws).setMustExist(true).build()) {
            Optional<GovernanceBlock> note = new GitNotesAuditStore(repo).read(repo.resolve("HEAD"));
            assertThat(note.isPresent(), is(true));
            assertThat(note.get().blastRadius(), is(String.valueOf(d.blastRadius())));
        }

        GovernanceProjectAction page = job.getAction(GovernanceProjectAction.class);
        assertThat(page.metrics().dora().deployments(), is(1));
        List<String> rows = page.metrics().reliability().stream()
                .map(r -> r.agent() + "/" + r.category())
                .toList();
        assertThat(rows, contains("claude-code/all", "claude-code/docs"));
        AgentReliability docs = page.metrics().reliability().get(1);
        assertThat(docs.deployments(), is(1));
        JSONObject json = j.getJSON(job.getUrl() + "ai-governance/api/json").getJSONObject();
        assertThat(json.getJSONObject("metrics").getJSONObject("dora").getInt("deployments"), is(1));
        assertThat(page.incidents().changes().size(), is(1));
        assertThat(page.incidents().changes().get(0).agent(), is("claude-code"));
        assertThat(page.incidents().changes().get(0).deployments().get(0).outcome(), is("applied"));
        HtmlPage html = j.createWebClient().getPage(job, "ai-governance");
        assertThat(
                html.getElementById("ai-governance-recent").asNormalizedText().contains("claude-code"), is(true));
        assertThat(
                html.getElementById("ai-governance-reliability")
                        .asNormalizedText()
                        .contains("docs"),
                is(true));
    }

    @Test
    void aFailedApplyOrOneWithoutApplyCredentialsIsNoDeployment(JenkinsRule j) throws Exception {
        addApplyCredentials(j);
        WorkflowJob failing = GovernedRepo.job(j, "failing", """
            node {
              aiRiskScore()
              aiApprovalGate()
              withAiCredentials(apply: 'apply-token') {
                error 'terraform apply failed'
              }
            }
            """);
        GovernedRepo.create(j, failing, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs by an agent");
        WorkflowRun failed = j.buildAndAssertStatus(Result.FAILURE, failing);
        assertThat(
                logged(failed).stream()
                        .filter(e -> e.type() == AuditEventType.DEPLOYMENT_DONE)
                        .toList(),
                empty());

        WorkflowJob unapproved = GovernedRepo.job(j, "unapproved", """
            node {
              aiRiskScore()
              withAiCredentials(apply: 'apply-token') {
                echo "allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, unapproved, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs by an agent");
        WorkflowRun run = j.buildAndAssertSuccess(unapproved);
        j.assertLogContains("allowed=false", run);
        assertThat(
                logged(run).stream()
                        .filter(e -> e.type() == AuditEventType.DEPLOYMENT_DONE)
                        .toList(),
                empty());
    }
}
