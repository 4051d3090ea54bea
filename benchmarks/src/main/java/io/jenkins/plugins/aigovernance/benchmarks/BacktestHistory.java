package io.jenkins.plugins.aigovernance.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generates a linear git history for the backtest with real git ({@code git init} + {@code git fast-import}):
 * {@code commits} commits spread evenly over the last {@value #DAYS} days, each adding one file in a
 * fixed rotation (docs = LOW, application code = MEDIUM, production Terraform = HIGH, every seventh a schema
 * migration = CRITICAL under the built-in policy), every fourth with a Claude co-author trailer, one new file per
 * commit (about {@code commits} files at the end) and two symbolic links in the tree
 * ({@code Jenkinsfile -> ci/pipeline.groovy}, {@code infra -> terraform}), so the link handling runs on every commit.
 *
 * <p>{@code java -cp benchmarks.jar io.jenkins.plugins.aigovernance.benchmarks.BacktestHistory 10000 /tmp/history}
 */
public final class BacktestHistory {

    /** The history spans this many days up to now. */
    static final int DAYS = 80;

    private BacktestHistory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BacktestHistory COMMITS DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        generate(Integer.parseInt(args[0]), dir);
        System.out.println("generated " + args[0] + " commits in " + dir);
    }

    /** Creates the repository at {@code dir} (which must not exist or be empty). */
    public static void generate(int commits, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "git", "init", "-q", "-b", "main");
        Process p = new ProcessBuilder("git", "fast-import", "--quiet", "--done").directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Instant end = Instant.now().minusSeconds(60);
        long step = Duration.ofDays(DAYS).toSeconds() / Math.max(1, commits);
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
            for (int i = 1; i <= commits; i++) {
                long when = end.minusSeconds(step * (commits - i)).getEpochSecond();
                boolean ai = i % 4 == 0;
                String author = ai ? "Dev Agent <dev@example.com>" : "Hanna Human <hanna@example.com>";
                StringBuilder c = new StringBuilder();
                c.append("commit refs/heads/main\nmark :").append(i).append('\n');
                c.append("author ").append(author).append(' ').append(when).append(" +0000\n");
                c.append("committer ").append(author).append(' ').append(when).append(" +0000\n");
                String message = "change " + i + (ai ? "\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n" : "\n");
                data(c, message);
                if (i > 1) {
                    c.append("from :").append(i - 1).append('\n');
                }
                if (i == 1) {
                    file(c, "100644", "README.md", "generated history\n");
                    file(c, "100644", "ci/pipeline.groovy", "buildPlugin()\n");
                    file(c, "120000", "Jenkinsfile", "ci/pipeline.groovy");
                    file(c, "100644", "terraform/prod/main.tf", "# prod\n");
                    file(c, "120000", "infra", "terraform");
                } else {
                    String name = "f" + (i / 2);
                    String path = switch (i % 7) {
                        case 0 -> "db/migrations/V" + i + "__change.sql";
                        case 1, 4 -> "docs/" + name + ".md";
                        case 2, 5 -> "src/app/" + name + ".py";
                        default -> "terraform/prod/" + name + ".tf";
                    };
                    file(c, "100644", path, "revision " + i + "\n");
                }
                out.write(c.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write("done\n".getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("git fast-import failed in " + dir);
        }
        run(dir, "git", "reset", "-q", "--hard", "main");
    }

    private static void data(StringBuilder c, String text) {
        c.append("data ").append(text.getBytes(StandardCharsets.UTF_8).length).append('\n').append(text).append('\n');
    }

    private static void file(StringBuilder c, String mode, String path, String content) {
        c.append("M ").append(mode).append(" inline ").append(path).append('\n');
        data(c, content);
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed in " + dir);
        }
    }
}
