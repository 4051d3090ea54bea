package io.jenkins.plugins.aigovernance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.audit.ChangeEvents;
import io.jenkins.plugins.aigovernance.core.audit.ChangeFacts;
import io.jenkins.plugins.aigovernance.core.audit.IncidentChange;
import io.jenkins.plugins.aigovernance.core.audit.IncidentReport;
import io.jenkins.plugins.aigovernance.core.audit.RecordedSource;
import io.jenkins.plugins.aigovernance.core.audit.Ed25519Keys;
import io.jenkins.plugins.aigovernance.core.audit.GovernanceNotes;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import org.eclipse.jgit.lib.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigov audit append|verify|query|incident|export}: the tamper-evident audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Append to, verify, query and export the tamper-evident audit log.",
        subcommands = {AuditCommand.Append.class, AuditCommand.Verify.class, AuditCommand.Query.class, AuditCommand.Incident.class,
            AuditCommand.Export.class, AuditCommand.Migrate.class})
final class AuditCommand {

    /** {@code aigov audit append --log FILE --event JSON|-}. */
    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Append one event (a JSON document; '-' reads it from stdin). id and time are filled in when absent. "
                    + "Returns once the record is on disk.")
    static final class Append implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditLogOption log;

        @Mixin
        OutputOptions output;

        @Option(names = "--event", required = true, paramLabel = "JSON|-", description = "The event as JSON, or '-' to read it from stdin.")
        String event;

        @Option(names = "--signing-key", paramLabel = "PEM", description = "Ed25519 private key (PKCS#8 PEM) to sign the record with.")
        Path signingKey;

        @Option(names = "--repo", paramLabel = "DIR",
                description = "Also write the event's summary as a git note on its commit in this repository (approval-given, "
                        + "deployment-done, rollback), as the policy's audit.gitNotes / notesRef say.")
        Path repo;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "With --repo: the policy (default: .ai-governance.yml at the repository's HEAD, else built-in).")
        Path policy;

        @Option(names = "--risk", paramLabel = "FILE",
                description = "The change's risk assessment (aigov risk --json): fills fingerprint, commit, commit times, agent, source, tier, "
                        + "touches, blast radius and dependents the event leaves out, as the Jenkins steps do.")
        Path risk;

        @Option(names = "--build", paramLabel = "RUN", description = "The pipeline run, when the event names none (e.g. payments/main#42).")
        String build;

        @Override
        public Integer call() throws IOException {
            String text = "-".equals(event) ? readStdin() : event;
            AuditEvent e = parseEvent(text, Clock.systemUTC());
            if (risk != null || build != null) {
                JsonNode assessment = risk == null ? null : readRiskDocument(risk);
                e = new ChangeEvents(assessment == null ? ChangeFacts.none() : readRisk(risk, assessment), null, build).complete(e);
                if (assessment != null && e.type() == AuditEventType.RISK_ASSESSED && e.details() == null && assessment.isObject()) {
                    // as aiRiskScore records it: the assessment is the event's document (docs/maturity.md reads IAM findings from it)
                    e = AuditEvent.builder(e.type(), e.time()).id(e.id()).fingerprint(e.fingerprint()).repository(e.repository()).commit(e.commit())
                            .commitTime(e.commitTime()).build(e.build()).actor(e.actor()).agent(e.agent()).changeSource(e.changeSource())
                            .tier(e.tier()).outcome(e.outcome()).touches(e.touches()).details((ObjectNode) assessment)
                            .blastRadius(e.blastRadius()).dependents(e.dependents()).commitTimes(e.commitTimes()).build();
                }
            }
            AuditRecord r;
            java.security.PrivateKey key = signingKey == null ? null : Ed25519Keys.readPrivate(signingKey);
            try (AuditStore s = log.open(spec); AuditStore.Appender a = s.appender(log.log != null ? null : appendStream(), key)) {
                r = a.append(e);
            }
            output.print(spec.commandLine().getOut(), r, (out, record) -> out.printf("appended seq %d  %s  %s  hash %s%n", record.seq(),
                    record.event().type().json(), record.event().id(), record.hash()));
            if (repo != null) {
                try (Repository git = NotesRepository.open(repo)) {
                    new GovernanceNotes(git, GovernanceNotes.policyAt(git, "HEAD", policy)).recorded(e, NotesRepository.writer(git))
                            .ifPresent(n -> spec.commandLine().getErr().printf("git note written on %s under %s%n", n.commit(), n.notesRef()));
                }
            }
            return ExitCode.OK;
        }

        /** {@code --stream}, else this CLI source: {@code cli:USER@HOST}. */
        private String appendStream() {
            if (log.stream != null) {
                return log.stream;
            }
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException ex) {
                host = "localhost";
            }
            return "cli:" + System.getProperty("user.name") + "@" + host;
        }

        private static JsonNode readRiskDocument(Path file) {
            try {
                return JsonDocuments.newMapper().readTree(file.toFile());
            } catch (IOException ex) {
                throw new InvalidInputException(file.toString(), "not a risk assessment (aigov risk --json): " + ex.getMessage(), ex);
            }
        }

        private static ChangeFacts readRisk(Path file, JsonNode document) {
            try {
                return ChangeFacts.ofDocument(document);
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException(file.toString(), "not a risk assessment (aigov risk --json): " + ex.getMessage(), ex);
            }
        }

        private static String readStdin() throws IOException {
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static AuditEvent parseEvent(String text, Clock clock) {
        ObjectMapper mapper = JsonDocuments.newMapper();
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("--event", "expected a JSON object");
            }
            ObjectNode o = (ObjectNode) node;
            if (!o.hasNonNull("id")) {
                o.put("id", UUID.randomUUID().toString());
            }
            if (!o.hasNonNull("time")) {
                o.put("time", clock.instant().toString());
            }
            if (!o.hasNonNull("type")) {
                throw new InvalidInputException("--event", "'type' is required (e.g. risk-assessed, approval-given, deployment-done)");
            }
            return mapper.treeToValue(o, AuditEvent.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new InvalidInputException("--event", "not a valid audit event: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * {@code audit verify --json}: the verification's document plus {@code sideFile}, what the side-file check found
     * (absent from the JSON when there is no side file). A {@code MISMATCH} fails verify (exit 1) although the log verified.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record VerifyReport(@com.fasterxml.jackson.annotation.JsonUnwrapped AuditVerification verification, SideFileReport sideFile) {
    }

    /**
     * The side-file check's result as JSON: status ({@code NOT_USED}, {@code MATCHES}, {@code MISMATCH}, {@code NOT_CHECKED}),
     * the side file's path, its rows, and the first difference or why it is not used.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record SideFileReport(AuditIndex.SideFileCheck.Status status, String file, long rows, String detail) {
        static SideFileReport of(AuditIndex.SideFileCheck.Result r) {
            return r.status() == AuditIndex.SideFileCheck.Status.ABSENT ? null
                    : new SideFileReport(r.status(), r.file().toString(), r.rows(), r.detail());
        }
    }

    /** {@code aigov audit verify --log FILE}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the hash chain (and signatures), and with --log the query side file <log>.idx against the log; "
                    + "exit 0 when every record checks out, 1 at the first bad record or a side file that answers otherwise.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditLogOption log;

        @Mixin
        OutputOptions output;

        @Option(names = "--public-key", paramLabel = "PEM", description = "Ed25519 public key (X.509 PEM): every record must be signed by its key.")
        Path publicKey;

        @Option(names = "--anchor", paramLabel = "SEQ:HASH",
                description = "A record known from before (printed by an earlier verify): the log must still hold it unchanged.")
        String anchor;

        @Override
        public Integer call() throws IOException {
            AuditVerifier.Anchor a = null;
            if (anchor != null) {
                String[] parts = anchor.split(":", 2);
                if (parts.length != 2 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("[0-9a-f]{64}")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--anchor: expected SEQ:HASH (64 hex digits)");
                }
                a = new AuditVerifier.Anchor(Long.parseLong(parts[0]), parts[1]);
            }
            java.security.PublicKey key = publicKey == null ? null : Ed25519Keys.readPublic(publicKey);
            if (log.log == null) {
                return verifyStore(a, key);
            }
            // the query side file <log>.idx is compared with the log in the same pass (docs/audit.md, Verification)
            AuditIndex.SideFileCheck sideFile = AuditIndex.SideFileCheck.of(log.log);
            AuditVerification v = new AuditVerifier().verify(log.log, key, a, sideFile);
            PrintWriter out = spec.commandLine().getOut();
            AuditIndex.SideFileCheck.Result side = sideFile.result();
            boolean sideMismatch = side.status() == AuditIndex.SideFileCheck.Status.MISMATCH;
            if (output.json) {
                output.writeJson(out, new VerifyReport(v, SideFileReport.of(side)));
            } else if (v.verified() && sideMismatch) {
                // stdout never says "verified" when verify fails (exit 1): scripts read stdout
                out.printf("%s: TAMPERED query side file: the log's %d records%s check out, last %d:%s, but its query side file does not"
                        + " answer as the log does%n", log.log, v.records(), v.signed() ? " (signed)" : "", v.records(), v.lastHash());
            } else if (v.verified()) {
                out.printf("%s: verified, %d records%s, last %d:%s%n", log.log, v.records(), v.signed() ? " (signed)" : "", v.records(),
                        v.lastHash());
            } else {
                AuditVerification.Problem p = v.problem();
                out.printf("%s: TAMPERED at line %d (seq %d): %s%n", log.log, p.line(), p.seq(), p.message());
                out.printf("  %d records before it verify; kind %s%n", v.records(), p.kind());
                String line = lineAt(log.log, p.offset());
                if (line != null) {
                    out.printf("  record: %s%n", line.length() > 400 ? line.substring(0, 400) + "…" : line);
                }
            }
            if (!output.json && v.tornTail() != null) {
                out.printf("  note: %s%n", v.tornTail().describe());
            }
            if (!output.json && v.verified() && key == null) {
                out.printf("  note: signatures not checked (no --public-key)%s%n", a == null
                        ? "; without a key or an --anchor, a log rewritten with a recomputed chain also verifies (docs/audit.md)"
                        : "");
            }
            switch (side.status()) {
                case MISMATCH -> {
                    // the query side file has no integrity of its own: one that answers otherwise than the log was tampered with
                    Path kept = sideFile.setAside();
                    spec.commandLine().getErr().printf("aigov: %s: TAMPERED: the query side file does not answer as the log does (%s); "
                            + "moved to %s, queries rebuild it from the log%n", side.file(), side.detail(), kept.getFileName());
                    if (!output.json) {
                        out.printf("  TAMPERED query side file %s: %s; moved to %s, queries rebuild it from the log%n", side.file().getFileName(),
                                side.detail(), kept.getFileName());
                    }
                    return ExitCode.GATE_FAILED;
                }
                case MATCHES -> {
                    if (!output.json) {
                        out.printf("  query side file %s: its %d rows answer as the log does%n", side.file().getFileName(), side.rows());
                    }
                }
                case NOT_USED -> {
                    if (!output.json) {
                        out.printf("  note: query side file %s not checked: queries do not use it (%s) and rebuild it from the log%n",
                                side.file().getFileName(), side.detail());
                    }
                }
                default -> {
                    // ABSENT: queries build it from the log; NOT_CHECKED: the log itself failed, reported above
                }
            }
            return v.verified() ? ExitCode.OK : ExitCode.GATE_FAILED;
        }

        /** Verifies every stream of the store (or --stream's); exit 1 when any fails. */
        private int verifyStore(AuditVerifier.Anchor anchor, java.security.PublicKey key) throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (AuditStore s = log.open(spec)) {
                List<String> streams = log.stream != null ? List.of(log.stream) : s.streams();
                if (anchor != null && streams.size() != 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--anchor names a record of one stream: choose it with --stream");
                }
                if (streams.isEmpty()) {
                    throw new InvalidInputException(s.location(), "the store holds no streams");
                }
                List<AuditVerification> all = new ArrayList<>();
                for (String stream : streams) {
                    AuditVerification v = s.verify(stream, key, anchor);
                    all.add(v);
                    if (output.json) {
                        continue;
                    }
                    if (v.verified()) {
                        out.printf("%s: verified, %d records%s, last %d:%s%n", v.log(), v.records(), v.signed() ? " (signed)" : "", v.records(),
                                v.lastHash());
                    } else {
                        out.printf("%s: TAMPERED at seq %d: %s%n", v.log(), v.problem().seq(), v.problem().message());
                        out.printf("  %d records before it verify; kind %s%n", v.records(), v.problem().kind());
                    }
                }
                if (output.json) {
                    output.writeJson(out, all);
                }
                return all.stream().allMatch(AuditVerification::verified) ? ExitCode.OK : ExitCode.GATE_FAILED;
            }
        }

        private static String lineAt(Path log, long offset) throws IOException {
            try (var ch = java.nio.channels.FileChannel.open(log)) {
                if (offset >= ch.size()) {
                    return null;
                }
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(4096, ch.size() - offset));
                ch.read(buf, offset);
                String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                return nl >= 0 ? s.substring(0, nl) : s;
            }
        }
    }

    /** {@code aigov audit query --log FILE [filters]}. */
    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Find changes (default) or events (--events). Example: all AI changes that touched IAM in the last 30 days, "
                    + "with their approvers: aigov audit query --log audit.jsonl --ai --touches iam --since 30d")
    static final class Query implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditLogOption log;

        @Mixin
        OutputOptions output;

        @Option(names = "--since", paramLabel = "TIME", description = "From (inclusive): instant, date, or age like 30d, 12h.")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Until (exclusive).")
        String until;

        @Option(names = "--fingerprint", paramLabel = "FP", description = "Change fingerprint or its prefix.")
        String fingerprint;

        @Option(names = "--commit", paramLabel = "SHA", description = "Commit id or its prefix (4+ characters).")
        String commit;

        @Option(names = "--agent", paramLabel = "ID", description = "AI agent id.")
        String agent;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who acted.")
        String actor;

        @Option(names = "--approver", paramLabel = "NAME", description = "Who approved.")
        String approver;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "allow, deny, approved, rollback, ...")
        String outcome;

        @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Event types (risk-assessed, approval-given, ...).")
        List<String> types = new ArrayList<>();

        @Option(names = "--tier", split = ",", paramLabel = "TIER", description = "Risk tiers (LOW, MEDIUM, HIGH, CRITICAL).")
        List<String> tiers = new ArrayList<>();

        @Option(names = "--source", split = ",", paramLabel = "SOURCE", description = "Change sources (human, unknown, ai-assisted, ai-agent).")
        List<String> sources = new ArrayList<>();

        @Option(names = "--ai", description = "Only changes that count as AI: ai-agent, ai-assisted, and unknown or unrecorded source (fail closed).")
        boolean ai;

        @Option(names = "--touches", split = ",", paramLabel = "CATEGORY", description = "Touched categories (iam, network, ...): any of them.")
        List<String> touches = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N results (0: all).")
        int limit;

        @Option(names = "--events", description = "List matching events instead of changes.")
        boolean events;

        @Override
        public Integer call() throws IOException {
            Clock clock = Clock.systemUTC();
            AuditQuery q;
            try {
                Set<ChangeSource> src = enums(sources, ChangeSource::of);
                if (ai) {
                    src.addAll(RecordedSource.AI);
                }
                q = new AuditQuery(TimeArgument.parse("--since", since, clock), TimeArgument.parse("--until", until, clock), fingerprint, commit,
                        agent, actor, approver, outcome, enums(types, AuditEventType::of), enums(tiers, RiskTier::of), src, Set.copyOf(touches),
                        limit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            try (AuditStore store = log.open(spec)) {
                if (events) {
                    List<AuditEvent> found = store.events(q);
                    log.reportTornTail(spec, store.tornTail());
                    output.print(out, found, Query::printEvents);
                } else {
                    List<AuditChange> found = store.changes(q);
                    log.reportTornTail(spec, store.tornTail());
                    output.print(out, found, Query::printChanges);
                }
            }
            return ExitCode.OK;
        }

        private static void printEvents(PrintWriter out, List<AuditEvent> found) {
            out.printf("%-24s %-18s %-14s %-10s %-12s %-14s %s%n", "TIME", "TYPE", "CHANGE", "TIER", "ACTOR", "OUTCOME", "BUILD");
            for (AuditEvent e : found) {
                out.printf("%-24s %-18s %-14s %-10s %-12s %-14s %s%n", e.time(), e.type().json(), shortFp(e.fingerprint()),
                        e.tier() == null ? "-" : e.tier(), dash(e.actor()), dash(e.outcome()), dash(e.build()));
            }
            out.printf("%d events%n", found.size());
        }

        private static void printChanges(PrintWriter out, List<AuditChange> found) {
            out.printf("%-14s %-12s %-12s %-9s %-14s %-24s %-9s %s%n", "CHANGE", "COMMIT", "SOURCE", "TIER", "AGENT", "LAST EVENT", "STATE",
                    "APPROVED BY");
            for (AuditChange c : found) {
                String state = c.rolledBack() ? "rolledback" : c.deployed() ? "deployed" : "open";
                out.printf("%-14s %-12s %-12s %-9s %-14s %-24s %-9s %s%n", shortFp(c.fingerprint()),
                        c.commit() == null ? "-" : c.commit().substring(0, Math.min(12, c.commit().length())),
                        RecordedSource.of(c.changeSource()).json(), c.tier() == null ? "-" : c.tier(), dash(c.agent()),
                        c.lastEvent(), state, c.approvers().isEmpty() ? "-" : String.join(", ", c.approvers()));
            }
            out.printf("%d changes%n", found.size());
        }

        static <E> Set<E> enums(List<String> values, Function<String, E> of) {
            Set<E> out = new LinkedHashSet<>();
            for (String v : values) {
                out.add(of.apply(v));
            }
            return out;
        }
    }

    /** {@code aigov audit incident --log FILE|--store URL --from T --until T [filters]}. */
    @Command(name = "incident", mixinStandardHelpOptions = true,
            description = "Every change deployed or rolled back in an incident window, with agent, source, tier, blast radius, dependents, "
                    + "approvers and their times, canary result and rollbacks: one table, or one JSON document with --json. "
                    + "Filters apply to the change's events inside the window.")
    static final class Incident implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditLogOption log;

        @Mixin
        OutputOptions output;

        @Option(names = "--from", required = true, paramLabel = "TIME", description = "Window start (inclusive): instant, date, or age like 6h.")
        String from;

        @Option(names = "--until", paramLabel = "TIME", description = "Window end (exclusive; default: now).")
        String until;

        @Option(names = "--agent", paramLabel = "ID", description = "AI agent id.")
        String agent;

        @Option(names = "--approver", paramLabel = "NAME", description = "Who approved (inside the window).")
        String approver;

        @Option(names = "--tier", split = ",", paramLabel = "TIER", description = "Risk tiers (the change's highest).")
        List<String> tiers = new ArrayList<>();

        @Option(names = "--source", split = ",", paramLabel = "SOURCE", description = "Change sources (human, unknown, ai-assisted, ai-agent).")
        List<String> sources = new ArrayList<>();

        @Option(names = "--ai", description = "Only changes that count as AI (ai-agent, ai-assisted, unknown or unrecorded source).")
        boolean ai;

        @Option(names = "--touches", split = ",", paramLabel = "CATEGORY", description = "Touched kinds (iam, network, data, ...): any of them.")
        List<String> touches = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N changes (0: all).")
        int limit;

        @Override
        public Integer call() throws IOException {
            Clock clock = Clock.systemUTC();
            java.time.Instant start;
            java.time.Instant end;
            AuditQuery q;
            try {
                start = TimeArgument.parse("--from", from, clock);
                end = until == null ? clock.instant() : TimeArgument.parse("--until", until, clock);
                Set<ChangeSource> src = Query.enums(sources, ChangeSource::of);
                if (ai) {
                    src.addAll(RecordedSource.AI);
                }
                if (limit < 0) {
                    throw new IllegalArgumentException("--limit must not be negative");
                }
                q = AuditQuery.all().agent(agent).approver(approver).tiers(Query.enums(tiers, RiskTier::of)).sources(src)
                        .touching(touches.toArray(String[]::new)).limit(limit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!start.isBefore(end)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from (" + start + ") is not before --until (" + end + ")");
            }
            IncidentReport report;
            try (AuditStore store = log.open(spec)) {
                report = store.incident(q, start, end);
                log.reportTornTail(spec, store.tornTail());
            }
            output.print(spec.commandLine().getOut(), report, Incident::print);
            return ExitCode.OK;
        }

        private static void print(PrintWriter out, IncidentReport r) {
            out.printf("Changes deployed or rolled back %s .. %s%n", r.from(), r.until());
            out.printf("%-14s %-12s %-12s %-12s %-9s %5s %-20s %-24s %-24s %-14s %-24s %s%n", "CHANGE", "COMMIT", "AGENT", "SOURCE", "TIER",
                    "BLAST", "DEPENDENTS", "APPROVED BY (AT)", "DEPLOYED", "CANARY", "ROLLED BACK", "TOUCHES");
            for (IncidentChange c : r.changes()) {
                String approvals = c.approvals().isEmpty() ? "-"
                        : String.join(", ", c.approvals().stream().map(a -> a.approver() + " (" + a.time() + ")").toList());
                String deployed = c.deployments().isEmpty() ? "-"
                        : String.join(", ", c.deployments().stream().map(d -> d.time() + (d.outcome() == null ? "" : " " + d.outcome())).toList());
                String rolledBack = c.rollbacks().isEmpty() ? "-"
                        : String.join(", ", c.rollbacks().stream().map(b -> b.time() + (b.restored() ? "" : " FAILED")).toList());
                out.printf("%-14s %-12s %-12s %-12s %-9s %5s %-20s %-24s %-24s %-14s %-24s %s%n", shortFp(c.fingerprint()),
                        c.commit() == null ? "-" : c.commit().substring(0, Math.min(12, c.commit().length())), dash(c.agent()),
                        c.changeSource().json(), c.tier() == null ? "-" : c.tier(), c.blastRadius() == null ? "-" : c.blastRadius(),
                        c.dependents().isEmpty() ? "-" : String.join(",", c.dependents()), approvals, deployed,
                        c.canary() == null ? "-" : dash(c.canary().outcome()), rolledBack, c.touches().isEmpty() ? "-" : String.join(",", c.touches()));
            }
            out.printf("%d changes%n", r.changes().size());
        }
    }

    static String shortFp(String fp) {
        if (fp == null) {
            return "-";
        }
        String v = fp.startsWith("sha256:") ? fp.substring(7) : fp;
        return v.substring(0, Math.min(12, v.length()));
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** {@code aigov audit export --log FILE --format jsonl|csv}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every event as JSON lines (the records, chain fields included) or CSV (one row per event).")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditLogOption log;

        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|csv", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
        Path outFile;

        private static final String[] COLUMNS = {"seq", "id", "type", "time", "fingerprint", "repository", "commit", "commitTime", "build",
            "actor", "agent", "changeSource", "tier", "outcome", "touches", "hash"};

        @Override
        public Integer call() throws IOException {
            if (!format.equals("jsonl") && !format.equals("csv")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: expected jsonl or csv, not '" + format + "'");
            }
            ObjectMapper mapper = JsonDocuments.newMapper();
            PrintWriter out = outFile == null ? spec.commandLine().getOut()
                    : new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8));
            try {
                if (format.equals("csv")) {
                    out.print(String.join(",", COLUMNS) + "\r\n");
                }
                try (AuditStore store = log.open(spec)) {
                store.forEachRecord(log.oneStream(spec, store), r -> {
                    try {
                        if (format.equals("jsonl")) {
                            out.println(mapper.writeValueAsString(r));
                        } else {
                            out.print(csvRow(r) + "\r\n");
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                log.reportTornTail(spec, store.tornTail());
                }
            } finally {
                out.flush();
                if (outFile != null) {
                    out.close();
                }
            }
            return ExitCode.OK;
        }

        static String csvRow(AuditRecord r) {
            AuditEvent e = r.event();
            Object[] v = {r.seq(), e.id(), e.type().json(), e.time(), e.fingerprint(), e.repository(), e.commit(), e.commitTime(), e.build(),
                e.actor(), e.agent(), e.changeSource() == null ? null : e.changeSource().json(), e.tier(), e.outcome(),
                String.join(";", e.touches()), r.hash()};
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(csv(v[i] == null ? "" : v[i].toString()));
            }
            return sb.toString();
        }

        /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
        static String csv(String s) {
            if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
                s = "'" + s;
            }
            if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                return "\"" + s.replace("\"", "\"\"") + "\"";
            }
            return s;
        }
    }

    /** {@code aigov audit migrate --log FILE --store URL [--stream NAME]}. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Copy a file log into a stream of the PostgreSQL store, record for record (hashes, signatures and anchors stay valid), "
                    + "and verify both. An interrupted migration continues where it stopped. Exit 0 when both verify, 1 when either does not.")
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", required = true, paramLabel = "FILE", description = "The file log to copy.")
        Path file;

        @Option(names = "--store", required = true, paramLabel = "URL", description = "postgresql://HOST[:PORT]/DATABASE (credentials: PGUSER and "
                + "PGPASSWORD, or --store-credentials).")
        String store;

        @Option(names = "--store-credentials", paramLabel = "PGPASS", description = "A pgpass file with the database credentials.")
        Path credentials;

        @Option(names = "--stream", paramLabel = "NAME", description = "The stream to copy into (default: the file's name).")
        String stream;

        @Option(names = "--public-key", paramLabel = "PEM", description = "Ed25519 public key (X.509 PEM): every record must be signed by its key.")
        Path publicKey;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException {
            AuditLogOption target = new AuditLogOption();
            target.store = store;
            target.credentials = credentials;
            String name = stream != null ? stream : file.getFileName().toString();
            java.security.PublicKey key = publicKey == null ? null : Ed25519Keys.readPublic(publicKey);
            io.jenkins.plugins.aigovernance.core.audit.postgresql.FileLogMigration.Result r;
            try (var s = io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresAuditStore.open(target.location(spec),
                    target.credentials(spec), 2)) {
                r = new io.jenkins.plugins.aigovernance.core.audit.postgresql.FileLogMigration(s).run(file, name, key);
            }
            output.print(spec.commandLine().getOut(), r, (out, m) -> {
                if (!m.file().verified()) {
                    out.printf("%s: TAMPERED at line %d (seq %d): %s; nothing copied%n", file, m.file().problem().line(), m.file().problem().seq(),
                            m.file().problem().message());
                    return;
                }
                out.printf("%s: verified, %d records%n", file, m.file().records());
                out.printf("copied %d records into %s (%d were there already)%n", m.copied(), m.store().log(), m.skipped());
                out.printf("%s: %s, %d records, last %d:%s%n", m.store().log(), m.store().verified() ? "verified" : "TAMPERED", m.store().records(),
                        m.store().records(), m.store().lastHash());
            });
            return r.verified() ? ExitCode.OK : ExitCode.GATE_FAILED;
        }
    }
}
