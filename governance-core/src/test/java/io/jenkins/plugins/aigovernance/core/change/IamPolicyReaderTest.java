package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IamPolicyReaderTest {

    private final IamPolicyReader reader = new IamPolicyReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void policyFileBecomesOneResource() {
        Optional<ResourceChange> r = reader.read("./iam/policies\\deploy-policy.json", utf8("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""), ResourceAction.CREATE);

        assertThat(r).hasValueSatisfying(rc -> {
            assertThat(rc.source()).isEqualTo(ResourceSource.IAM_POLICY);
            assertThat(rc.type()).isEqualTo("iam_policy_document");
            assertThat(rc.address()).isEqualTo("iam/policies/deploy-policy.json");
            assertThat(rc.file()).isEqualTo("iam/policies/deploy-policy.json");
            assertThat(rc.name()).isEqualTo("deploy-policy.json");
            assertThat(rc.action()).isEqualTo(ResourceAction.CREATE);
            assertThat(rc.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_ACCOUNT_LEVEL);
            assertThat(rc.details()).containsExactly("Allow * on * (full administrator)");
        });
    }

    @Test
    void jsonThatIsNotAPolicyYieldsNothing() {
        assertThat(reader.read("package.json", utf8("{\"name\":\"app\",\"version\":\"1.0.0\"}"), ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.read("data.json", utf8("[1,2,3]"), ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.read("broken.json", utf8("{\"name\":"), ResourceAction.UPDATE)).isEmpty();
    }

    @Test
    void brokenFileThatMentionsStatementFailsClosed() {
        Optional<ResourceChange> r = reader.read("policies/admin.json",
                utf8("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",}]}"), ResourceAction.UPDATE);

        assertThat(r).hasValueSatisfying(rc -> {
            assertThat(rc.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_WILDCARD_ACTION);
            assertThat(rc.details()).singleElement().asString().contains("malformed JSON at line 1").endsWith("treated as Allow * on *");
        });
    }

    @Test
    void deletedPolicyKeepsItsTraits() {
        Optional<ResourceChange> r = reader.read("trust.json", utf8("""
                {"Statement":{"Effect":"Allow","Principal":{"Federated":"token.actions.githubusercontent.com"},
                 "Action":"sts:AssumeRoleWithWebIdentity"}}"""), ResourceAction.DELETE);

        assertThat(r).hasValueSatisfying(rc -> {
            assertThat(rc.action()).isEqualTo(ResourceAction.DELETE);
            assertThat(rc.traits()).containsExactlyInAnyOrder(ResourceTrait.IAM, ResourceTrait.IAM_TRUST_POLICY);
        });
    }

    @Test
    void oversizedFileIsRefused() {
        IamPolicyReader small = new IamPolicyReader(new InputLimits(1024, 64, 10, 10, 5, 50, 1024));

        assertThatThrownBy(() -> small.read("p.json", new byte[65], ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.json: file is 65 bytes, over the limit of 64 bytes (maxManifestBytes)")
                .extracting(e -> ((InvalidInputException) e).input()).isEqualTo("p.json");
    }
}
