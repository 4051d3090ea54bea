package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.commit.CommitMessageCheck;
import io.jenkins.plugins.aigovernance.core.commit.CommitMessageVerdict;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aigov commit-msg FILE}: the commit-msg hook's check, for any hook manager. The author and
 * committer are git's ({@code GIT_AUTHOR_NAME}/{@code GIT_AUTHOR_EMAIL}, which {@code git commit}
 * exports to its hooks, and {@code GIT_COMMITTER_*}), else the repository's {@code user.name} /
 * {@code user.email}; the staged change is the index {@code GIT_INDEX_FILE} names, else the repository's.
 */
@Command(name = "commit-msg", mixinStandardHelpOptions = true,
        description = "Check or append the [AI-GOVERNANCE] block of a commit being made by or with an AI agent (human commits are left alone)."
                + " Exit 0 accepted or written, 1 the block contradicts the evidence, 2 bad input.")
final class CommitMsgCommand implements Callable<Integer> {

    static final long MAX_MESSAGE_BYTES = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file holding the proposed message (git passes it to commit-msg hooks).")
    Path file;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Git repository (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: .ai-governance.yml at HEAD, else the built-in policy).")
    Path policy;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME", converter = EnvironmentArgument.class,
            description = "Target environment, not empty: any name but a development, test or staging one (dev, qa, staging, ...) or one the policy's environments.nonProduction names counts as production.")
    String environment;

    @Option(names = "--branch", paramLabel = "NAME", description = "Branch being committed to (default: HEAD's).")
    String branch;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        String message = read(file);
        PersonIdent author;
        PersonIdent committer;
        try (Repository r = NotesRepository.open(repo)) {
            PersonIdent fallback = NotesRepository.writer(r);
            author = ident(env, "AUTHOR", fallback);
            committer = ident(env, "COMMITTER", fallback);
        }
        String index = env.get("GIT_INDEX_FILE");
        Path indexFile = index == null || index.isBlank() ? null : Path.of(index).toAbsolutePath();
        CommitMessageVerdict v = new CommitMessageCheck(new GovernanceEngine(Clock.systemUTC()))
                .check(repo, indexFile, message, author, committer, policy, environment, branch);
        PrintWriter err = spec.commandLine().getErr();
        switch (v.outcome()) {
            case HUMAN_UNTOUCHED -> err.printf("aigov: no AI involvement found (%s): message left alone%n", v.evidence().json());
            case ACCEPTED -> err.printf("aigov: [AI-GOVERNANCE] block agrees with the evidence (%s, %s)%n", v.evidence().json(), v.tier());
            case WRITTEN -> {
                write(file, v.message());
                err.printf("aigov: [AI-GOVERNANCE] block written (%s%s, risk %s, blast radius %d)%n", v.evidence().json(),
                        v.agentId() == null ? "" : " " + v.agentId(), v.tier(), v.blastRadius());
            }
            case REFUSED -> {
                err.printf("aigov: commit refused: the [AI-GOVERNANCE] block contradicts the evidence%n");
                v.problems().forEach(p -> err.printf("  - %s%n", p));
                err.flush();
                return ExitCode.GATE_FAILED;
            }
        }
        err.flush();
        return ExitCode.OK;
    }

    private static PersonIdent ident(Map<String, String> env, String who, PersonIdent fallback) {
        String name = env.get("GIT_" + who + "_NAME");
        String email = env.get("GIT_" + who + "_EMAIL");
        return new PersonIdent(name == null ? fallback.getName() : name, email == null ? fallback.getEmailAddress() : email);
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_MESSAGE_BYTES) {
                throw new InvalidInputException(file.toString(), "commit message larger than " + MAX_MESSAGE_BYTES + " bytes");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "commit message file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read the commit message: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String message) {
        try {
            Files.writeString(file, message, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot write the commit message: " + e.getMessage(), e);
        }
    }
}
