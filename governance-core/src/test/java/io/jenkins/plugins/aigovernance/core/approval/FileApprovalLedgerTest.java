package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP2;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileApprovalLedgerTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    private FileApprovalLedger ledger() {
        return new FileApprovalLedger(dir.resolve("approvals.jsonl"), clock);
    }

    private ApprovalRequest request() {
        return ApprovalRequest.open(Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1), T0);
    }

    @Test
    void appendsOneJsonDocumentPerLineAndReadsThemBack() throws Exception {
        FileApprovalLedger l = ledger();
        ApprovalRequest r = request();
        Approval a = Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers");
        Approval other = Fixtures.approve("sue", FP2, HIGH, 2, "senior-engineers");
        l.append(LedgerEntry.opened(r, T0));
        l.append(LedgerEntry.decision(r.id(), a, T0.plusSeconds(60)));
        l.append(LedgerEntry.decision("apr-other", other, T0.plusSeconds(120)));

        List<String> lines = Files.readAllLines(l.file());
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            assertThat(JsonDocuments.newMapper().readTree(line).get("v").asInt()).isEqualTo(1);
        }
        assertThat(lines.get(0)).contains("\"type\":\"request-opened\"");
        LedgerRead read = l.read();
        assertThat(read.torn()).isEmpty();
        assertThat(read.entries()).hasSize(3);
        assertThat(read.entries().get(0).request()).isEqualTo(r);
        assertThat(l.decisionsFor(FP1)).containsExactly(a);
        assertThat(l.latestRequestFor(FP1, null)).isEqualTo(r);
        assertThat(l.latestRequestFor(FP2, null)).isNull();
    }

    @Test
    void requestsAndDecisionsKeepTheirEnvironmentAndARequestIsFoundOnlyForItsOwn() throws Exception {
        FileApprovalLedger l = ledger();
        ApprovalRequest prod = ApprovalRequest.open(request().requirement().forEnvironment("production"), T0);
        ApprovalRequest staging = ApprovalRequest.open(request().requirement().forEnvironment("staging"), T0.plusSeconds(30));
        assertThat(prod.id()).isNotEqualTo(staging.id()).isNotEqualTo(request().id());
        Approval a = Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers").forEnvironment("production");
        l.append(LedgerEntry.opened(prod, T0));
        l.append(LedgerEntry.opened(staging, T0.plusSeconds(30)));
        l.append(LedgerEntry.decision(prod.id(), a, T0.plusSeconds(60)));

        List<String> lines = Files.readAllLines(l.file());
        assertThat(lines.get(0)).contains("\"environment\":\"production\"");
        assertThat(lines.get(2)).contains("\"environment\":\"production\"");
        assertThat(l.read().entries().get(0).request()).isEqualTo(prod);
        assertThat(l.decisionsFor(FP1)).containsExactly(a);
        // the later staging request does not become the production request (its opening and expiry stay)
        assertThat(l.latestRequestFor(FP1, "production")).isEqualTo(prod);
        assertThat(l.latestRequestFor(FP1, "staging")).isEqualTo(staging);
        assertThat(l.latestRequestFor(FP1, null)).isNull();
    }

    @Test
    void earlierBytesAreNeverRewritten() throws Exception {
        FileApprovalLedger l = ledger();
        l.append(LedgerEntry.opened(request(), T0));
        byte[] before = Files.readAllBytes(l.file());
        l.append(LedgerEntry.decision("apr-x", Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0));
        byte[] after = Files.readAllBytes(l.file());
        assertThat(Arrays.copyOf(after, before.length)).isEqualTo(before);
    }

    @Test
    void aTornLastLineIsSkippedAndReportedAndTheNextAppendSealsIt() throws Exception {
        FileApprovalLedger l = ledger();
        l.append(LedgerEntry.opened(request(), T0));
        long tornAt = Files.size(l.file());
        Files.write(l.file(), "{\"v\":1,\"type\":\"decis".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        LedgerRead torn = l.read();
        assertThat(torn.entries()).hasSize(1);
        assertThat(torn.torn()).singleElement().satisfies(t -> {
            assertThat(t.offset()).isEqualTo(tornAt);
            assertThat(t.line()).isEqualTo(2);
        });

        Approval a = Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers");
        l.append(LedgerEntry.decision("apr-x", a, T0));
        LedgerRead sealed = l.read();
        assertThat(sealed.entries()).hasSize(2);
        assertThat(sealed.entries().get(1).decision()).isEqualTo(a);
        assertThat(sealed.torn()).singleElement().satisfies(t -> assertThat(t.offset()).isEqualTo(tornAt));
        assertThat(Files.readAllLines(l.file()).get(2)).contains("torn-write-sealed");
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorNotASilentGap() throws Exception {
        FileApprovalLedger l = ledger();
        l.append(LedgerEntry.opened(request(), T0));
        Files.write(l.file(), "not json\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        l.append(LedgerEntry.decision("apr-x", Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0));
        assertThatThrownBy(l::read).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2 is not a ledger record");
    }

    @Test
    void aMissingLedgerIsEmpty() {
        assertThat(ledger().read().entries()).isEmpty();
    }
}
