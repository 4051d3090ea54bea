package io.jenkins.plugins.aigovernance;

import static org.junit.jupiter.api.Assertions.fail;

import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.aigovernance.config.AiAgentAccount;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * Security for approval tests: a dummy realm with groups and a matrix where everyone may read and
 * build, and {@code admin} administers.
 *
 * <ul>
 * <li>{@code sam}, {@code sue}: senior-engineers</li>
 * <li>{@code tom}: team-leads</li>
 * <li>{@code hanna}: both groups, but she authors the changes ({@code hanna@example.com})</li>
 * <li>{@code claude-bot}: senior-engineers, but a configured AI agent account</li>
 * <li>{@code admin}: administrator, in no approver group</li>
 * </ul>
 */
public final class Approvers {

    private Approvers() {}

    public static void install(JenkinsRule j) {
        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("sam", "senior-engineers");
        realm.addGroups("sue", "senior-engineers");
        realm.addGroups("tom", "team-leads");
        realm.addGroups("hanna", "senior-engineers", "team-leads");
        realm.addGroups("claude-bot", "senior-engineers");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL)
                .everywhere()
                .toAuthenticated()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        for (String id : List.of("sam", "sue", "tom", "hanna", "claude-bot", "admin")) {
            User.getById(id, true);
        }
        AiGovernanceConfiguration.get().setAiAgentAccounts(List.of(new AiAgentAccount("claude-bot")));
    }

    /** Waits for the gate's next round (an input other than {@code previous}) and returns it. */
    public static InputStepExecution nextInput(WorkflowRun run, InputStepExecution previous) throws Exception {
        for (int i = 0; i < 600; i++) {
            InputAction action = run.getAction(InputAction.class);
            if (action != null) {
                for (InputStepExecution e : action.getExecutions()) {
                    if (e != previous && !e.isSettled()) {
                        return e;
                    }
                }
            }
            if (!run.isBuilding()) {
                fail("build ended without asking again:\n" + JenkinsRule.getLog(run));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no input appeared");
    }

    /** {@code user} answers the input as the standard UI would. */
    public static void answer(InputStepExecution input, String user, String decision, String comment) throws Exception {
        submit(input, user, Map.of("decision", decision, "comment", comment));
    }

    /** {@code user} submits the input's parameters as the standard UI would. */
    public static void submit(InputStepExecution input, String user, Map<String, Object> parameters) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, false).impersonate2())) {
            input.preSubmissionCheck();
            input.proceed(parameters);
        }
    }
}
