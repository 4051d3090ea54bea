package io.jenkins.plugins.aigovernance.core.change;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an IAM policy document allows, as traits rules can match and a few short details for people.
 *
 * @param traits   always contains {@link ResourceTrait#IAM}
 * @param details  at most five facts such as {@code Allow iam:* on *}
 * @param readable {@code false} when the document could not be read and was analysed as
 *                 {@code Allow * on *} (see {@link #unreadable(String)})
 */
public record IamPolicyAnalysis(Set<ResourceTrait> traits, List<String> details, boolean readable) {

    /** How the detail of a fail-closed reading ends. */
    public static final String FAIL_CLOSED = "; treated as Allow * on *";

    public IamPolicyAnalysis {
        EnumSet<ResourceTrait> t = EnumSet.of(ResourceTrait.IAM);
        if (traits != null) {
            t.addAll(traits);
        }
        traits = Set.copyOf(t);
        details = details == null ? List.of() : List.copyOf(details);
    }

    /**
     * The fail-closed reading of a document that cannot be analysed (malformed JSON, no
     * {@code Statement}, values of the wrong type, over a limit, or known only after apply): it is
     * treated as the riskiest policy, {@code Allow * on *}, with the traits that statement has
     * ({@link ResourceTrait#IAM_WILDCARD_ACTION}, {@link ResourceTrait#IAM_WILDCARD_RESOURCE},
     * {@link ResourceTrait#IAM_PERMISSION_BOUNDARY}, {@link ResourceTrait#IAM_ACCOUNT_LEVEL}), so it
     * can never lower a risk tier, and a detail saying why.
     */
    public static IamPolicyAnalysis unreadable(String reason) {
        return new IamPolicyAnalysis(
                EnumSet.of(ResourceTrait.IAM, ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_WILDCARD_RESOURCE,
                        ResourceTrait.IAM_PERMISSION_BOUNDARY, ResourceTrait.IAM_ACCOUNT_LEVEL),
                List.of(reason + FAIL_CLOSED),
                false);
    }

    public boolean has(ResourceTrait trait) {
        return traits.contains(trait);
    }
}
