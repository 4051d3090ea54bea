package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.config.WorkspacePaths;
import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.resolution.GlobalPolicy;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyChain;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step asks the engine to look at, as the Jenkinsfile gave it: revisions and
 * workspace-relative paths. Sent to the agent that owns the workspace and kept on the build (a plain
 * class, not a record, because {@code build.xml} and Pipeline program state cannot hold records).
 */
@Restricted(NoExternalUse.class)
public final class ChangeInputs implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String base;
    private final String head;
    private final String plan;
    private final String manifests;
    private final String policy;
    private final String environment;
    private final String branch;
    /** Extra {@code terraform show -json} outputs read only for dependents; {@code null} in builds recorded before they existed. */
    private final ArrayList<String> states;
    /** The job property's policy path (second in the engine's chain); {@code null} for none and in older builds. */
    private final String jobPolicy;

    /**
     * @param base        base revision ({@code HEAD~1} when not given)
     * @param head        head revision ({@code HEAD} when not given)
     * @param plan        Terraform plan JSON, relative to the workspace, or {@code null}
     * @param manifests   manifests folder, relative to the workspace, or {@code null}
     * @param policy      the step's policy file, relative to the workspace, or {@code null}
     * @param environment target environment, or {@code null} (counts as production)
     * @param branch      source branch the engine read from the build's environment ({@link JenkinsEnvironment#sourceBranch}),
     *                    or {@code null}
     */
    public ChangeInputs(
            @CheckForNull String base,
            @CheckForNull String head,
            @CheckForNull String plan,
            @CheckForNull String manifests,
            @CheckForNull String policy,
            @CheckForNull String environment,
            @CheckForNull String branch) {
        this.base = base == null || base.isBlank() ? "HEAD~1" : base.trim();
        this.head = head == null || head.isBlank() ? "HEAD" : head.trim();
        this.plan = blankToNull(plan);
        this.manifests = blankToNull(manifests);
        this.policy = blankToNull(policy);
        this.environment = blankToNull(environment);
        this.branch = blankToNull(branch);
        this.states = null;
        this.jobPolicy = null;
    }

    /** These inputs with another step policy file (workspace-relative), or these inputs when {@code stepPolicy} is blank. */
    public ChangeInputs withPolicy(@CheckForNull String stepPolicy) {
        return stepPolicy == null || stepPolicy.isBlank()
                ? this
                : new ChangeInputs(base, head, plan, manifests, stepPolicy, environment, branch)
                        .withStates(getStates())
                        .withJobPolicy(jobPolicy);
    }

    /** These inputs with the job property's policy path (workspace-relative; blank for none). */
    public ChangeInputs withJobPolicy(@CheckForNull String path) {
        return new ChangeInputs(this, getStates(), blankToNull(path));
    }

    /** These inputs with extra state files (workspace-relative {@code terraform show -json} outputs), blanks dropped. */
    public ChangeInputs withStates(@CheckForNull List<String> files) {
        return new ChangeInputs(this, files, jobPolicy);
    }

    private ChangeInputs(ChangeInputs other, @CheckForNull List<String> files, @CheckForNull String jobPolicy) {
        this.base = other.base;
        this.head = other.head;
        this.plan = other.plan;
        this.manifests = other.manifests;
        this.policy = other.policy;
        this.environment = other.environment;
        this.branch = other.branch;
        ArrayList<String> list = new ArrayList<>();
        if (files != null) {
            for (String f : files) {
                String s = blankToNull(f);
                if (s != null) {
                    list.add(s);
                }
            }
        }
        this.states = list.isEmpty() ? null : list;
        this.jobPolicy = jobPolicy;
    }

    /** The job property's policy path, or {@code null}. */
    @CheckForNull
    public String getJobPolicy() {
        return jobPolicy;
    }

    /** Extra state files, relative to the workspace (empty when none). */
    @NonNull
    public List<String> getStates() {
        return states == null ? List.of() : List.copyOf(states);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @NonNull
    public String getBase() {
        return base;
    }

    @NonNull
    public String getHead() {
        return head;
    }

    @CheckForNull
    public String getPlan() {
        return plan;
    }

    @CheckForNull
    public String getManifests() {
        return manifests;
    }

    @CheckForNull
    public String getPolicy() {
        return policy;
    }

    @CheckForNull
    public String getEnvironment() {
        return environment;
    }

    @CheckForNull
    public String getBranch() {
        return branch;
    }

    /** The same inputs for another target environment (steps may override the recorded one). */
    public ChangeInputs withEnvironment(@CheckForNull String env) {
        return env == null || env.isBlank()
                ? this
                : new ChangeInputs(base, head, plan, manifests, policy, env, branch)
                        .withStates(getStates())
                        .withJobPolicy(jobPolicy);
    }

    /** The engine's request for a repository in {@code dir}; relative paths resolve against it. */
    public ChangeRequest toRequest(Path dir) {
        return toRequest(dir, null);
    }

    /**
     * The engine's policy chain for a repository in {@code dir}: the step's file (in the request), the job's file, the
     * repository's file at the base revision, {@code global}, the built-in policy.
     *
     * @param global the global configuration's default policy, or {@code null}
     */
    public PolicyChain policyChain(Path dir, @CheckForNull GlobalPolicy global) {
        return new PolicyChain(null, resolve(dir, "policy", jobPolicy), global);
    }

    /**
     * The engine's request for a repository in {@code dir}; relative paths resolve against it.
     *
     * @param policyOverride a policy file to use instead of {@link #getPolicy()}, or {@code null}
     */
    public ChangeRequest toRequest(Path dir, @CheckForNull Path policyOverride) {
        Path policyFile = policyOverride != null ? policyOverride : resolve(dir, "policy", policy);
        List<Path> stateFiles = new ArrayList<>();
        for (String s : getStates()) {
            stateFiles.add(resolve(dir, "states", s));
        }
        return new ChangeRequest(
                dir,
                base,
                head,
                resolve(dir, "plan", plan),
                resolve(dir, "manifests", manifests),
                policyFile,
                environment,
                branch,
                stateFiles);
    }

    private static Path resolve(Path dir, String name, @CheckForNull String relative) {
        if (relative == null) {
            return null;
        }
        if (!WorkspacePaths.isRelativeInside(relative)) {
            throw new InvalidInputException(
                    name, "'" + relative + "' must be relative to the workspace and stay inside it");
        }
        return dir.resolve(relative).normalize();
    }

    /** A short, secret-free description for logs and the build page. */
    public String describe() {
        StringBuilder sb = new StringBuilder(base).append("..").append(head);
        if (plan != null) {
            sb.append(", plan ").append(plan);
        }
        if (manifests != null) {
            sb.append(", manifests ").append(manifests);
        }
        if (states != null) {
            sb.append(", states ").append(String.join(" ", states));
        }
        if (environment != null) {
            sb.append(", environment ").append(environment);
        }
        return sb.toString();
    }
}
