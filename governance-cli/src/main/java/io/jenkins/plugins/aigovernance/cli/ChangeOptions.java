package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.ci.CiEnvironment;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that name a change, shared by {@code risk}, {@code scope} and {@code approval}. */
public final class ChangeOptions {

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Git repository (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--base", defaultValue = "HEAD~1", paramLabel = "REV", description = "Base revision (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--head", defaultValue = "HEAD", paramLabel = "REV", description = "Head revision (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--plan", paramLabel = "FILE", description = "Terraform plan as JSON (terraform show -json plan.out).")
    Path plan;

    @Option(names = "--manifests", paramLabel = "PATH", description = "Kubernetes manifests to be applied: a folder (read as kubectl apply -R -f) or one file.")
    Path manifests;

    @Option(names = "--state", paramLabel = "FILE",
            description = "More terraform show -json output (a state or plan of another workspace), read only for what depends on"
                    + " the change; repeatable.")
    List<Path> states = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file (default: .ai-governance.yml at the base revision, else the built-in policy).")
    Path policy;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME", converter = EnvironmentArgument.class,
            description = "Target environment, not empty: any name but a development, test or staging one (dev, qa, staging, ...) or one the policy's environments.nonProduction names counts as production.")
    String environment;

    @Option(names = "--branch", paramLabel = "NAME", description = "Branch the change comes from (default: the CI's variables: $CHANGE_BRANCH, $BRANCH_NAME, $GIT_BRANCH,"
                    + " GitHub, GitLab, Bitbucket, Azure, CircleCI and Buildkite variables; a pull request alias such as PR-12 is skipped).")
    String branch;

    /** The request these options describe (the branch as {@code --branch} gives it, else {@code null}). */
    public ChangeRequest toRequest() {
        return new ChangeRequest(repo, base, head, plan, manifests, policy, environment, branch, states);
    }

    /**
     * The CI variables of this run: the process environment, read here at the command line's edge and handed to the
     * engine as an immutable map.
     */
    static CiEnvironment ci() {
        return CiEnvironment.of(System.getenv());
    }

    /** Reads the change these options name (policy: {@code --policy}, else the base revision's file, else built-in) and scores its risk. */
    AssessedChange assess(GovernanceEngine engine) {
        ChangeContext context = engine.analyze(toRequest(), PolicyChain.repository(), ci());
        return new AssessedChange(context, engine.assessRisk(context));
    }
}
