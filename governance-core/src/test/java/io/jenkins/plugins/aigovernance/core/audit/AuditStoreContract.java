package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

    /** Another store over the same data as {@code store} (a second writer: another process, another run of aigov). */
    protected abstract AuditStore reopen(AuditStore store) throws Exception;

    /** Changes the stored {@code event.actor} of record {@code seq} to {@code actor} behind the store's back. */
    protected abstract void tamperActor(AuditStore store, String stream, long seq, String actor) throws Exception;

    /** Removes the signature of record {@code seq} of {@code stream} behind the store's back (an edit). */
    protected abstract void removeSig(AuditStore store, String stream, long seq) throws Exception;

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
    void aWriterWithoutTheKeyCannotAppendUnsignedRecordsToASignedStream() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        List<AuditEvent> trail = trail();
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), keys.getPrivate())) {
                a.appendAll(trail.subList(0, 2));
            }
            try (AuditStore other = reopen(s)) {
                try (AuditStore.Appender unsigned = other.appender(stream(other), null)) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> unsigned.append(trail.get(2)))
                            .isInstanceOf(AuditLogException.class).hasMessageContaining(s.location())
                            .hasMessageContaining("signed (record 2 is)").hasMessageContaining("--signing-key");
                }
            }
            // nothing was added; the key's holder still appends, and the stream still verifies with its key
            try (AuditStore third = reopen(s); AuditStore.Appender signed = third.appender(stream(third), keys.getPrivate())) {
                assertThat(signed.append(trail.get(2)).seq()).isEqualTo(3);
            }
            AuditVerification v = s.verify(stream(s), keys.getPublic(), null);
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo(3);
        }
    }

    @Test
    void aSignedStreamWhoseLastSigWasRemovedTakesNoAppend() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        List<AuditEvent> trail = trail();
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), keys.getPrivate())) {
                a.appendAll(trail.subList(0, 2));
            }
            removeSig(s, stream(s), 2);
            for (java.security.PrivateKey key : java.util.Arrays.asList(null, keys.getPrivate())) {
                try (AuditStore other = reopen(s)) {
                    // refused when the appender opens (file) or at the append (PostgreSQL); nothing goes in
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                        try (AuditStore.Appender w = other.appender(stream(other), key)) {
                            w.append(trail.get(2));
                        }
                    }).isInstanceOf(AuditLogException.class).hasMessageContaining(s.location())
                            .hasMessageContaining("(seq 2) is unsigned but the record before it is signed");
                }
            }
            assertThat(s.verify(stream(s), null, null).records()).isEqualTo(2);
        }
    }

    @Test
    void aWriterWithAnotherKeyCannotAppendToASignedStream() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        KeyPair mallory = Ed25519Keys.generate();
        List<AuditEvent> trail = trail();
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), keys.getPrivate())) {
                a.append(trail.get(0));
                // the key's holder continues its own records (batch after batch, in one appender)
                assertThat(a.append(trail.get(1)).seq()).isEqualTo(2);
            }
            try (AuditStore other = reopen(s)) {
                try (AuditStore.Appender foreign = other.appender(stream(other), mallory.getPrivate())) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> foreign.append(trail.get(2)))
                            .isInstanceOf(AuditLogException.class).hasMessageContaining(s.location())
                            .hasMessageContaining("signed with another key (record 2 is not signed with this one)")
                            .hasMessageContaining("--signing-key");
                    // refused again on the next try: nothing of it went in
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> foreign.appendAll(trail.subList(2, 4)))
                            .isInstanceOf(AuditLogException.class).hasMessageContaining("another key");
                }
            }
            // nothing was added; the key's holder still appends, and the stream still verifies with its key
            try (AuditStore third = reopen(s); AuditStore.Appender signed = third.appender(stream(third), keys.getPrivate())) {
                assertThat(signed.append(trail.get(2)).seq()).isEqualTo(3);
            }
            AuditVerification v = s.verify(stream(s), keys.getPublic(), null);
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo(3);
        }
    }

    @Test
    void anUnsignedStreamStaysOpenToUnsignedWritersAndAWriterMayStartSigningIt() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        List<AuditEvent> trail = trail();
        try (AuditStore s = store(); AuditStore.Appender unsigned = s.appender(stream(s), null)) {
            unsigned.append(trail.get(0));
            assertThat(unsigned.append(trail.get(1)).seq()).isEqualTo(2);
            try (AuditStore other = reopen(s); AuditStore.Appender signed = other.appender(stream(other), keys.getPrivate())) {
                assertThat(signed.append(trail.get(2)).sig()).isNotNull();
            }
        }
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
    void answersTheIncidentQuestionWithWholeHistories() throws Exception {
        List<AuditEvent> trail = new ArrayList<>(trail());
        // change 1 is deployed inside the window, with its blast radius on the assessment
        trail.add(AuditEvent.builder(AuditEventType.DEPLOYMENT_DONE, AuditEvents.T0.plusSeconds(700)).fingerprint(AuditEvents.fp(1))
                .outcome("applied").build("payments/main#1").touches("iam").blastRadius(37).dependents(List.of("billing")).build());
        trail.add(AuditEvent.builder(AuditEventType.ROLLBACK, AuditEvents.T0.plusSeconds(800)).fingerprint(AuditEvents.fp(1))
                .outcome("rolled-back").actor("dave").build());
        try (AuditStore s = store()) {
            try (AuditStore.Appender a = s.appender(stream(s), null)) {
                a.appendAll(trail);
            }
            Map<String, List<AuditEvent>> h = s.history(List.of(AuditEvents.fp(1), AuditEvents.fp(4), "sha256:none"));
            assertThat(h.keySet()).containsExactlyInAnyOrder(AuditEvents.fp(1), AuditEvents.fp(4));
            assertThat(h.get(AuditEvents.fp(1))).containsExactly(trail.get(0), trail.get(1), trail.get(7), trail.get(8));
            assertThat(h.get(AuditEvents.fp(4))).containsExactlyElementsOf(trail.subList(4, 7));

            IncidentReport r = s.incident(AuditQuery.aiChanges(), AuditEvents.T0.plusSeconds(550), AuditEvents.T0.plusSeconds(900));
            assertThat(r.changes()).extracting(IncidentChange::fingerprint).containsExactly(AuditEvents.fp(1), AuditEvents.fp(4));
            IncidentChange one = r.changes().get(0);
            assertThat(one.approvers()).containsExactly("alice");
            assertThat(one.blastRadius()).isEqualTo(37);
            assertThat(one.dependents()).containsExactly("billing");
            assertThat(one.rollbacks()).extracting(IncidentChange.Rollback::actor).containsExactly("dave");
            assertThat(r.changes().get(1).changeSource()).isEqualTo(ChangeSource.UNKNOWN);
            // touches, like every per-event filter, must be met by an event inside the window: change 4's deployment touches nothing
            assertThat(s.incident(AuditQuery.aiChanges().touching("iam"), AuditEvents.T0.plusSeconds(550), AuditEvents.T0.plusSeconds(900))
                    .changes()).extracting(IncidentChange::fingerprint).containsExactly(AuditEvents.fp(1));
            // tier is the change's highest over all its events; change 1 was assessed HIGH before the window
            assertThat(s.incident(AuditQuery.all().tiers(Set.of(RiskTier.HIGH)), AuditEvents.T0.plusSeconds(550), AuditEvents.T0.plusSeconds(900))
                    .changes()).extracting(IncidentChange::fingerprint).containsExactly(AuditEvents.fp(1));
            // a window with only assessments holds no deployment
            assertThat(s.incident(AuditQuery.all(), AuditEvents.T0, AuditEvents.T0.plusSeconds(550)).changes()).isEmpty();
            // the generic query over the store's changes and histories gives the same answer as the store's own
            assertThat(r).isEqualTo(new IncidentQuery(s).run(AuditQuery.aiChanges(), AuditEvents.T0.plusSeconds(550),
                    AuditEvents.T0.plusSeconds(900)));
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
