package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin}),
 * {@code initdb} into a temporary directory (SCRAM password authentication), {@code postgres} on a free
 * loopback port with {@code fsync=on}, its socket in the temporary directory. As root (CI), both run as
 * {@code nobody} through {@code setpriv}, since initdb refuses root. Tests skip when no binaries are
 * installed, unless {@code AIGOV_REQUIRE_POSTGRES=1} (set by .ci/run) makes that a failure.
 */
public final class PostgresServer implements AutoCloseable {

    static final String USER = "aigov";
    static final String PASSWORD = "test-password-" + ProcessHandle.current().pid();
    static final String DATABASE = "postgres";

    private final Path dir;
    private final Path bin;
    private final int port;
    private Process server;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** The binaries' folder, or null. */
    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a fresh server, or skips the test (see the class comment). */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        if (bin == null) {
            if ("1".equals(System.getenv("AIGOV_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("AIGOV_REQUIRE_POSTGRES=1 but no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)");
            }
            assumeTrue(false, "PostgreSQL is not installed (/usr/lib/postgresql/*/bin); skipping the PostgreSQL audit store tests");
        }
        Path dir = Files.createTempDirectory("aigov-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer p = new PostgresServer(dir, bin, port);
        p.init();
        p.startServer();
        return p;
    }

    private boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private List<String> asServerUser(String... command) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private void init() throws Exception {
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root()) {
            run("chown", "-R", "nobody:nogroup", dir.toString());
        }
        Process p = new ProcessBuilder(asServerUser(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pw, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("initdb.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("initdb failed: " + Files.readString(dir.resolve("initdb.log")));
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    /** Starts the server process and waits until it accepts connections. */
    public void startServer() throws Exception {
        server = new ProcessBuilder(asServerUser(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(), "-p",
                Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on", "-c", "max_connections=100"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("postgres did not start: " + Files.readString(dir.resolve("server.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server: {@code immediate} is a crash (SIGQUIT: no checkpoint, recovery on the next start), else a fast shutdown. */
    public void stopServer(boolean immediate) throws Exception {
        if (server == null) {
            return;
        }
        // the server runs as another user: signal it through kill, as that user
        Process k = new ProcessBuilder(asServerUser("kill", immediate ? "-QUIT" : "-INT", Long.toString(server.pid()))).start();
        k.waitFor();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor();
        }
        server = null;
    }

    public PostgresLocation location() {
        return new PostgresLocation("127.0.0.1", port, DATABASE);
    }

    public PostgresCredentials credentials() {
        return new PostgresCredentials(USER, PASSWORD);
    }

    /** A plain JDBC connection as the superuser (for tampering and inspection). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(location().jdbcUrl(), USER, PASSWORD);
    }

    /** Drops the store's schema, so the next test starts empty. */
    public void reset() throws SQLException {
        try (Connection c = connect(); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PostgresAuditStore.SCHEMA + " CASCADE");
        }
    }

    @Override
    public void close() throws Exception {
        stopServer(false);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
