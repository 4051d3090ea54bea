package io.jenkins.plugins.aigovernance.cookbook;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
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
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
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
 * The cookbook's Terraform flow (docs/jenkinsfile-cookbook.md: the declarative form read from the document as
 * written, and the scripted form) against a fake {@code terraform} on the PATH: {@code plan -out=F} writes a new saved plan {@code saved-plan-<n>} to F, {@code show -json F}
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
            withAiCredentials(plan: 'aws-readonly', apply: 'aws-deployer', environment: 'production') {
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

    /** The cookbook's declarative pipeline, as docs/jenkinsfile-cookbook.md prints it. */
    static String declarativeFromTheCookbook() throws Exception {
        Path doc = Path.of("..", "docs", "jenkinsfile-cookbook.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int section = text.indexOf("\n## Declarative\n");
        assertThat("docs/jenkinsfile-cookbook.md has a Declarative section", section, greaterThan(0));
        int start = text.indexOf("```groovy\n", section) + "```groovy\n".length();
        int end = text.indexOf("\n```", start);
        return text.substring(start, end + 1);
    }

    /**
     * {@code pipeline} without its stage named {@code name} (the block from {@code stage('name') {} to its
     * closing brace).
     */
    static String withoutStage(String pipeline, String name) {
        int at = pipeline.indexOf("stage('" + name + "')");
        assertThat("the pipeline has a stage " + name, at, greaterThan(0));
        int open = pipeline.indexOf('{', at);
        int depth = 0;
        for (int i = open; i < pipeline.length(); i++) {
            char c = pipeline.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                int lineStart = pipeline.lastIndexOf('\n', at) + 1;
                int lineEnd = pipeline.indexOf('\n', i) + 1;
                return pipeline.substring(0, lineStart) + pipeline.substring(lineEnd);
            }
        }
        throw new AssertionError("stage " + name + " is not closed");
    }

    /** The remote-tracking {@code origin/main} the cookbook's {@code base:} names, at the repository's first commit. */
    private static void originMainAtTheFirstCommit(JenkinsRule j, WorkflowJob job) throws Exception {
        try (Git git = Git.open(new File(j.jenkins.getWorkspaceFor(job).getRemote()))) {
            ObjectId first = git.getRepository().resolve("HEAD~1");
            RefUpdate update = git.getRepository().updateRef("refs/remotes/origin/main");
            update.setNewObjectId(first);
            assertThat(update.forceUpdate(), is(RefUpdate.Result.NEW));
        }
    }

    private WorkflowRun runAndApprove(JenkinsRule j, Path dir, String betweenApprovalAndApply) throws Exception {
        return runAndApprove(j, dir, SCRIPTED.formatted(betweenApprovalAndApply), false);
    }

    private WorkflowRun runAndApprove(JenkinsRule j, Path dir, String script, boolean originMain) throws Exception {
        Approvers.install(j);
        Path bin = fake(dir);
        var env = new EnvironmentVariablesNodeProperty(
                // as an agent's tool location would: PATH+X prepends to the PATH of every step on the node
                new EnvironmentVariablesNodeProperty.Entry("PATH+TERRAFORM", bin.toString()),
                new EnvironmentVariablesNodeProperty.Entry("FAKE_TERRAFORM_DIR", bin.toString()),
                new EnvironmentVariablesNodeProperty.Entry(
                        "FAKE_TERRAFORM_LOG", dir.resolve("calls.log").toString()),
                new EnvironmentVariablesNodeProperty.Entry(
                        "FAKE_TERRAFORM_JSON", dir.resolve("plan-template.json").toString()));
        j.jenkins.getGlobalNodeProperties().add(env);
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        for (String id : List.of("aws-readonly", "aws-deployer")) {
            store.addCredentials(
                    Domain.global(),
                    new StringCredentialsImpl(CredentialsScope.GLOBAL, id, id, Secret.fromString(id + "-secret")));
        }
        WorkflowJob job = GovernedRepo.job(j, "terraform", script);
        GovernedRepo.create(
                j,
                job,
                "infra/main.tf",
                "resource \"aws_s3_bucket\" \"reports\" {}\n",
                GovernedRepo.HANNA,
                "Reports bucket");
        if (originMain) {
            originMainAtTheFirstCommit(j, job);
        }
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        // approve every round the gate asks, as people from the tier's groups would
        List<String> approvers = List.of("sam", "tom", "sue");
        int next = 0;
        while (run.isBuilding()) {
            InputAction inputs = run.getAction(InputAction.class);
            InputStepExecution open = inputs == null
                    ? null
                    : inputs.getExecutions().stream()
                            .filter(e -> !e.isSettled())
                            .findFirst()
                            .orElse(null);
            if (open != null && next < approvers.size()) {
                Approvers.answer(open, approvers.get(next++), "Approve", "plan reviewed");
            }
            Thread.sleep(100);
        }
        return j.waitForCompletion(run);
    }

    @Test
    void theDeclarativeFlowAsWrittenPlansOnceAndAppliesExactlyTheApprovedPlan(JenkinsRule j, @TempDir Path dir)
            throws Exception {
        Assumptions.assumeFalse(Functions.isWindows(), "the fake terraform is a POSIX shell script");
        // the document's pipeline, less its Canary stage (it needs a Prometheus; AiCanaryVerifyStepITest runs it)
        String declarative = withoutStage(declarativeFromTheCookbook(), "Canary");
        assertThat(declarative, containsString("stage('Apply')"));
        assertThat(declarative, not(containsString("aiCanaryVerify")));
        WorkflowRun run = runAndApprove(j, dir, declarative, true);

        j.assertBuildStatusSuccess(run);
        j.assertLogContains("AI Governance: ", run);
        // planned once, before the approval; applied that saved plan, after it
        assertThat(
                Files.readAllLines(dir.resolve("calls.log")), contains("init", "plan", "init", "apply saved-plan-1"));
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.getApprovedFingerprint(), is(action.getFingerprint()));
        assertThat(
                action.recordsOf(RecordKind.CREDENTIALS).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                hasItem("plan-and-apply"));
    }

    @Test
    void theScriptedFlowPlansOnceAndAppliesExactlyTheApprovedPlan(JenkinsRule j, @TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Functions.isWindows(), "the fake terraform is a POSIX shell script");
        WorkflowRun run = runAndApprove(j, dir, "");

        j.assertBuildStatusSuccess(run);
        assertThat(
                Files.readAllLines(dir.resolve("calls.log")), contains("init", "plan", "init", "apply saved-plan-1"));
    }

    @Test
    void planningAgainAfterTheApprovalGetsNoApplyCredentials(JenkinsRule j, @TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Functions.isWindows(), "the fake terraform is a POSIX shell script");
        // the cookbook's old, unsafe order: a new plan after the approval
        WorkflowRun run = runAndApprove(
                j, dir, "sh 'terraform plan -input=false -out=tfplan && terraform show -json tfplan > tfplan.json'");

        j.assertBuildStatus(Result.FAILURE, run);
        j.assertLogContains("apply credentials not bound", run);
        assertThat(Files.readAllLines(dir.resolve("calls.log")), not(hasItem("apply saved-plan-2")));
        assertThat(Files.readAllLines(dir.resolve("calls.log")), not(hasItem("apply saved-plan-1")));
    }
}
