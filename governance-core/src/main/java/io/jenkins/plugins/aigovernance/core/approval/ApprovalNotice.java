package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What people are told when an approval request opens: enough to judge whether to look now.
 *
 * @param changedResources resource addresses with their action, else changed paths (at most {@value #MAX_LISTED})
 * @param moreResources    how many were left out of {@code changedResources}
 * @param link             where to decide (the build's input page), or {@code null}
 * @param environment      the target environment the request asks approval for, or {@code null} when none is named: an
 *                         approval counts only for it, so people are told where the change goes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalNotice(
        String requestId,
        ChangeFingerprint fingerprint,
        RiskTier tier,
        int blastRadius,
        List<String> changedResources,
        int moreResources,
        String agentId,
        List<ApprovalSlot> slots,
        Instant expiresAt,
        String link,
        String environment) {

    static final int MAX_LISTED = 20;

    public ApprovalNotice {
        changedResources = List.copyOf(changedResources);
        slots = List.copyOf(slots);
    }

    /** The notice for a request opened on a change. */
    public static ApprovalNotice of(ApprovalRequest request, RiskAssessment risk, ChangeContext context, String link) {
        List<String> all = new ArrayList<>();
        for (ResourceChange r : context.change().resources()) {
            all.add(r.action().json() + " " + r.address());
        }
        if (all.isEmpty()) {
            for (FileChange f : context.change().files()) {
                all.add(f.kind().json() + " " + f.path());
            }
        }
        List<String> shown = all.subList(0, Math.min(MAX_LISTED, all.size()));
        return new ApprovalNotice(request.id(), request.fingerprint(), request.tier(), risk.blastRadius(), shown, all.size() - shown.size(),
                risk.agentId(), request.requirement().slots(), request.expiresAt(), link, request.environment());
    }

    /**
     * The generic payload: this notice as a JSON document with {@code "event": "approval-requested"}
     * and {@code "idempotencyKey"} (also sent as the {@code Idempotency-Key} header). Values are JSON
     * strings as given (JSON has no markup to escape for); the receiver renders them.
     */
    public ObjectNode genericPayload() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("event", "approval-requested");
        o.put("idempotencyKey", idempotencyKey());
        o.put("requestId", requestId);
        o.put("fingerprint", fingerprint.value());
        o.put("tier", tier.name());
        if (environment != null) {
            o.put("environment", environment);
        }
        o.put("blastRadius", blastRadius);
        ArrayNode res = o.putArray("changedResources");
        changedResources.forEach(res::add);
        o.put("moreResources", moreResources);
        if (agentId != null) {
            o.put("agentId", agentId);
        }
        ArrayNode sl = o.putArray("slots");
        for (ApprovalSlot s : slots) {
            sl.addObject().put("group", s.group()).put("count", s.count());
        }
        o.put("expiresAt", expiresAt.toString());
        if (link != null) {
            o.put("link", link);
        }
        return o;
    }

    /** A Slack payload ({@code text} and {@code blocks}) within Slack's limits, with every value escaped: see {@link SlackBlocks}. */
    public ObjectNode slackPayload() {
        return SlackBlocks.render(this);
    }

    /**
     * The key a receiver can drop repeated deliveries of this notice by: the same for every attempt
     * (and every later run that notifies the same request), {@code approval-requested:<requestId>}.
     */
    public String idempotencyKey() {
        return "approval-requested:" + requestId;
    }
}
