package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.core.audit.GitNotesAuditStore;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import java.io.File;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** An approval inside a {@code node} leaves the approved change's summary as a git note in the workspace's repository. */
@WithJenkins
class AiApprovalGateNotesITest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void anApprovedGateWritesTheGovernanceNoteOnTheHeadCommit(JenkinsRule j) throws Exception {
        Approvers.install(j);
        WorkflowJob job = GovernedRepo.job(j, "noted", """
            node {
              aiRiskScore(environment: 'production')
              aiApprovalGate(message: 'Ship it?')
            }
            """);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        InputStepExecution first = Approvers.nextInput(run, null);
        Approvers.answer(first, "sam", "Approve", "");
        Approvers.answer(Approvers.nextInput(run, first), "tom", "Approve", "");
        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("git note written on", run);

        File ws = new File(j.jenkins.getWorkspaceFor(job).getRemote());
        try (Repository repo =
                new FileRepositoryBuilder().findGitDir(ws).setMustExist(true).build()) {
            ObjectId head = repo.resolve("HEAD");
            Optional<GovernanceBlock> note = new GitNotesAuditStore(repo).read(head);
            assertThat(note.isPresent(), is(true));
            assertThat(note.get().approvedBy(), is("sam, tom"));
            assertThat(note.get().riskTier(), is("HIGH"));
        }
    }
}
