package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.risk.ChangeCategory;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the audit trail records about a change on its events, taken from its risk assessment.
 *
 * @param fingerprint  the change fingerprint ({@code sha256:…})
 * @param commit       head commit
 * @param agent        the AI agent, when known
 * @param changeSource the source provenance detection found (not the policy's {@code unknownAs}: the trail keeps
 *                     {@code unknown} as unknown, and {@link RecordedSource} counts it as AI)
 * @param tier         risk tier
 * @param blastRadius  0–100 blast radius
 * @param dependents   services depending on what the change touches
 * @param touches      the kinds of things it touches ({@link ChangeCategory#json()} form)
 * @param commitTimes  author time of every commit of the change
 */
public record ChangeFacts(String fingerprint, String commit, String agent, ChangeSource changeSource, RiskTier tier, Integer blastRadius,
        List<String> dependents, List<String> touches, List<Instant> commitTimes) {

    public ChangeFacts {
        dependents = dependents == null ? List.of() : List.copyOf(dependents);
        touches = touches == null ? List.of() : List.copyOf(touches);
        commitTimes = commitTimes == null ? List.of() : List.copyOf(commitTimes);
    }

    /** Nothing known: a build that recorded no risk assessment. */
    public static ChangeFacts none() {
        return new ChangeFacts(null, null, null, null, null, null, List.of(), List.of(), List.of());
    }

    /** The facts of an assessment. */
    public static ChangeFacts of(RiskAssessment a) {
        ChangeSource source = a.provenance() != null && a.provenance().source() != null ? a.provenance().source() : a.effectiveSource();
        return new ChangeFacts(a.fingerprint() == null ? null : a.fingerprint().value(), a.head(), a.agentId(), source, a.tier(),
                a.blastRadius(), a.dependents() == null ? List.of() : a.dependents().dependents(),
                a.touches().stream().map(ChangeCategory::json).toList(), a.commitTimes());
    }

    /**
     * The facts of an assessment in its JSON form (what {@code aiRiskScore} stores on the build and
     * {@code aigov risk --json} prints). Fields it lacks stay absent.
     *
     * @throws IllegalArgumentException when a field present has the wrong form (unknown tier, source, category, bad time)
     */
    public static ChangeFacts ofDocument(JsonNode risk) {
        if (risk == null || !risk.isObject()) {
            throw new IllegalArgumentException("risk assessment: expected a JSON object");
        }
        String sourceText = text(risk.path("provenance").get("source"));
        if (sourceText == null) {
            sourceText = text(risk.get("effectiveSource"));
        }
        List<String> dependents = new ArrayList<>();
        risk.path("dependents").path("dependents").forEach(d -> dependents.add(d.asText()));
        List<String> touches = new ArrayList<>();
        risk.path("touches").forEach(t -> touches.add(ChangeCategory.of(t.asText()).json()));
        List<Instant> commitTimes = new ArrayList<>();
        for (JsonNode t : risk.path("commitTimes")) {
            try {
                commitTimes.add(Instant.parse(t.asText()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("risk assessment: commitTimes: '" + t.asText() + "' is not an instant", e);
            }
        }
        String tier = text(risk.get("tier"));
        JsonNode radius = risk.get("blastRadius");
        return new ChangeFacts(text(risk.get("fingerprint")), text(risk.get("head")), text(risk.get("agentId")),
                sourceText == null ? null : ChangeSource.of(sourceText), tier == null ? null : RiskTier.of(tier),
                radius != null && radius.canConvertToInt() ? radius.intValue() : null, dependents, touches, commitTimes);
    }

    /** The earliest commit time (where DORA lead time of the change starts), or {@code null}. */
    public Instant firstCommitTime() {
        return commitTimes.stream().min(Comparator.naturalOrder()).orElse(null);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
