package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.config.AiGovernanceJobProperty;
import io.jenkins.plugins.aigovernance.core.ci.CiEnvironment;
import io.jenkins.plugins.aigovernance.core.resolution.GlobalPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Maps a build to the engine's inputs: its {@code EnvVars} to the engine's {@link CiEnvironment} (which
 * decides the source branch), the job property's policy path and the global default policy to the
 * engine's policy chain. Decides nothing itself.
 */
@Restricted(NoExternalUse.class)
public final class JenkinsInputs {

    /** How the global configuration's default policy is named in errors and policy labels. */
    public static final String GLOBAL_POLICY_NAME = "Jenkins global default policy";

    private JenkinsInputs() {}

    /** The build's environment as the engine's immutable map (an empty one without {@code EnvVars}). */
    @NonNull
    public static CiEnvironment environment(@CheckForNull EnvVars env) {
        return env == null ? CiEnvironment.empty() : CiEnvironment.of(env);
    }

    /** The change's source branch as the engine reads it from the build's variables, or {@code null}. */
    @CheckForNull
    public static String sourceBranch(@CheckForNull EnvVars env) {
        return environment(env).sourceBranch().name();
    }

    /** The job property's policy path, or {@code null}. */
    @CheckForNull
    public static String jobPolicyPath(@NonNull Run<?, ?> run) {
        AiGovernanceJobProperty p = run.getParent().getProperty(AiGovernanceJobProperty.class);
        return p == null ? null : p.getPolicyPath();
    }

    /**
     * What a step asks the engine to look at: the step's revisions, files and policy, the job's policy path and the
     * source branch the engine reads from the build's variables.
     */
    @NonNull
    public static ChangeInputs inputs(
            @NonNull Run<?, ?> run,
            @CheckForNull EnvVars env,
            @CheckForNull String base,
            @CheckForNull String head,
            @CheckForNull String plan,
            @CheckForNull String manifests,
            @CheckForNull String stepPolicy,
            @CheckForNull String environment,
            @CheckForNull List<String> states) {
        return new ChangeInputs(base, head, plan, manifests, stepPolicy, environment, sourceBranch(env))
                .withStates(states)
                .withJobPolicy(jobPolicyPath(run));
    }

    /** The global default policy (YAML text of the global configuration) as the engine takes it, or {@code null}. */
    @CheckForNull
    public static GlobalPolicy globalPolicy(@CheckForNull String yaml) {
        return yaml == null || yaml.isBlank()
                ? null
                : new GlobalPolicy(GLOBAL_POLICY_NAME, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
