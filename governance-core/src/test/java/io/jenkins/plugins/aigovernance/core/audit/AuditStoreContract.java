package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditStore} must do, run against each store by a subclass: the same records, chain,
 * signatures, queries and tamper detection.
 */
public abstract class AuditStoreContract {

    /** A fresh, empty store. */
    protected abstract AuditStore store() throws Exception;

    /** The stream the tests append to (a file store holds only its own). */
    protected abstract String stream(AuditStore store);

    /** Changes the stored {@code event.actor} of record {@code seq} to {@code actor} behind the store's back. */
    protected abstract void tamperActor(AuditStore store, String stream, long seq, String actor) throws Exception;

    /** The IAM trail: change 1 (AI, iam, approved by alice), 2 (human, iam), 3 (AI, network), 4 (no source, iam, approved by bob). */
    static List<AuditEvent> trail() {
        List<AuditEvent> out = new ArrayList<>();
        out.add(AuditEvents.risk(1));
        out.add(AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, AuditEvents.T0.plusSeconds(100)).fingerprint(AuditEvents.fp(1)).actor("alice")
                .outcome("approved").build("payments/main#1").build());
        out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, AuditEvents.T0.plusSeconds(200)).fingerprint(AuditEvents.fp(2))
                .changeSource(ChangeSource.HUMAN).tier(RiskTier.LOW).touches("iam").actor("carol").build());
        out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, AuditEvents.T0.plusSeconds(300)).fingerprint(AuditEvents.fp(3))
                .changeSource(ChangeSource.AI_ASSISTED).agent("copilot").tier(RiskTier.MEDIUM).touches("network").build());
        out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, AuditEvents.T0.plusSeconds(400)).fingerprint(AuditEvents.fp(4))
                .tier(RiskTier.CRITICAL).touches("iam", "data").build());
        out.add(AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, AuditEvents.T0.plusSeconds(500)).fingerprint(AuditEvents.fp(4)).actor("bob")
                .build());
        out.add(AuditEvent.builder(AuditEventType.DEPLOYMENT_DONE, AuditEvents.T0.plusSeconds(600)).fingerprint(AuditEvents.fp(4)).build());
        return out;
    }

    @Test
    void appendsChainSignsAndReadsBackTheSameRecords() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        try (AuditStore s = store()) {
            List<AuditRecord> written;
            List<AuditEvent> trail = trail();
            try (AuditStore.Appender a = s.appender(stream(s), keys.getPrivate())) {
                written = new ArrayList<>(a.appendAll(trail.subList(0, 3)));
                written.addAll(trail.subList(3, 7).stream().map(a::append).toList());
            }
            assertThat(written).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(written.get(0).prevHash()).isEqualTo(AuditRecord.GENESIS);
            for (int i = 1; i < written.size(); i++) {
                assertThat(written.get(i).prevHash()).isEqualTo(written.get(i - 1).hash());
            }
            List<AuditRecord> read = new ArrayList<>();
            s.forEachRecord(stream(s), read::add);
            assertThat(read).isEqualTo(written);
            assertThat(s.streams()).containsExactly(stream(s));
            AuditVerification v = s.verify(stream(s), keys.getPublic(), new AuditVerifier.Anchor(3, written.get(2).hash()));
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo(7);
            assertThat(v.lastHash()).isEqualTo(written.get(6).hash());
            AuditVerification otherKey = s.verify(stream(s), Ed25519Keys.generate().getPublic(), null);
            assertThat(otherKey.verified()).isFalse();
            assertThat(otherKey.problem().kind()).isEqualTo(AuditVerification.Kind.BAD_SIGNATURE);
            assertThat(otherKey.problem().seq()).isEqualTo(1);
        }
    }

    @Test
    void answersTheIamQueryAndEventFilters() throws Exception {
        List<AuditEvent> trail = trail();
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), null)) {
                a.appendAll(trail);
            }
            List<AuditChange> iam = s.changes(AuditQuery.aiChanges().touching("iam").since(AuditEvents.T0));
            assertThat(iam).extracting(AuditChange::fingerprint).containsExactly(AuditEvents.fp(4), AuditEvents.fp(1));
            assertThat(iam.get(0).approvers()).containsExactly("bob");
            assertThat(iam.get(0).changeSource()).isEqualTo(ChangeSource.UNKNOWN);
            assertThat(iam.get(0).tier()).isEqualTo(RiskTier.CRITICAL);
            assertThat(iam.get(0).deployed()).isTrue();
            assertThat(iam.get(0).touches()).containsExactly("data", "iam");
            assertThat(iam.get(1).approvers()).containsExactly("alice");
            assertThat(iam.get(1).agent()).isEqualTo("claude-code");
            assertThat(iam.get(1).events()).isEqualTo(2);
            // filters apply to events inside the window: alice's approval lies before it
            assertThat(s.changes(AuditQuery.all().approver("alice").since(AuditEvents.T0.plusSeconds(150)))).isEmpty();
            assertThat(s.changes(AuditQuery.all().tiers(Set.of(RiskTier.HIGH, RiskTier.MEDIUM)))).extracting(AuditChange::fingerprint)
                    .containsExactly(AuditEvents.fp(3), AuditEvents.fp(1));
            assertThat(s.changes(AuditQuery.all().fingerprint(AuditEvents.fp(2).substring(0, 30)).limit(1))).hasSize(1);
            assertThat(s.events(AuditQuery.all().types(Set.of(AuditEventType.APPROVAL_GIVEN)))).extracting(AuditEvent::actor)
                    .containsExactly("alice", "bob");
            assertThat(s.events(AuditQuery.all().sources(Set.of(ChangeSource.UNKNOWN)))).hasSize(4);
            assertThat(s.events(AuditQuery.all().agent("copilot"))).extracting(AuditEvent::fingerprint).containsExactly(AuditEvents.fp(3));
            assertThat(s.events(AuditQuery.all().commit(String.format("%040x", 1).substring(0, 8)))).hasSize(1);
            assertThat(s.events(AuditQuery.all().touching("iam").until(AuditEvents.T0.plusSeconds(300)))).hasSize(2);
            assertThat(s.events(AuditQuery.all().limit(3))).hasSize(3);
            List<AuditEvent> all = new ArrayList<>();
            s.forEachEvent(all::add);
            assertThat(all).isEqualTo(trail);
        }
    }

    @Test
    void verifyFindsARecordAlteredInTheStore() throws Exception {
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), null)) {
                a.appendAll(trail());
            }
            tamperActor(s, stream(s), 2, "mallory");
            AuditVerification v = s.verify(stream(s), null, null);
            assertThat(v.verified()).isFalse();
            assertThat(v.problem().seq()).isEqualTo(2);
            assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.ALTERED);
            assertThat(v.records()).isEqualTo(1);
        }
    }

    @Test
    void concurrentAppendersOfOneStreamKeepOneChain() throws Exception {
        try (AuditStore s = store()) {
            int writers = 4;
            int each = 25;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<String> acked = Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        try (AuditStore.Appender a = s.appender(stream(s), null)) {
                            for (int i = 0; i < each; i++) {
                                acked.add(a.append(AuditEvents.risk(writer * 1000 + i)).event().id());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            AuditVerification v = s.verify(stream(s), null, null);
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo((long) writers * each);
            List<String> ids = new ArrayList<>();
            s.forEachRecord(stream(s), r -> ids.add(r.event().id()));
            assertThat(ids).containsExactlyInAnyOrderElementsOf(acked);
        }
    }
}
