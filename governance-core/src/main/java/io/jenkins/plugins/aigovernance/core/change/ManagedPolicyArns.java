package io.jenkins.plugins.aigovernance.core.change;

import java.util.Set;

/**
 * What attaching a managed policy by ARN grants, when the policy's document is not in the change: Terraform's
 * {@code policy_arn} / {@code managed_policy_arns} and CloudFormation's {@code ManagedPolicyArns} (and SAM's
 * {@code Policies} names). The rule, one for both readers:
 * <ul>
 * <li>AWS {@code AdministratorAccess}, {@code IAMFullAccess} and {@code AWSOrganizationsFullAccess}
 *     ({@code arn:aws*:iam::aws:policy/...}) are account-level power ({@link ResourceTrait#IAM_ACCOUNT_LEVEL});</li>
 * <li>AWS managed policies with {@code ReadOnly} in the name and a short list of service execution roles
 *     ({@link #KNOWN_AWS_POLICIES}) are plain IAM;</li>
 * <li>every other ARN (other AWS managed policies, customer policies) fails closed as {@code Allow * on *}
 *     ({@link IamPolicyAnalysis#unreadable(String)}), since its document is not in the change.</li>
 * </ul>
 * A detach (the attaching resource is deleted) is judged by what is attached and never fails closed. This class holds no state.
 */
final class ManagedPolicyArns {

    /** AWS managed policies that are account-level power. */
    static final Set<String> ADMIN_POLICIES = Set.of("AdministratorAccess", "IAMFullAccess", "AWSOrganizationsFullAccess");
    /** AWS managed policies known to grant no write power over identities or data (besides names with ReadOnly). */
    static final Set<String> KNOWN_AWS_POLICIES = Set.of("AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole",
            "AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy",
            "AmazonEKSClusterPolicy", "AmazonEKSVPCResourceController", "AWSXRayDaemonWriteAccess", "AmazonECSTaskExecutionRolePolicy",
            "AWSLambdaSQSQueueExecutionRole", "AWSLambdaKinesisExecutionRole", "AWSLambdaDynamoDBExecutionRole", "ViewOnlyAccess",
            "SecurityAudit", "AWSSupportAccess", "AWSBillingReadOnlyAccess");

    private ManagedPolicyArns() {
    }

    /**
     * Adds what attaching (or, with {@code detach}, detaching) the policy {@code arn} means to {@code traits} and {@code details}:
     * always {@link ResourceTrait#IAM}; see the class comment for the rest.
     *
     * @return the fail-closed detail (ending in {@link IamPolicyAnalysis#FAIL_CLOSED}) when the ARN was read as {@code Allow * on *},
     *         else {@code null}
     */
    static String judge(String arn, boolean detach, Set<ResourceTrait> traits, ResourceDetails details) {
        int at = arn.indexOf(":iam::aws:policy/");
        String policy = at < 0 ? null : arn.substring(arn.lastIndexOf('/') + 1);
        traits.add(ResourceTrait.IAM);
        if (arn.startsWith("arn:aws") && policy != null && ADMIN_POLICIES.contains(policy)) {
            traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
            details.add((detach ? "detaches " : "attaches ") + policy);
        } else if (detach) {
            details.add("detaches " + arn);
        } else if (arn.startsWith("arn:aws") && policy != null && (KNOWN_AWS_POLICIES.contains(policy) || policy.contains("ReadOnly"))) {
            details.add("attaches AWS managed " + policy);
        } else {
            IamPolicyAnalysis failed = IamPolicyAnalysis.unreadable("attaches " + arn + ", whose document is "
                    + (policy != null && arn.startsWith("arn:aws") ? "an AWS managed policy this reader does not know" : "not in this change"));
            traits.addAll(failed.traits());
            details.addAll(failed.details());
            return failed.details().get(0);
        }
        return null;
    }
}
