package io.jenkins.plugins.aigovernance.cookbook;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.Functions;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The cookbook's Terraform flow (docs/jenkinsfile-cookbook.md, scripted form) against a fake {@code terraform}
 * on the PATH: {@code plan -out=F} writes a new saved plan {@code saved-plan-<n>} to F, {@code show -json F}
 * prints a real plan document naming that saved plan, {@code apply F} records what it applied. The flow plans
 * once and applies exactly the approved plan; planning again after the approval gets no apply credentials.
 * (A fake binary because no Terraform runs here; the plan document it prints is the shape Terraform prints.)
 */
@WithJenkins
class TerraformCookbookITest {

    private static final String SCRIPTED = """
        def risk
        withEnv(["PATH+TERRAFORM=${env.FAKE_TERRAFORM_DIR}"]) {
          node {
            withAiCredentials(plan: 'aws-readonly') {
              sh 'terraform init -input=false && terraform plan -input=false -out=tfplan && terraform show -json tfplan > tfplan.json'
            }
            risk = aiRiskScore(environment: 'production', plan: 'tfplan.json')
            aiScopeCheck()
            stash name: 'terraform-plan', includes: 'tfplan,tfplan.json'
          }
          def approval = aiApprovalGate(message: "Apply ${risk.tier} change?", timeoutMinutes: 240)
          node {
            unstash 'terraform-plan'
            %s
            withAiCredentials(plan: 'aws-readonly', apply: 'aws-deployer') {
              if (env.AI_APPLY_ALLOWED != 'true') {
                error 'apply credentials not bound: the change is not the approved one'
              }
              sh 'terraform init -input=false && terraform apply -input=false tfplan'
            }
          }
        }
        """;

    private static final String FAKE_TERRAFORM = """
        #!/bin/sh
        log="$FAKE_TERRAFORM_LOG"
        last=""; for a in "$@"; do last="$a"; done
        case "$1" in
          init) echo init >> "$log" ;;
          plan)
            for a in "$@"; do case "$a" in -out=*) out="${a#-out=}" ;; esac; done
            n=$(( $(grep -c '^plan' "$log" 2>/dev/null || true) + 1 ))
            echo "saved-plan-$n" > "$out"; echo plan >> "$log" ;;
          show) sed "s/SAVED_PLAN/$(cat "$last")/" "$FAKE_TERRAFORM_JSON" ;;
          apply) echo "apply $(cat "$last")" >> "$log" ;;
          *) echo "fake terraform: unknown command $1" >&2; exit 2 ;;
        esac
        """;

    private Path fake(Path dir) throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path terraform = bin.resolve("terraform");
        Files.writeString(terraform, FAKE_TERRAFORM.stripIndent(), StandardCharsets.UTF_8);
        terraform.toFile().setExecutable(true);
        new TerraformPlanFixture()
                .change("aws_s3_bucket.reports", "aws_s3_bucket", "[\"create\"]", "{\"bucket\":\"SAVED_PLAN\"}")
                .writeTo(dir.resolve("plan-template.json"));
        return bin;
    }

    private WorkflowRun runAndApprove(JenkinsRule j, Path dir, String betweenApprovalAndApply) throws Exception {
        Approvers.install(j);
        Path bin = fake(dir);
        var env = new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("FAKE_TERRAFORM_DIR", bin.toString()),
                new EnvironmentVariablesNodeProperty.Entry("FAKE_TERRAFORM_LOG", dir.resolve("calls.log").toString()),
                new EnvironmentVariablesNodeProperty.Entry("FAKE_TERRAFORM_JSON", dir.resolve("plan-template.json").toString()));
        j.jenkins.getGlobalNodeProperties().add(env);
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        for (String id : List.of("aws-readonly", "aws-deployer")) {
            store.addCredentials(Domain.global(),
                    new StringCredentialsImpl(
                            CredentialsScope.GLOBAL, id, id,
                            Secret.fromString(id + "-secret")));
        }
        WorkflowJob job = GovernedRepo.job(j, "terraform", SCRIPTED.formatted(betweenApprovalAndApply));
        GovernedRepo.create(j, job, "infra/main.tf", "resource \"aws_s3_bucket\" \"reports\" {}\n",
                GovernedRepo.HANNA, "Reports bucket");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        // approve every round the gate asks, as people from the tier's groups would
        List<String> approvers = List.of("sam", "tom", "sue");
        int next = 0;
        while (run.isBuilding()) {
            InputAction inputs = run.getAction(InputAction.class);
            InputStepExecution open = inputs == null ? null
                    : inputs.getExecutions().stream().filter(e -> !e.isSettled()).findFirst().orElse(null);
            if (open != null && next < approvers.size()) {
                Approvers.answer(open, approvers.get(next++), "Approve", "plan reviewed");
            }
            Thread.sleep(100);
        }
        return j.waitForCompletion(run);
    }

    @Test
    void theScriptedFlowPlansOnceAndAppliesExactlyTheApprovedPlan(JenkinsRule j, @TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Functions.isWindows(), "the fake terraform is a POSIX shell script");
        WorkflowRun run = runAndApprove(j, dir, "");

        j.assertBuildStatusSuccess(run);
        assertThat(Files.readAllLines(dir.resolve("calls.log")), contains("init", "plan", "init", "apply saved-plan-1"));
    }

    @Test
    void planningAgainAfterTheApprovalGetsNoApplyCredentials(JenkinsRule j, @TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Functions.isWindows(), "the fake terraform is a POSIX shell script");
        // the cookbook's old, unsafe order: a new plan after the approval
        WorkflowRun run = runAndApprove(j, dir,
                "sh 'terraform plan -input=false -out=tfplan && terraform show -json tfplan > tfplan.json'");

        j.assertBuildStatus(Result.FAILURE, run);
        j.assertLogContains("apply credentials not bound", run);
        assertThat(Files.readAllLines(dir.resolve("calls.log")), not(hasItem("apply saved-plan-2")));
        assertThat(Files.readAllLines(dir.resolve("calls.log")), not(hasItem("apply saved-plan-1")));
    }
}
