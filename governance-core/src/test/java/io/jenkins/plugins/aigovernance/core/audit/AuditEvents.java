package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.time.Instant;

/** Test events. */
final class AuditEvents {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private AuditEvents() {
    }

    static String fp(int n) {
        return String.format("sha256:%064x", n);
    }

    static AuditEvent risk(int n) {
        var details = JsonDocuments.newMapper().createObjectNode().put("blastRadius", 40 + n % 50).put("note", "ünïcode \"quoted\" \n line");
        return AuditEvent.builder(AuditEventType.RISK_ASSESSED, T0.plusSeconds(n * 60L))
                .fingerprint(fp(n)).repository("github.com/acme/payments").commit(String.format("%040x", n)).build("payments/main#" + n)
                .actor("jenkins").agent("claude-code").changeSource(ChangeSource.AI_AGENT).tier(RiskTier.HIGH).outcome("assessed")
                .touches("iam").details(details).build();
    }
}
