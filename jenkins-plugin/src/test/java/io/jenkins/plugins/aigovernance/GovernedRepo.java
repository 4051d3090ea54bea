package io.jenkins.plugins.aigovernance;

import hudson.FilePath;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Path;
import org.eclipse.jgit.lib.PersonIdent;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A real git repository in a pipeline job's workspace: a base commit and one change on top, so the
 * steps' defaults ({@code HEAD~1..HEAD}) see exactly that change.
 */
public final class GovernedRepo {

    /** An AI agent identity of the built-in policy. */
    public static final PersonIdent CLAUDE = GitFixture.person("Claude", "noreply@anthropic.com");
    /** A human author whose Jenkins id is {@code hanna}. */
    public static final PersonIdent HANNA = GitFixture.person("Hanna Human", "hanna@example.com");

    private GovernedRepo() {}

    /** A job named {@code name} running {@code script} (sandboxed). */
    public static WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /**
     * Creates the repository in the job's workspace: a README, then one commit by {@code author}
     * writing {@code path}.
     */
    public static void create(
            JenkinsRule j, WorkflowJob job, String path, String content, PersonIdent author, String message)
            throws Exception {
        create(j, job, null, path, content, author, message);
    }

    /** Like {@link #create(JenkinsRule, WorkflowJob, String, String, PersonIdent, String)}, with a policy in the base commit. */
    public static void create(
            JenkinsRule j,
            WorkflowJob job,
            String basePolicy,
            String path,
            String content,
            PersonIdent author,
            String message)
            throws Exception {
        FilePath ws = j.jenkins.getWorkspaceFor(job);
        ws.mkdirs();
        try (GitFixture git = GitFixture.init(Path.of(ws.getRemote()))) {
            git.write("README.md", "# service\n");
            if (basePolicy != null) {
                git.write(".ai-governance.yml", basePolicy);
            }
            git.commit("Initial commit", GitFixture.HUMAN);
            git.write(path, content);
            git.commit(message, author);
        }
    }
}
