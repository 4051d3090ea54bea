package io.jenkins.plugins.aigovernance.core.resolution;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;

/**
 * Resolves a {@link PolicyChain} for one change of one repository: reads each candidate once, in order,
 * and returns the first that exists. Origins recorded in {@code PolicySource.origin()}: {@code file},
 * {@code base-revision} (a named file the change edits, read at the base), {@code base-commit} (the
 * repository's {@code .ai-governance.yml} at the base), {@code global-default}, {@code built-in}.
 */
public final class PolicyResolver {

    /** {@code PolicySource.origin()} of a global default policy. */
    public static final String GLOBAL_ORIGIN = "global-default";

    private final PolicyLoader policies;

    public PolicyResolver(PolicyLoader policies) {
        this.policies = policies;
    }

    /**
     * The policy that judges {@code change} (read from {@code repo}) under {@code chain}.
     *
     * @throws InvalidInputException when a named file does not exist, cannot be parsed, or is one the change adds
     */
    public GovernancePolicy resolve(PolicyChain chain, Repository repo, ChangeSet change) {
        Path named = chain.namedFile();
        if (named != null) {
            return named(named, repo, change);
        }
        String base12 = change.base().substring(0, Math.min(12, change.base().length()));
        byte[] atBase = GitChangeReader.readAt(repo, change.base(), PolicyLoader.DEFAULT_FILE, PolicyLoader.MAX_BYTES);
        if (atBase != null) {
            return policies.parse(PolicyLoader.DEFAULT_FILE + "@" + base12, atBase, "base-commit");
        }
        return withoutRepository(chain.global());
    }

    /**
     * The policy where no change is read (a report over the audit trail, such as the maturity scorecard): the global
     * default when given, else the built-in policy; the same two last links of the chain, with the same origin.
     *
     * @throws io.jenkins.plugins.aigovernance.core.policy.PolicyException when the global default is invalid
     */
    public GovernancePolicy withoutRepository(GlobalPolicy global) {
        return global == null ? policies.defaults() : policies.parse(global.name(), global.bytes(), GLOBAL_ORIGIN);
    }

    /**
     * The canary template {@code name} of the policy {@link #resolve} picks: a change that edits the template
     * (in the repository's file or a named file) is judged by the base revision's version.
     *
     * @throws InvalidInputException when the policy has no template of that name (the message lists the known ones)
     */
    public CanaryPlan canaryTemplate(PolicyChain chain, Repository repo, ChangeSet change, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("template", "no canary template named");
        }
        GovernancePolicy policy = resolve(chain, repo, change);
        CanaryPlan plan = policy.canary().template(name);
        if (plan == null) {
            String known = policy.canary().templates().stream().map(CanaryPlan::name).collect(Collectors.joining(", "));
            throw new InvalidInputException(policy.source().name(), "no canary template named '" + name + "' (known: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        return plan;
    }

    private GovernancePolicy named(Path file, Repository repo, ChangeSet change) {
        String inRepo = changedPath(file, repo, change);
        if (inRepo == null) {
            return policies.load(file);
        }
        String base12 = change.base().substring(0, Math.min(12, change.base().length()));
        byte[] atBase = GitChangeReader.readAt(repo, change.base(), inRepo, PolicyLoader.MAX_BYTES);
        if (atBase == null) {
            throw new InvalidInputException(file.toString(), "this change adds the policy file " + inRepo
                    + " (it does not exist at the base revision " + base12 + "): a change cannot bring the rules it is judged by;"
                    + " name a policy file the change does not touch");
        }
        return policies.parse(inRepo + "@" + base12, atBase, "base-revision")
                .withSourceNote("read at the base revision " + base12 + ": the change edits " + inRepo);
    }

    /**
     * The repository path of {@code file} when the change touches it (as the file's own path or a rename's old
     * path, spelled as given or after resolving symbolic links), else {@code null}.
     */
    public static String changedPath(Path file, Repository repo, ChangeSet change) {
        if (repo.isBare()) {
            return null;
        }
        Set<String> touched = new HashSet<>();
        for (FileChange f : change.files()) {
            touched.add(f.path());
            if (f.oldPath() != null) {
                touched.add(f.oldPath());
            }
        }
        List<Path> spellings = new ArrayList<>();
        Path tree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        spellings.add(file.toAbsolutePath().normalize());
        try {
            spellings.add(file.toRealPath());
            tree = repo.getWorkTree().toPath().toRealPath();
        } catch (IOException | SecurityException e) {
            // a file that does not exist is reported by the loader
        }
        Path[] trees = {repo.getWorkTree().toPath().toAbsolutePath().normalize(), tree};
        for (Path p : spellings) {
            for (Path t : trees) {
                if (p.startsWith(t) && !p.equals(t)) {
                    String rel = t.relativize(p).toString().replace(File.separatorChar, '/');
                    if (touched.contains(rel)) {
                        return rel;
                    }
                }
            }
        }
        return null;
    }
}
