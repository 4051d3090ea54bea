package io.jenkins.plugins.aigovernance.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.policy.RiskRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeCategoryTest {

    private static ResourceChange resource(String type, ResourceTrait... traits) {
        return new ResourceChange(ResourceSource.TERRAFORM, "x." + type, type, null, type, null, ResourceAction.UPDATE,
                traits.length == 0 ? Set.of() : EnumSet.of(traits[0], traits), null, List.of());
    }

    @Test
    void resourcesGetTheirKindFromTraitsAndAreInfrastructureOtherwise() {
        assertThat(ChangeCategory.ofResource(resource("aws_iam_role", ResourceTrait.IAM, ResourceTrait.IAM_TRUST_POLICY)))
                .containsExactly(ChangeCategory.IAM);
        assertThat(ChangeCategory.ofResource(resource("ClusterRole", ResourceTrait.RBAC, ResourceTrait.CLUSTER_SCOPED)))
                .containsExactly(ChangeCategory.IAM);
        assertThat(ChangeCategory.ofResource(resource("aws_db_instance", ResourceTrait.STATEFUL))).containsExactly(ChangeCategory.DATA);
        assertThat(ChangeCategory.ofResource(resource("aws_security_group", ResourceTrait.NETWORK, ResourceTrait.NETWORK_POLICY)))
                .containsExactly(ChangeCategory.NETWORK);
        assertThat(ChangeCategory.ofResource(resource("aws_lambda_function"))).containsExactly(ChangeCategory.INFRASTRUCTURE);
    }

    @Test
    void everyBuiltInRuleIsMappedOrDeliberatelyAboutTheEnvironment() {
        Set<String> environmentRules = Set.of("staging-deployment", "staging-namespace", "production-paths", "production-namespace",
                "production-infrastructure", "terraform-code", "billing", "billing-resources");
        for (RiskRule r : new PolicyLoader().defaults().risk().rules()) {
            assertThat(ChangeCategory.ofRule(r.id()) != null || environmentRules.contains(r.id())).as(r.id()).isTrue();
        }
    }

    @Test
    void jsonFormRoundTripsAndUnknownNamesAreRefused() {
        for (ChangeCategory c : ChangeCategory.values()) {
            assertThat(ChangeCategory.of(c.json())).isEqualTo(c);
        }
        assertThat(ChangeCategory.APP_CODE.json()).isEqualTo("app-code");
        assertThatThrownBy(() -> ChangeCategory.of("database")).hasMessageContaining("unknown change category 'database'");
    }
}
