package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a resource change was read from: a Terraform plan, a Kubernetes manifest, a standalone IAM policy document, or an AWS
 * CloudFormation (or SAM) template among the changed files ({@link CloudFormationTemplateReader}). JSON names are lower case
 * with dashes ({@code iam-policy}).
 */
public enum ResourceSource {
    TERRAFORM, KUBERNETES, IAM_POLICY, CLOUDFORMATION;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
