package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the decisions given so far satisfy an approval request.
 *
 * <p>A decision counts only if it is dated no later than the evaluation time and the request's
 * expiry, an approval or break-glass only if dated no earlier than the request's opening (a denial of
 * the same change stands whenever it was given), names the request's fingerprint, comes from nobody the requirement excludes, and saw a tier
 * at least as high as the request's. An approval or break-glass counts only for the <b>environment</b> it was given for:
 * its {@link Approval#environment} equals the request's exactly (case and spaces included; {@code null}, none named, only
 * equals {@code null}, so a record written before decisions named their environment counts only for a request that names
 * none), else it is refused as {@link RefusalReason#WRONG_ENVIRONMENT} and, like an answer about another change, takes
 * nothing back. A denial that names the fingerprint ends the request whoever gives it and for whichever environment
 * (stopping a change is never a privilege, and a denial judges the change, not the place it goes). Of one person's approvals only the latest counts;
 * a person is an {@link Identity} of id and email (one identity model: case, NFKC, zero-width and
 * look-alike characters, plus-address tags and id-vs-email local parts do not make two people).
 *
 * <p>Slots are filled by a maximum bipartite matching between people and slot places (each slot
 * expanded into {@code count} places; a person may take a place when they held its group when
 * approving). The matching is found with augmenting paths (Kuhn's algorithm): people are added in the
 * order they approved, and each tries a free place or re-seats an earlier person along an
 * alternating path. This finds the assignment that fills the most places in O(people × places ×
 * edges), so nobody's extra group membership can block a place another person could fill; one
 * person takes at most one place.
 *
 * <p>Group names compare <b>exactly</b>, case and spaces included: most security realms (Active Directory
 * aside) treat {@code Admins} and {@code admins} as two groups, so tolerance would let a member of one fill the
 * other's slot. The policy must spell a group as the realm reports it.
 */
public final class ApprovalEvaluator {

    private final Clock clock;

    public ApprovalEvaluator(Clock clock) {
        this.clock = clock;
    }

    /** Evaluates every decision recorded for a request (in any order) at the clock's current time. */
    public ApprovalEvaluation evaluate(ApprovalRequest request, List<Approval> decisions) {
        Instant now = clock.instant();
        ApprovalRequirement req = request.requirement();
        List<Approval> sorted = new ArrayList<>(decisions);
        sorted.sort(Comparator.comparing(Approval::at));

        List<RefusedApproval> refused = new ArrayList<>();
        List<Approval> candidates = new ArrayList<>();
        // every answer to this request for this change, counted or not: a person's latest one decides
        List<Approval> answers = new ArrayList<>();
        Approval denial = null;
        Approval breakGlass = null;
        Set<String> slotGroups = new HashSet<>();
        for (ApprovalSlot s : req.slots()) {
            slotGroups.add(s.group());
        }
        for (Approval a : sorted) {
            if (a.at().isAfter(now)) {
                refused.add(new RefusedApproval(a, RefusalReason.IN_THE_FUTURE, "dated " + a.at() + ", after the evaluation time " + now));
                continue;
            }
            if (a.at().isAfter(request.expiresAt())) {
                refused.add(new RefusedApproval(a, RefusalReason.AFTER_EXPIRY, "given after the request expired at " + request.expiresAt()));
                continue;
            }
            if (a.kind() != ApprovalKind.DENY && a.at().isBefore(request.openedAt())) {
                // an answer to an earlier request: a new request-opened record must not revive it
                refused.add(new RefusedApproval(a, RefusalReason.BEFORE_REQUEST,
                        "given at " + a.at() + ", before this request opened at " + request.openedAt()));
                continue;
            }
            if (!a.fingerprint().equals(request.fingerprint())) {
                refused.add(new RefusedApproval(a, RefusalReason.WRONG_FINGERPRINT,
                        "for change " + a.fingerprint().shortForm() + ", not " + request.fingerprint().shortForm() + " (the change moved)"));
                continue;
            }
            if (a.kind() != ApprovalKind.DENY && !java.util.Objects.equals(a.environment(), request.environment())) {
                // an approval is bound to the environment it was given for; a denial of the change stops it everywhere
                refused.add(new RefusedApproval(a, RefusalReason.WRONG_ENVIRONMENT, environmentMismatch(a, request)));
                continue;
            }
            answers.add(a);
            if (a.kind() == ApprovalKind.DENY) {
                if (denial == null) {
                    denial = a;
                }
                continue;
            }
            ExcludedIdentity ex = req.exclusionOf(a.approverId(), a.email());
            if (ex != null) {
                RefusalReason r = switch (ex.kind()) {
                    case AI_IDENTITY -> RefusalReason.AI_IDENTITY;
                    case POLICY -> RefusalReason.EXCLUDED;
                    default -> RefusalReason.SELF_APPROVAL;
                };
                refused.add(new RefusedApproval(a, r, a.approverId() + " may not approve: " + ex.reason()));
                continue;
            }
            if (a.tierSeen().compareTo(request.tier()) < 0) {
                refused.add(new RefusedApproval(a, RefusalReason.STALE_TIER,
                        "approved a " + a.tierSeen() + " change; it is " + request.tier() + " now"));
                continue;
            }
            if (a.kind() == ApprovalKind.BREAK_GLASS) {
                if (!req.breakGlass().enabled()) {
                    refused.add(new RefusedApproval(a, RefusalReason.BREAK_GLASS_DISABLED, "the policy does not enable break-glass"));
                } else if (!allowedToBreakGlass(req, a)) {
                    refused.add(new RefusedApproval(a, RefusalReason.BREAK_GLASS_NOT_ALLOWED,
                            a.approverId() + " is not in approval.breakGlass.allowed"));
                } else if (breakGlass == null) {
                    breakGlass = a;
                }
                continue;
            }
            if (req.needsPeople() && !holdsAny(a, slotGroups)) {
                refused.add(new RefusedApproval(a, RefusalReason.NOT_IN_GROUP,
                        a.approverId() + " held none of " + groupsOf(req) + " when approving (held " + a.groups() + ")"));
                continue;
            }
            candidates.add(a);
        }

        List<Approval> people = latestPerPerson(candidates, answers, refused);
        List<FilledSlot> filled = new ArrayList<>();
        List<OpenSlot> open = new ArrayList<>();
        match(req, people, filled, open);

        ApprovalStatus status;
        if (denial != null) {
            status = ApprovalStatus.DENIED;
        } else if (breakGlass != null || open.isEmpty()) {
            status = ApprovalStatus.APPROVED;
        } else if (now.isAfter(request.expiresAt())) {
            status = ApprovalStatus.EXPIRED;
        } else {
            status = ApprovalStatus.PENDING;
        }
        boolean viaBreakGlass = status == ApprovalStatus.APPROVED && breakGlass != null && !open.isEmpty();
        refused.sort(Comparator.comparing((RefusedApproval r) -> r.approval().at()));
        return new ApprovalEvaluation(request.id(), request.fingerprint(), request.tier(), status, status == ApprovalStatus.APPROVED,
                viaBreakGlass, req.peopleRequired(), filled, status == ApprovalStatus.APPROVED ? List.of() : open, refused, denial,
                request.openedAt(), request.expiresAt(), now, req.policy(), request.environment());
    }

    private static String environmentMismatch(Approval a, ApprovalRequest request) {
        if (a.environment() == null) {
            return "recorded without an environment (given for no named environment, or written before approvals named theirs);"
                    + " it counts only for a check with no environment (none given and none read from the change), not for "
                    + request.environment() + ": approve again for "
                    + request.environment();
        }
        return "given for environment " + a.environment() + ", not " + Approval.describe(request.environment())
                + " (an approval counts only for the environment it was given for)";
    }

    private static boolean allowedToBreakGlass(ApprovalRequirement req, Approval a) {
        for (String g : req.breakGlass().allowed()) {
            Glob glob = Glob.name(g);
            if (glob.matches(a.approverId().trim()) || (a.email() != null && glob.matches(a.email().trim()))) {
                return true;
            }
        }
        return false;
    }

    /** Group names compare exactly (case and spaces included), see {@link #evaluate}. */
    private static boolean holdsAny(Approval a, Set<String> groups) {
        for (String g : a.groups()) {
            if (g != null && groups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> groupsOf(ApprovalRequirement req) {
        return req.slots().stream().map(ApprovalSlot::group).toList();
    }

    /**
     * Keeps the approvals that are their person's latest answer (input sorted by time); the others are refused as
     * {@link RefusalReason#DUPLICATE_PERSON}. Every answer to the request counts as the person's latest, not only
     * approvals that count: a later denial, or a later approval refused ({@code not-in-group}, {@code stale-tier},
     * excluded), takes back that person's earlier approval. A person is an {@link Identity} of id and email: two
     * answers whose identities share a key (one id in two spellings, an id and an email with that local part,
     * plus-addressed or look-alike spellings) are one person. Linear in the answers (hash lookups on keys).
     */
    private static List<Approval> latestPerPerson(List<Approval> candidates, List<Approval> answers, List<RefusedApproval> refused) {
        Set<Approval> counting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        counting.addAll(candidates);
        java.util.Map<String, Approval> later = new java.util.HashMap<>();
        Set<Approval> superseded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = answers.size() - 1; i >= 0; i--) {
            Approval a = answers.get(i);
            Set<String> keys = Identity.of(a.approverId(), a.email()).keys();
            Approval next = null;
            for (String k : keys) {
                if (next == null) {
                    next = later.get(k);
                }
            }
            for (String k : keys) {
                later.putIfAbsent(k, a);
            }
            if (next != null && counting.contains(a)) {
                superseded.add(a);
                refused.add(new RefusedApproval(a, RefusalReason.DUPLICATE_PERSON, next.kind() == ApprovalKind.APPROVE && counting.contains(next)
                        ? a.approverId() + " approved more than once (or under another spelling); only the latest approval counts"
                        : a.approverId() + " answered again later (" + next.kind().json() + " at " + next.at()
                                + "); only a person's latest answer counts"));
            }
        }
        List<Approval> kept = new ArrayList<>();
        for (Approval a : candidates) {
            if (!superseded.contains(a)) {
                kept.add(a);
            }
        }
        return kept;
    }

    /** Maximum bipartite matching of people to slot places (Kuhn's augmenting paths). */
    private static void match(ApprovalRequirement req, List<Approval> people, List<FilledSlot> filled, List<OpenSlot> open) {
        List<String> placeGroup = new ArrayList<>();
        for (ApprovalSlot s : req.slots()) {
            for (int k = 0; k < s.count(); k++) {
                placeGroup.add(s.group());
            }
        }
        int places = placeGroup.size();
        boolean[][] may = new boolean[people.size()][places];
        for (int p = 0; p < people.size(); p++) {
            Set<String> held = new HashSet<>(people.get(p).groups());
            for (int u = 0; u < places; u++) {
                may[p][u] = held.contains(placeGroup.get(u));
            }
        }
        int[] seatedAt = new int[places];
        Arrays.fill(seatedAt, -1);
        for (int p = 0; p < people.size(); p++) {
            augment(p, may, seatedAt, new boolean[places]);
        }
        for (int u = 0; u < places; u++) {
            if (seatedAt[u] >= 0) {
                Approval a = people.get(seatedAt[u]);
                filled.add(new FilledSlot(placeGroup.get(u), a.approverId(), a.displayName(), a.at()));
            }
        }
        List<String> notFrom = new ArrayList<>();
        for (ExcludedIdentity e : req.excluded()) {
            if (!e.pattern() && e.kind() != ExclusionKind.AI_IDENTITY) {
                notFrom.add(e.identity() + " (" + e.kind().json() + ")");
            }
        }
        notFrom.add("AI identities");
        for (FilledSlot f : filled) {
            notFrom.add(f.approverId() + " (already counted)");
        }
        for (ApprovalSlot s : req.slots()) {
            long have = filled.stream().filter(f -> f.group().equals(s.group())).count();
            if (have < s.count()) {
                open.add(new OpenSlot(s.group(), (int) (s.count() - have), notFrom));
            }
        }
    }

    private static boolean augment(int p, boolean[][] may, int[] seatedAt, boolean[] visited) {
        for (int u = 0; u < seatedAt.length; u++) {
            if (may[p][u] && !visited[u]) {
                visited[u] = true;
                if (seatedAt[u] < 0 || augment(seatedAt[u], may, seatedAt, visited)) {
                    seatedAt[u] = p;
                    return true;
                }
            }
        }
        return false;
    }
}
