package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyChain;
import io.jenkins.plugins.aigovernance.core.canary.CanaryAnalysis;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.policy.CanaryPlanReader;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.Measurement;
import io.jenkins.plugins.aigovernance.core.canary.Sleeper;
import io.jenkins.plugins.aigovernance.core.canary.StepResult;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aigov canary}: run a canary plan against Prometheus, moving traffic with shell commands. */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Run a canary plan: set weights with --on-weight, measure metrics in Prometheus, and promote, roll back or pause.",
            "One line is printed per step and per measurement as it happens (on stderr with --json, whose stdout is the verdict document).",
            "Exit 0 promote, 1 rollback, 4 paused (inconclusive: a person decides), 2 bad input."})
final class CanaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--prometheus", required = true, paramLabel = "URL", description = "Prometheus base URL (http or https).")
    String prometheus;

    @Option(names = "--plan", paramLabel = "FILE",
            description = {"Plan file (YAML/JSON with steps:), a policy file whose canary.templates holds the plan named by --template,",
                "or Argo Rollouts AnalysisTemplate/ClusterAnalysisTemplate YAML (Prometheus provider) whose metrics are the analysis.",
                "Without --plan, --template names a template of the policy in force for the change --repo/--base/--head name",
                "(--policy, else .ai-governance.yml at the BASE revision, else built-in), so a change cannot edit the template it is judged by."})
    Path plan;

    @Option(names = "--template", paramLabel = "NAME", description = "Name of the canary template in a policy file, or of the Argo analysis template.")
    String template;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Without --plan: the git repository (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--base", defaultValue = "HEAD~1", paramLabel = "REV", description = "Without --plan: the change's base revision (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--head", defaultValue = "HEAD", paramLabel = "REV", description = "Without --plan: the change's head revision (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--policy", paramLabel = "FILE", description = "Without --plan: the policy file holding the template (read at the base when the change edits it).")
    Path policy;

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "Value of an Argo analysis template argument (repeatable).")
    Map<String, String> args = new java.util.LinkedHashMap<>();

    @Option(names = "--weight", paramLabel = "PERCENT",
            description = "For an Argo analysis template: set this canary weight, then run the analysis (repeatable, in order); default one analysis.")
    java.util.List<Integer> weights = new java.util.ArrayList<>();

    @Option(names = "--on-weight", paramLabel = "CMD",
            description = "Shell command run (sh -c) for each setWeight step, with CANARY_WEIGHT, CANARY_STEP and CANARY_PLAN set; a non-zero exit rolls back.")
    String onWeight;

    @Option(names = "--on-rollback", paramLabel = "CMD",
            description = "Shell command run on rollback, with CANARY_WEIGHT, CANARY_REASON, CANARY_FAILED_METRIC and CANARY_PLAN set.")
    String onRollback;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding a bearer token for Prometheus.")
    String tokenEnv;

    @Option(names = "--user", paramLabel = "USER", description = "Basic auth user for Prometheus (password from --password-env).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the basic auth password.")
    String passwordEnv;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationArgument.class,
            description = "Connect timeout (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationArgument.class,
            description = "Query timeout (default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--action-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationArgument.class,
            description = "Longest a --on-weight or --on-rollback command may run (default ${DEFAULT-VALUE}).")
    Duration actionTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = output.json ? spec.commandLine().getErr() : out;
        CanaryPlan p = plan(new GovernanceEngine(Clock.systemUTC()));
        String planName = p.name() != null ? p.name() : plan != null ? String.valueOf(plan.getFileName()) : template;
        PrometheusConnection connection = PrometheusConnection.of(prometheus).withTimeouts(connectTimeout, requestTimeout);
        if (tokenEnv != null) {
            connection = connection.withBearerToken(env(tokenEnv));
        } else if (user != null) {
            connection = connection.withBasicAuth(user, passwordEnv == null ? "" : env(passwordEnv));
        }
        PrometheusProvider provider = new PrometheusProvider(connection);
        log.printf("canary %s: %d steps, metrics from %s%n", planName, p.steps().size(), provider.describe());
        log.flush();
        int[] currentStep = {0};
        CanaryVerdict v = new CanaryAnalysis(provider, Clock.systemUTC(), Sleeper.SYSTEM).run(p,
                weight -> {
                    if (onWeight != null) {
                        shell(onWeight, Map.of("CANARY_WEIGHT", Integer.toString(weight), "CANARY_STEP", Integer.toString(currentStep[0]),
                                "CANARY_PLAN", planName), actionTimeout, log);
                    }
                },
                verdict -> {
                    if (onRollback != null) {
                        log.printf("rollback: running --on-rollback%n");
                        shell(onRollback, Map.of("CANARY_WEIGHT", Integer.toString(verdict.weight()), "CANARY_REASON", verdict.reason(),
                                "CANARY_FAILED_METRIC", verdict.failedMetric() == null ? "" : verdict.failedMetric(), "CANARY_PLAN", planName),
                                actionTimeout, log);
                    }
                },
                new Stream(log, currentStep));
        log.printf("%s: %s%n", v.outcome(), v.reason());
        if (v.failedMetric() != null) {
            log.printf("  metric %s, values %s%n", v.failedMetric(), v.failedValues());
        }
        if (v.rollbackError() != null) {
            log.printf("  the rollback command failed: %s%n", v.rollbackError());
        }
        if (v.nextStep() != null) {
            log.printf("  a person decides: continue from step %d or roll back%n", v.nextStep());
        }
        log.flush();
        if (output.json) {
            OutputOptions.writeJson(out, v);
        }
        return switch (v.outcome()) {
            case PROMOTE -> ExitCode.OK;
            case ROLLBACK -> ExitCode.GATE_FAILED;
            case PAUSED -> ExitCode.NEEDS_HUMAN;
        };
    }

    /** The plan file, else the template the engine resolves for the change at its base revision. */
    private CanaryPlan plan(GovernanceEngine engine) {
        if (plan != null) {
            return new CanaryPlanReader().read(plan, template, args, weights);
        }
        if (template == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a plan file with --plan or a policy template with --template");
        }
        if (!args.isEmpty() || !weights.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--arg and --weight are for an Argo analysis template file given with --plan");
        }
        return engine.canaryTemplate(new ChangeRequest(repo, base, head, null, null, policy, null, null), PolicyChain.repository(), template);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(name, "the environment variable is not set");
        }
        return value;
    }

    /** Runs {@code sh -c command}, copying its output to the log; a non-zero exit or a timeout is an exception. */
    private static void shell(String command, Map<String, String> env, Duration limit, PrintWriter log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process proc = pb.start();
        proc.getOutputStream().close();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream in = proc.getInputStream()) {
                in.transferTo(captured);
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }, "canary-action-output");
        pump.setDaemon(true);
        pump.start();
        if (!proc.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
            throw new IOException("'" + command + "' did not finish within " + limit.toSeconds() + "s");
        }
        pump.join(1000);
        String text = captured.toString(StandardCharsets.UTF_8).stripTrailing();
        if (!text.isEmpty()) {
            text.lines().forEach(l -> log.printf("  | %s%n", l));
            log.flush();
        }
        if (proc.exitValue() != 0) {
            throw new IOException("'" + command + "' exited with " + proc.exitValue());
        }
    }

    /** Prints one line per event, as it happens. */
    private static final class Stream implements CanaryListener {
        private final PrintWriter log;
        private final int[] currentStep;

        Stream(PrintWriter log, int[] currentStep) {
            this.log = log;
            this.currentStep = currentStep;
        }

        @Override
        public void weight(int step, int weight) {
            currentStep[0] = step;
            log.printf("step %d  setWeight %d%%%n", step, weight);
            log.flush();
        }

        @Override
        public void pause(int step, TimeSpan duration) {
            log.printf("step %d  pause %s%n", step, duration);
            log.flush();
        }

        @Override
        public void measured(Measurement m) {
            log.printf("step %d  %-13s %-24s %s %s%n", m.step(), m.phase(), m.metric() + (m.dryRun() ? " (dry run)" : ""),
                    m.evaluated() == null ? "-" : m.evaluated(), m.message());
            log.flush();
        }

        @Override
        public void stepFinished(StepResult s) {
            if (!s.kind().equals("setWeight") && !s.kind().equals("pause")) {
                log.printf("step %d  %s %s at %d%%: %s%n", s.index(), s.kind(), s.phase(), s.weight(), s.message());
                log.flush();
            }
        }
    }
}
