package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads whole records of a log in order. A torn last line is left out and reported by
 * {@link #tornTail()}; any other line that is not a record is an error naming its line (run
 * {@link AuditVerifier} to learn whether the records are genuine).
 */
public final class AuditReader {

    private final Path log;
    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private TornTail tornTail;

    public AuditReader(Path log) {
        this.log = log;
    }

    /** Calls {@code action} with every complete record, in file order. */
    public void forEach(Consumer<AuditRecord> action) {
        if (!Files.isRegularFile(log)) {
            throw new InvalidInputException(log.toString(), "no such audit log");
        }
        try (FileChannel ch = LogFile.openRead(log)) {
            long size = ch.size();
            long end = LogFile.completeEnd(ch, size);
            LogFile.Lines lines = new LogFile.Lines(new BufferedInputStream(
                    new AuditVerifier.BoundedInput(Channels.newInputStream(ch.position(0)), end), 1 << 16));
            long lineNo = 0;
            byte[] l;
            while ((l = lines.next()) != null) {
                lineNo++;
                AuditRecord r;
                try {
                    r = mapper.readValue(l, 0, lines.length, AuditRecord.class);
                } catch (IOException e) {
                    throw new InvalidInputException(log + ":" + lineNo, "not an audit record: " + e.getMessage(), e);
                }
                action.accept(r);
            }
            tornTail = end < size ? new TornTail(end, size - end, lineNo + 1) : null;
        } catch (IOException e) {
            throw new InvalidInputException(log.toString(), "cannot read audit log: " + e.getMessage(), e);
        }
    }

    /** Every complete record. */
    public List<AuditRecord> readAll() {
        List<AuditRecord> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    /** The torn last line seen by the last read, if any. */
    public Optional<TornTail> tornTail() {
        return Optional.ofNullable(tornTail);
    }
}
