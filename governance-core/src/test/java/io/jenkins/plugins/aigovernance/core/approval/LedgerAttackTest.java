package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts to hide a ledger line or revive old approvals: forged {@code torn-write-sealed} records over a
 * damaged, truncated or wrapped denial, seals with nothing to seal, a new {@code request-opened} after an
 * expired request. None may change what the ledger says.
 */
class LedgerAttackTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
    private FileApprovalLedger ledger;
    private ApprovalRequest request;
    private String denyLine;

    @BeforeEach
    void aRequestWithADenial() throws Exception {
        ledger = new FileApprovalLedger(dir.resolve("approvals.jsonl"), clock);
        request = ApprovalRequest.open(Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1), T0);
        ledger.append(LedgerEntry.opened(request, T0));
        long before = Files.size(ledger.file());
        ledger.append(LedgerEntry.decision(request.id(), Approval.deny("lee", null, FP1, HIGH, T0.plusSeconds(30), "no prod IAM on Fridays"),
                T0.plusSeconds(30)));
        denyLine = new String(Files.readAllBytes(ledger.file()), StandardCharsets.UTF_8).substring((int) before).strip();
    }

    private String lines() throws Exception {
        return Files.readString(ledger.file());
    }

    private void rewrite(String text) throws Exception {
        Files.writeString(ledger.file(), text);
    }

    private static String seal(long offset, Long length) {
        return "{\"v\":1,\"type\":\"torn-write-sealed\",\"recordedAt\":\"2026-03-02T09:05:00Z\",\"sealedOffset\":" + offset
                + (length == null ? "" : ",\"sealedLength\":" + length) + "}";
    }

    private long denyOffset() throws Exception {
        return lines().indexOf(denyLine);
    }

    @Test
    void aForgedSealCannotHideADenialMadeUnreadable() throws Exception {
        long at = denyOffset();
        String broken = denyLine + "x"; // trailing garbage: a syntax error, not a torn write
        rewrite(lines().replace(denyLine, broken + "\n" + seal(at, (long) broken.length())));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("approvals.jsonl")
                .hasMessageContaining("not an incomplete write");
    }

    @Test
    void aForgedSealCannotHideADenialWrappedInAnOpenArray() throws Exception {
        long at = denyOffset();
        String wrapped = "{\"v\":1,\"type\":\"decision\",\"x\":[" + denyLine; // cut off "inside" an array holding the denial
        rewrite(lines().replace(denyLine, wrapped + "\n" + seal(at, (long) wrapped.getBytes(StandardCharsets.UTF_8).length)));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("not an incomplete write");
    }

    @Test
    void aSealWithAnotherLengthOrOffsetSealsNothing() throws Exception {
        long at = denyOffset();
        String cut = denyLine.substring(0, 40);
        rewrite(lines().replace(denyLine, cut + "\n" + seal(at, 7L)));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
        rewrite(lines().replace(seal(at, 7L), seal(at + 1, null)));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
    }

    @Test
    void aSealWithNothingBeforeItIsDamage() throws Exception {
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0.plusSeconds(60)));
        rewrite(lines() + seal(0, null) + "\n");
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("seal covers only a torn tail");
    }

    @Test
    void aSealAfterABlankLineIsDamage() throws Exception {
        long at = denyOffset();
        String cut = denyLine.substring(0, 40);
        rewrite(lines().replace(denyLine, cut + "\n\n" + seal(at, (long) cut.length())));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("must follow it directly");
    }

    @Test
    void aRealTornWriteIsSealedAndReportedAndTheDenialStands() throws Exception {
        long tornAt = Files.size(ledger.file());
        Files.write(ledger.file(), "{\"v\":1,\"type\":\"decision\",\"requestId\":\"apr-".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        assertThat(ledger.read().torn()).singleElement().satisfies(t -> {
            assertThat(t.skip()).isEqualTo(LedgerRead.Skip.UNSEALED_TAIL);
            assertThat(t.offset()).isEqualTo(tornAt);
        });
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0.plusSeconds(60)));
        LedgerRead read = ledger.read();
        assertThat(read.torn()).singleElement().satisfies(t -> {
            assertThat(t.skip()).isEqualTo(LedgerRead.Skip.SEALED);
            assertThat(t.offset()).isEqualTo(tornAt);
            assertThat(t.line()).isEqualTo(3);
            assertThat(t.describe()).contains("line 3").contains("sealed");
        });
        assertThat(read.entries()).extracting(LedgerEntry::type).containsExactly("request-opened", "decision", "decision");
        ApprovalEvaluation e = new ApprovalEvaluator(clock).evaluate(request, ledger.decisionsFor(FP1));
        assertThat(e.status()).isEqualTo(ApprovalStatus.DENIED);
    }

    @Test
    void aCompleteRecordLeftWithoutItsNewlineCountsAfterTheSeal() throws Exception {
        String approval = "{\"v\":1,\"type\":\"decision\",\"requestId\":\"" + request.id() + "\",\"recordedAt\":\"2026-03-02T09:01:00Z\","
                + "\"decision\":{\"kind\":\"deny\",\"approverId\":\"kim\",\"fingerprint\":\"" + FP1.value()
                + "\",\"tierSeen\":\"HIGH\",\"at\":\"2026-03-02T09:01:00Z\",\"comment\":\"stop\"}}";
        Files.write(ledger.file(), approval.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0.plusSeconds(60)));
        LedgerRead read = ledger.read();
        assertThat(read.torn()).isEmpty();
        assertThat(read.entries()).filteredOn(x -> x.decision() != null).extracting(x -> x.decision().approverId())
                .containsExactly("lee", "kim", "sam");
    }

    @Test
    void aWholeLastRecordWithoutItsNewlineIsReadAsARecord() throws Exception {
        rewrite(lines().strip());
        LedgerRead read = ledger.read();
        assertThat(read.torn()).isEmpty();
        assertThat(read.entries()).extracting(LedgerEntry::type).containsExactly("request-opened", "decision");
        assertThat(new ApprovalEvaluator(clock).evaluate(request, ledger.decisionsFor(FP1)).status()).isEqualTo(ApprovalStatus.DENIED);
        // the next append ends it; it still counts, once
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0.plusSeconds(60)));
        assertThat(ledger.read().entries()).filteredOn(x -> x.decision() != null).extracting(x -> x.decision().approverId())
                .containsExactly("lee", "sam");
    }

    @Test
    void aTornTailTurnsAnApprovalIntoPending() throws Exception {
        rewrite(lines().replace(denyLine + "\n", ""));
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("sam", FP1, HIGH, 1, "senior-engineers"), T0.plusSeconds(60)));
        ledger.append(LedgerEntry.decision(request.id(), Fixtures.approve("kai", FP1, HIGH, 1, "team-leads"), T0.plusSeconds(70)));
        ApprovalEvaluation approved = new ApprovalEvaluator(clock).evaluate(request, ledger.decisionsFor(FP1));
        assertThat(LedgerEvaluation.of(approved, "l", ledger.read()).evaluation().status()).isEqualTo(ApprovalStatus.APPROVED);
        Files.write(ledger.file(), denyLine.substring(0, 50).getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        LedgerRead torn = ledger.read();
        ApprovalEvaluation e = new ApprovalEvaluator(clock).evaluate(request, ApprovalLedger.decisionsFor(torn, FP1));
        assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
        LedgerEvaluation l = LedgerEvaluation.of(e, "l", torn);
        assertThat(l.evaluation().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(l.evaluation().satisfied()).isFalse();
        assertThat(l.ledgerSkipped()).singleElement().satisfies(t -> assertThat(t.skip()).isEqualTo(LedgerRead.Skip.UNSEALED_TAIL));
    }

    @Test
    void blankLinesAreReported() throws Exception {
        rewrite(lines() + "\n");
        assertThat(ledger.read().torn()).singleElement().satisfies(t -> assertThat(t.skip()).isEqualTo(LedgerRead.Skip.BLANK));
    }

    @Test
    void aDuplicateKeyInALedgerRecordIsDamage() throws Exception {
        rewrite(lines().replace(denyLine, denyLine.replace("\"type\":\"decision\"", "\"type\":\"decision\",\"type\":\"request-opened\"")));
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2")
                .hasMessageContaining("type");
    }

    @Test
    void aNewRequestDoesNotReviveApprovalsOfAnExpiredOne() {
        ApprovalRequirement req = Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1);
        ApprovalRequest old = ApprovalRequest.open(req, T0.minus(req.timeout()).minusSeconds(3600));
        int expiredMinutes = (int) req.timeout().toMinutes() + 60;
        List<Approval> given = List.of(Fixtures.approve("sam", FP1, HIGH, -expiredMinutes, "senior-engineers"),
                Fixtures.approve("kim", FP1, HIGH, -expiredMinutes + 1, "team-leads"));
        Clock now = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        ApprovalRequest reopened = ApprovalRequest.open(req, T0);
        ApprovalEvaluation e = new ApprovalEvaluator(now).evaluate(reopened, given);
        assertThat(e.status()).isNotEqualTo(ApprovalStatus.APPROVED);
        assertThat(e.refused()).extracting(r -> r.reason()).containsOnly(RefusalReason.BEFORE_REQUEST);
        assertThat(old.openedAt()).isBefore(reopened.openedAt());
    }

    @Test
    void aDenialGivenBeforeTheRequestOpenedStillStands() {
        ApprovalRequirement req = Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1);
        ApprovalRequest reopened = ApprovalRequest.open(req, T0);
        List<Approval> given = List.of(Approval.deny("lee", null, FP1, HIGH, T0.minusSeconds(60), "no"),
                Fixtures.approve("sam", FP1, HIGH, 0, "senior-engineers"), Fixtures.approve("kim", FP1, HIGH, 0, "team-leads"));
        ApprovalEvaluation e = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)).evaluate(reopened, given);
        assertThat(e.status()).isEqualTo(ApprovalStatus.DENIED);
    }

    /** An approvals file's error names the file, the line and the field in the document's words, never a Java class. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "\"at\": \"yesterday\"|line 3: [0].at: expected a time (ISO-8601, such as 2026-03-02T09:12:00Z), got 'yesterday'",
            "\"at\": \"2026-03-02T09:12:00Z\", \"groups\": \"x\"|line 3: [0].groups: expected a list, got a text (x)",
            "\"at\": \"2026-03-02T09:12:00Z\", \"groups\": [{}]|line 3: [0].groups[0]: expected a text, got an object",
            "\"at\": \"2026-03-02T09:12:00Z\", \"extra\": 1|line 3: [0].extra: unknown field 'extra'",
            "\"at\": \"2026-03-02T09:12:00Z\", \"tierSeen\": \"HIGHEST\"|unknown risk tier 'HIGHEST'"})
    void anApprovalsFileErrorNamesFileLineAndFieldButNoJavaClass(String tail, String expected) {
        String fp = FP1.value();
        byte[] doc = ("[\n  {\"kind\": \"approve\", \"approverId\": \"sam\", \"fingerprint\": \"" + fp + "\",\n   "
                + (tail.contains("tierSeen") ? "" : "\"tierSeen\": \"HIGH\", ") + tail + "}\n]\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Approval.readList("approvals.json", doc)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("approvals.json").hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("com.fasterxml", "java.", "io.jenkins", "JsonToken", "`"));
    }

    @Test
    void aLedgerLineOfTheWrongShapeNamesTheFieldButNoJavaClass() throws Exception {
        Files.writeString(ledger.file(), lines() + "{\"v\":1,\"type\":\"decision\",\"requestId\":[1]}\n" + seal(0, null) + "\n");
        assertThatThrownBy(() -> ledger.read()).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("approval ledger line 3").doesNotContain("com.fasterxml", "java.", "io.jenkins", "`"));
    }
}

