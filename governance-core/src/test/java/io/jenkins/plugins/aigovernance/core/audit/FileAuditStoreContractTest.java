package io.jenkins.plugins.aigovernance.core.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The store contract for the JSON-lines file. */
class FileAuditStoreContractTest extends AuditStoreContract {

    @TempDir
    Path dir;

    private int n;

    @Override
    protected AuditStore store() {
        return new FileAuditStore(dir.resolve("audit-" + (++n) + ".jsonl"));
    }

    @Override
    protected AuditStore reopen(AuditStore store) {
        return new FileAuditStore(((FileAuditStore) store).path());
    }

    @Override
    protected String stream(AuditStore store) {
        return ((FileAuditStore) store).stream();
    }

    @Override
    protected void tamperActor(AuditStore store, String stream, long seq, String actor) throws Exception {
        Path log = ((FileAuditStore) store).path();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String line = lines.get((int) seq - 1);
        lines.set((int) seq - 1, line.replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"" + actor + "\""));
        Files.write(log, lines, StandardCharsets.UTF_8);
    }

    @Override
    protected void removeSig(AuditStore store, String stream, long seq) throws Exception {
        Path log = ((FileAuditStore) store).path();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.set((int) seq - 1, lines.get((int) seq - 1).replaceFirst(",\"sig\":\"[^\"]*\"", ""));
        Files.write(log, lines, StandardCharsets.UTF_8);
    }
}
