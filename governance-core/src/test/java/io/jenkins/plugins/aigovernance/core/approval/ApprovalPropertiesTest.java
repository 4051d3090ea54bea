package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of approvals, new commits and tier changes: the engine's verdict must equal an
 * independent, brute-force oracle, and "approved" must never come without enough valid approvals for
 * the fingerprint and tier in force at the end.
 */
class ApprovalPropertiesTest {

    /** People 0..5: alice is the author, claude an AI identity, the rest may approve. */
    private static final String[] PEOPLE = {"alice", "claude[bot]", "sam", "lee", "cto-cat", "sec-sid"};
    private static final String[] GROUPS = {"senior-engineers", "team-leads", "cto", "security-team", "change-advisory-board", "developers"};
    private static final Set<String> INELIGIBLE = Set.of("alice", "claude[bot]");

    sealed interface Event permits Decide, NewCommit, TierChange {
    }

    record Decide(int person, int groupMask, int fingerprintOffset, RiskTier tierSeen) implements Event {
    }

    record NewCommit() implements Event {
    }

    record TierChange(RiskTier tier) implements Event {
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<Event> decide = Combinators.combine(Arbitraries.integers().between(0, PEOPLE.length - 1),
                Arbitraries.integers().between(0, (1 << GROUPS.length) - 1), Arbitraries.integers().between(-1, 0),
                Arbitraries.of(RiskTier.HIGH, RiskTier.CRITICAL)).as(Decide::new);
        Arbitrary<Event> commit = Arbitraries.just(new NewCommit());
        Arbitrary<Event> tier = Arbitraries.of(RiskTier.HIGH, RiskTier.CRITICAL).map(TierChange::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, decide), net.jqwik.api.Tuple.of(1, commit), net.jqwik.api.Tuple.of(1, tier))
                .list().ofMaxSize(25);
    }

    @Property(tries = 500)
    void verdictMatchesAnIndependentOracle(@ForAll("histories") List<Event> history) {
        GovernancePolicy policy = Fixtures.LOADER.defaults();
        int version = 1;
        RiskTier tier = RiskTier.HIGH;
        List<Approval> decisions = new ArrayList<>();
        int minute = 0;
        for (Event e : history) {
            minute++;
            if (e instanceof NewCommit) {
                version++;
            } else if (e instanceof TierChange t) {
                tier = t.tier();
            } else if (e instanceof Decide d) {
                List<String> groups = new ArrayList<>();
                for (int g = 0; g < GROUPS.length; g++) {
                    if ((d.groupMask() & (1 << g)) != 0) {
                        groups.add(GROUPS[g]);
                    }
                }
                String id = PEOPLE[d.person()];
                String email = id.equals("claude[bot]") ? "noreply@anthropic.com" : id + "@corp.example";
                decisions.add(Approval.approve(id, email, groups, fp(Math.max(1, version + d.fingerprintOffset())), d.tierSeen(),
                        T0.plusSeconds(60L * minute)));
            }
        }
        ChangeFingerprint current = fp(version);
        RiskTier finalTier = tier;
        ApprovalRequirement req = Fixtures.requirement(policy, tier, current);
        ApprovalRequest request = ApprovalRequest.open(req, T0);
        ApprovalEvaluation verdict = new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(60L * (minute + 1)), ZoneOffset.UTC))
                .evaluate(request, decisions);

        net.jqwik.api.statistics.Statistics.label("verdict").collect(verdict.status(), tier);
        boolean oracle = oracleSatisfied(req, current, tier, decisions);
        assertThat(verdict.satisfied()).as("engine %s, oracle %s", verdict.status(), oracle).isEqualTo(oracle);

        // whatever the engine counted was a distinct, eligible person who approved this fingerprint at this tier or higher
        Set<String> counted = new HashSet<>();
        for (FilledSlot f : verdict.filled()) {
            assertThat(counted.add(f.approverId())).isTrue();
            assertThat(INELIGIBLE).doesNotContain(f.approverId());
            assertThat(decisions).anySatisfy(a -> {
                assertThat(a.approverId()).isEqualTo(f.approverId());
                assertThat(a.fingerprint()).isEqualTo(current);
                assertThat(a.tierSeen().atLeast(finalTier)).isTrue();
                assertThat(a.groups()).contains(f.group());
            });
        }
    }

    private static ChangeFingerprint fp(int version) {
        return new ChangeFingerprint("sha256:" + String.format("%064x", version));
    }

    /**
     * Each person's latest answer about the current fingerprint, kept when it is valid (a later answer that does not
     * count takes back an earlier approval, docs/approvals.md), then every way of giving people to slot places, tried
     * exhaustively.
     */
    static boolean oracleSatisfied(ApprovalRequirement req, ChangeFingerprint current, RiskTier tier, List<Approval> decisions) {
        Map<String, Approval> latestAnswer = new HashMap<>();
        for (Approval a : decisions) {
            if (a.fingerprint().equals(current)) {
                latestAnswer.merge(a.approverId(), a, (x, y) -> y.at().isAfter(x.at()) ? y : x);
            }
        }
        Map<String, Approval> latest = new HashMap<>();
        for (Approval a : latestAnswer.values()) {
            boolean valid = a.tierSeen().compareTo(tier) >= 0 && !INELIGIBLE.contains(a.approverId());
            boolean inSomeSlot = req.slots().stream().anyMatch(s -> a.groups().contains(s.group()));
            if (valid && inSomeSlot) {
                latest.put(a.approverId(), a);
            }
        }
        List<String> places = new ArrayList<>();
        for (ApprovalSlot s : req.slots()) {
            for (int i = 0; i < s.count(); i++) {
                places.add(s.group());
            }
        }
        return fill(places, 0, new ArrayList<>(latest.values()), new HashSet<>());
    }

    private static boolean fill(List<String> places, int i, List<Approval> people, Set<String> used) {
        if (i == places.size()) {
            return true;
        }
        for (Approval a : people) {
            if (!used.contains(a.approverId()) && a.groups().contains(places.get(i))) {
                used.add(a.approverId());
                if (fill(places, i + 1, people, used)) {
                    return true;
                }
                used.remove(a.approverId());
            }
        }
        return false;
    }
}
