package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian {@code prometheus} package) started for a test on a free
 * 127.0.0.1 port with its own storage, scraping one target every second. Where no binary exists (a
 * developer machine, Windows on ci.jenkins.io) the tests that need it are skipped with a message naming
 * the binary; where the environment says it is required ({@value #REQUIRED_ENV}{@code =1}, which
 * {@code .ci/run} sets after installing the package) a missing binary fails them instead, so they can
 * never silently skip there.
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The environment variable that turns a missing binary from a skip into a failure. */
    static final String REQUIRED_ENV = "AIGOV_REQUIRE_PROMETHEUS";

    static Path binary() {
        String override = System.getenv("PROMETHEUS_BIN");
        if (override != null && Files.isExecutable(Path.of(override))) {
            return Path.of(override);
        }
        if (Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
            return Path.of("/usr/bin/prometheus");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String missing = "the prometheus binary is missing (looked at $PROMETHEUS_BIN, /usr/bin/prometheus and the PATH):"
                + " install it (apt-get install -y prometheus, as .ci/run does) or set PROMETHEUS_BIN;"
                + " the canary integration tests need a real Prometheus";
        if ("1".equals(System.getenv(REQUIRED_ENV))) {
            return fail(missing + " (" + REQUIRED_ENV + "=1 says it is required here)");
        }
        return abort("skipped: " + missing + " (set " + REQUIRED_ENV + "=1 to make this a failure)");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:targetPort} and waits until it is ready. */
    public static PrometheusProcess start(Path dir, int targetPort) throws IOException, InterruptedException {
        Path bin = binary();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(targetPort));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(bin.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusProcess prom = new PrometheusProcess(p, port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("prometheus exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prom.url() + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return prom;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        prom.close();
        return fail("prometheus did not become ready within 30 s:\n" + Files.readString(log));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    public Path log() {
        return log;
    }
}
