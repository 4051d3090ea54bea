package io.jenkins.plugins.aigovernance.core.risk;

import io.jenkins.plugins.aigovernance.core.classification.RiskTier;

/**
 * The 0–100 blast radius and the factors it is made of (each 0..1). See docs/risk-scoring.md.
 *
 * <pre>score = round(100 × (1 − (1 − tier)(1 − size)(1 − destructive)(1 − dependents)))</pre>
 *
 * @param score       0–100
 * @param tier        the tier's weight: LOW 0.05, MEDIUM 0.20, HIGH 0.45, CRITICAL 0.70
 * @param size        0.15 × min(1, log10(1 + lines + 10 × resources) / 4)
 * @param destructive 1 − 0.6^k for k deleted or replaced stateful or networking resources
 * @param dependents  1 − e^(−d / 10) for d dependent units: declared services depending on what the change touches plus
 *                    the units (modules, workspaces, namespace apps) of the resources the resource graph finds using it
 */
public record BlastRadius(int score, double tier, double size, double destructive, double dependents) {

    /** Computes the score from the factors. */
    public static BlastRadius of(RiskTier tier, long lines, int resources, int destroyed, int dependentServices) {
        double t = switch (tier) {
            case LOW -> 0.05;
            case MEDIUM -> 0.20;
            case HIGH -> 0.45;
            case CRITICAL -> 0.70;
        };
        double s = 0.15 * Math.min(1.0, Math.log10(1.0 + lines + 10.0 * resources) / 4.0);
        double d = 1.0 - Math.pow(0.6, destroyed);
        double p = 1.0 - Math.exp(-dependentServices / 10.0);
        double combined = 1.0 - (1.0 - t) * (1.0 - s) * (1.0 - d) * (1.0 - p);
        int score = (int) Math.round(100.0 * combined);
        return new BlastRadius(Math.max(0, Math.min(100, score)), round(t), round(s), round(d), round(p));
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
