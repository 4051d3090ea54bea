package io.jenkins.plugins.aigovernance.core.change.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Terraform instance addresses, including keys with dots, brackets and escaped quotes. */
class TerraformAddressTest {

    @Test
    void rootResource() {
        TerraformAddress a = TerraformAddress.parse("aws_iam_role.r[0]");
        assertThat(a.modulePath()).isEmpty();
        assertThat(a.local()).isEqualTo("aws_iam_role.r");
        assertThat(a.outermostModule()).isNull();
        assertThat(a.configAddress()).isEqualTo("aws_iam_role.r");
    }

    @Test
    void nestedModulesWithKeys() {
        TerraformAddress a = TerraformAddress.parse("module.svc[\"a.b]\\\"c\"].module.db[0].data.aws_iam_policy_document.d[\"x\"]");
        assertThat(a.modulePath()).isEqualTo("module.svc[\"a.b]\\\"c\"].module.db[0].");
        assertThat(a.local()).isEqualTo("data.aws_iam_policy_document.d");
        assertThat(a.configModulePath()).isEqualTo("module.svc.module.db.");
        assertThat(a.outermostModule()).isEqualTo("module.svc[\"a.b]\\\"c\"]");
        assertThat(TerraformAddress.parentModule(a.modulePath())).isEqualTo("module.svc[\"a.b]\\\"c\"].");
        assertThat(TerraformAddress.callName(a.modulePath())).isEqualTo("db");
        assertThat(TerraformAddress.parentModule("module.svc[\"a\"].")).isEmpty();
        assertThat(TerraformAddress.callName("module.svc[\"a\"].")).isEqualTo("svc");
    }
}
