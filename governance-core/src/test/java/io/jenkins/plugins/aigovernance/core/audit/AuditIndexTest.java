package io.jenkins.plugins.aigovernance.core.audit;

import static io.jenkins.plugins.aigovernance.core.audit.KnownHistory.NOW;
import static io.jenkins.plugins.aigovernance.core.audit.KnownHistory.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditIndexTest {

    @TempDir
    Path dir;

    private Path log;
    private AuditIndex index;

    @BeforeEach
    void index() {
        log = new KnownHistory().writeTo(dir.resolve("audit.jsonl"));
        index = AuditIndex.build(log);
    }

    @Test
    void aiChangesThatTouchedIamInTheLast30DaysComeWithTheirApprovers() {
        List<AuditChange> changes = index.changes(AuditQuery.aiChanges().touching("iam").since(NOW.minus(Duration.ofDays(30))).until(NOW));
        assertThat(changes).extracting(AuditChange::fingerprint).containsExactly(fingerprint("G"), fingerprint("C"), fingerprint("A"));
        assertThat(changes).extracting(AuditChange::approvers).containsExactly(List.of("alice", "erin"), List.of(), List.of("alice"));
        AuditChange g = changes.get(0);
        assertThat(g.agent()).isEqualTo("claude");
        assertThat(g.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(g.changeSource()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(g.commit()).isEqualTo(KnownHistory.commit("G"));
        assertThat(g.touches()).containsExactly("iam");
        assertThat(g.deployed()).isTrue();
        assertThat(g.rolledBack()).isFalse();
        assertThat(g.events()).isEqualTo(7);
        assertThat(g.approvals().get(1)).isEqualTo(new AuditChange.Approval("erin", Instant.parse("2026-03-06T12:00:00Z"), "platform/main#7"));
        // F touched IAM too, but 40 days ago
        assertThat(index.changes(AuditQuery.aiChanges().touching("iam"))).extracting(AuditChange::fingerprint).contains(fingerprint("F"));
    }

    @Test
    void changesByApproverTierOutcomeAgentAndCommit() {
        assertThat(index.changes(AuditQuery.all().approver("alice"))).extracting(AuditChange::fingerprint)
                .containsExactly(fingerprint("G"), fingerprint("A"));
        assertThat(index.changes(AuditQuery.all().tiers(Set.of(RiskTier.CRITICAL)))).extracting(AuditChange::fingerprint)
                .containsExactly(fingerprint("C"));
        assertThat(index.changes(AuditQuery.all().outcome("deny"))).extracting(AuditChange::fingerprint).containsExactly(fingerprint("C"));
        assertThat(index.changes(AuditQuery.all().agent("copilot"))).extracting(AuditChange::fingerprint).containsExactly(fingerprint("B"));
        assertThat(index.changes(AuditQuery.all().commit("c0ffeeeeee"))).extracting(AuditChange::fingerprint).containsExactly(fingerprint("E"));
        assertThat(index.changes(AuditQuery.all().sources(Set.of(ChangeSource.HUMAN)).types(Set.of(AuditEventType.ROLLBACK))))
                .extracting(AuditChange::fingerprint).containsExactly(fingerprint("E"));
        assertThat(index.changes(AuditQuery.all().limit(2))).hasSize(2);
    }

    @Test
    void eventsByFingerprintTypeTimeAndApprover() {
        List<AuditEvent> b = index.events(AuditQuery.all().fingerprint(fingerprint("B")));
        assertThat(b).extracting(AuditEvent::type).containsExactly(AuditEventType.RISK_ASSESSED, AuditEventType.SCOPE_DECIDED,
                AuditEventType.APPROVAL_REQUESTED, AuditEventType.APPROVAL_GIVEN, AuditEventType.DEPLOYMENT_DONE, AuditEventType.CANARY_STEP,
                AuditEventType.ROLLBACK);
        assertThat(b).isEqualTo(new AuditReader(log).readAll().stream().map(AuditRecord::event)
                .filter(e -> fingerprint("B").equals(e.fingerprint())).toList());
        assertThat(index.events(AuditQuery.all().approver("bob"))).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(AuditEventType.APPROVAL_GIVEN));
        assertThat(index.events(AuditQuery.all().types(Set.of(AuditEventType.DEPLOYMENT_DONE))
                .since(Instant.parse("2026-03-02T00:00:00Z")).until(Instant.parse("2026-03-05T00:00:00Z"))))
                .extracting(AuditEvent::fingerprint).containsExactly(fingerprint("B"), fingerprint("D"));
        assertThat(index.events(AuditQuery.all().actor("nobody"))).isEmpty();
    }

    @Test
    void refreshIndexesOnlyWhatWasAppended() {
        int before = index.size();
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.OVERRIDE, NOW.minusSeconds(5)).fingerprint(fingerprint("C")).actor("root")
                    .outcome("override").build());
        }
        assertThat(index.refresh()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(before + 1);
        assertThat(index.changes(AuditQuery.all().actor("root"))).extracting(AuditChange::fingerprint).containsExactly(fingerprint("C"));
    }

    @Test
    void fastInstantParsingAgreesWithTheJdk() {
        for (String s : List.of("2026-03-01T09:00:00Z", "2026-03-01T09:00:00.5Z", "2026-12-31T23:59:59.123456789Z", "1999-02-28T00:00:00.12Z",
                "2024-02-29T12:00:00.001Z")) {
            assertThat(AuditIndex.epochMillis(s)).as(s).isEqualTo(Instant.parse(s).toEpochMilli());
        }
        assertThat(AuditIndex.epochMillis("2026-02-30T00:00:00Z")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theSideFileIsLoadedWhenItMatchesAndRebuiltWhenItDoesNot() throws Exception {
        AuditQuery q = AuditQuery.aiChanges().touching("iam");
        List<AuditChange> expected = index.changes(q);
        Path side = AuditIndex.sideFile(log);
        assertThat(AuditIndex.open(log).changes(q)).isEqualTo(expected);
        assertThat(side).exists();

        // proof that the side file is read: an edit of the same length inside the log is not seen by it
        String text = java.nio.file.Files.readString(log);
        java.nio.file.Files.writeString(log, text.replace("\"actor\":\"alice\"", "\"actor\":\"alicf\""));
        assertThat(AuditIndex.open(log).changes(q)).isEqualTo(expected);
        assertThat(AuditIndex.build(log).changes(AuditQuery.all().approver("alicf"))).hasSize(2);

        // appended events are indexed and saved
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.OVERRIDE, NOW.minusSeconds(5)).fingerprint(fingerprint("C")).actor("root").build());
        }
        long before = java.nio.file.Files.size(side);
        assertThat(AuditIndex.open(log).changes(AuditQuery.all().actor("root"))).hasSize(1);
        assertThat(java.nio.file.Files.size(side)).isGreaterThan(before);

        // a different log under the same name: the side file no longer matches and is rebuilt
        java.nio.file.Files.delete(log);
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.OVERRIDE, NOW).fingerprint(fingerprint("Z")).actor("zed").build());
        }
        AuditIndex reopened = AuditIndex.open(log);
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.changes(AuditQuery.all())).extracting(AuditChange::fingerprint).containsExactly(fingerprint("Z"));
    }
}
