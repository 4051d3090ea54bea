package io.jenkins.plugins.aigovernance.core.commit;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.Repository;

/**
 * The {@code commit-msg} hook that runs {@code aigov commit-msg} (git's githooks(5): called with
 * the path of the file holding the proposed message; a non-zero exit aborts the commit). It is a
 * POSIX shell script that runs {@code java -cp "$AIGOV_CLASSPATH"} when that variable is set, else
 * {@code java -jar "$AIGOV_JAR"}, else {@code aigov} from the {@code PATH}; when none can run, the
 * commit fails (closed).
 *
 * <p>The hooks folder is git's: {@code core.hooksPath} when set (relative to the work tree's top,
 * {@code ~/} expanded), else {@code hooks} in the repository's common git directory (shared by
 * linked work trees). A {@code commit-msg} hook that is not ours is never replaced silently:
 * installing refuses, and with {@code force} moves it aside to {@code commit-msg.pre-aigov} first.
 */
public final class CommitMsgHook {

    /** The line that marks a hook as ours. */
    public static final String MARKER = "# ai-governance commit-msg hook (aigov hook install)";
    static final String NAME = "commit-msg";
    static final String BACKUP = "commit-msg.pre-aigov";

    /** Where the hook went, and where the hook it replaced (with {@code force}) was kept, or {@code null}. */
    public record Installed(Path hook, Path previous, boolean updated) {
    }

    private CommitMsgHook() {}

    /** The script. */
    public static String script() {
        return "#!/bin/sh\n"
                + MARKER + "\n"
                + "# Checks or appends the [AI-GOVERNANCE] block of commits made by or with an AI agent; leaves human commits alone.\n"
                + "# Runs java -cp \"$AIGOV_CLASSPATH\", else java -jar \"$AIGOV_JAR\", else aigov from the PATH.\n"
                + "if [ -n \"${AIGOV_CLASSPATH:-}\" ]; then\n"
                + "  exec \"${JAVA:-java}\" -cp \"$AIGOV_CLASSPATH\" io.jenkins.plugins.aigovernance.cli.Aigov commit-msg \"$1\"\n"
                + "elif [ -n \"${AIGOV_JAR:-}\" ]; then\n"
                + "  exec \"${JAVA:-java}\" -jar \"$AIGOV_JAR\" commit-msg \"$1\"\n"
                + "fi\n"
                + "exec aigov commit-msg \"$1\"\n";
    }

    /** git's hooks folder for this repository. */
    public static Path hooksDir(Repository repo) {
        String configured = repo.getConfig().getString("core", null, "hooksPath");
        if (configured != null && !configured.isBlank()) {
            String p = configured.strip();
            if (p.startsWith("~/")) {
                return Path.of(System.getProperty("user.home")).resolve(p.substring(2));
            }
            Path path = Path.of(p);
            if (path.isAbsolute()) {
                return path;
            }
            return (repo.isBare() ? repo.getDirectory().toPath() : repo.getWorkTree().toPath()).resolve(path).normalize();
        }
        return repo.getCommonDirectory().toPath().resolve("hooks");
    }

    /**
     * Writes the hook (mode 755).
     *
     * @throws InvalidInputException when a {@code commit-msg} hook that is not ours is there and
     *         {@code force} is off, or the folder cannot be written
     */
    public static Installed install(Repository repo, boolean force) {
        Path dir = hooksDir(repo);
        Path hook = dir.resolve(NAME);
        try {
            Files.createDirectories(dir);
            Path previous = null;
            boolean updated = false;
            if (Files.exists(hook, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                boolean ours = Files.isRegularFile(hook, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
                if (!ours && !force) {
                    throw new InvalidInputException(hook.toString(),
                            "a commit-msg hook that aigov did not install is there; call aigov commit-msg FILE from it, or pass --force"
                                    + " (it is moved to " + BACKUP + ")");
                }
                if (!ours) {
                    previous = dir.resolve(BACKUP);
                    Files.move(hook, previous, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    updated = true;
                }
            }
            Path tmp = Files.createTempFile(dir, ".commit-msg", ".tmp");
            Files.writeString(tmp, script(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                tmp.toFile().setExecutable(true, false);
            }
            Files.move(tmp, hook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Installed(hook, previous, updated);
        } catch (IOException e) {
            throw new InvalidInputException(hook.toString(), "cannot install the hook: " + e.getMessage(), e);
        }
    }
}
