package io.jenkins.plugins.aigovernance.core.change;

import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_ACCOUNT_LEVEL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PERMISSION_BOUNDARY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PUBLIC_PRINCIPAL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_TRUST_POLICY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_ACTION;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IamPolicyAnalyzerTest {

    private final IamPolicyAnalyzer analyzer = new IamPolicyAnalyzer();

    @Test
    void statementAsObjectAndAsArrayAreReadAlike() {
        String object = """
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}""";
        String array = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":["*"]}]}""";

        IamPolicyAnalysis a = analyzer.analyze(object);
        IamPolicyAnalysis b = analyzer.analyze(array);

        assertThat(a.traits()).isEqualTo(b.traits())
                .containsExactlyInAnyOrder(IAM, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_PERMISSION_BOUNDARY, IAM_ACCOUNT_LEVEL);
        assertThat(a.details()).containsExactly("Allow iam:* on * (privilege escalation: iam:attachuserpolicy)");
        assertThat(a.readable()).isTrue();
    }

    @Test
    void fullAdministratorIsAccountLevel() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

        assertThat(a.traits()).contains(IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_ACCOUNT_LEVEL);
        assertThat(a.details()).containsExactly("Allow * on * (full administrator)");
    }

    @Test
    void scopedStatementHasNoRiskyTraits() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::data/*"}]}""");

        assertThat(a.traits()).containsExactly(IAM);
        assertThat(a.details()).isEmpty();
    }

    @Test
    void serviceWildcardOnOneBucketIsWildcardActionOnly() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"]}}""");

        assertThat(a.traits()).containsExactlyInAnyOrder(IAM, IAM_WILDCARD_ACTION);
        assertThat(a.details()).containsExactly("Allow s3:* on arn:aws:s3:::data, arn:aws:s3:::data/*");
    }

    @Test
    void notActionWithAllowIsAWildcardAndCoversWhatItDoesNotExclude() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}}""");

        // PowerUserAccess: no IAM, but lambda:UpdateFunctionCode on any function runs code as that function's role
        assertThat(a.traits()).contains(IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_ACCOUNT_LEVEL)
                .doesNotContain(IAM_PERMISSION_BOUNDARY);
        assertThat(a.details()).containsExactly(
                "Allow all but iam:*, organizations:*, account:* on * (privilege escalation: lambda:updatefunctioncode)");

        IamPolicyAnalysis b = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}""");
        assertThat(b.traits()).contains(IAM_PERMISSION_BOUNDARY, IAM_ACCOUNT_LEVEL);
    }

    @Test
    void denyStatementsAddNothing() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}""");

        assertThat(a.traits()).containsExactly(IAM);
        assertThat(a.readable()).isTrue();
    }

    @Test
    void permissionBoundaryActionsAndTheirWildcards() {
        assertThat(analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"iam:PutRolePermissionsBoundary","Resource":"arn:aws:iam::1:role/x"}}""").traits())
                .contains(IAM_PERMISSION_BOUNDARY).doesNotContain(IAM_ACCOUNT_LEVEL, IAM_WILDCARD_ACTION);
        assertThat(analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"IAM:delete*Boundary","Resource":"arn:aws:iam::1:user/x"}}""").traits())
                .contains(IAM_PERMISSION_BOUNDARY);
        assertThat(analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}}""").traits())
                .doesNotContain(IAM_PERMISSION_BOUNDARY, IAM_ACCOUNT_LEVEL);
    }

    @Test
    void organizationsWriteActionsAreAccountLevel() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"organizations:*","Resource":"arn:aws:organizations::1:account/o-1/*"}}""");

        assertThat(a.traits()).contains(IAM_ACCOUNT_LEVEL, IAM_WILDCARD_ACTION);
        assertThat(a.details()).containsExactly(
                "Allow organizations:* on arn:aws:organizations::1:account/o-1/* (organization or account settings)");
        assertThat(analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*"],"Resource":"*"}}""").traits())
                .doesNotContain(IAM_ACCOUNT_LEVEL);
    }

    @Test
    void trustPolicyWithServicePrincipal() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");

        assertThat(a.traits()).containsExactlyInAnyOrder(IAM, IAM_TRUST_POLICY);
        assertThat(a.details()).containsExactly("Allow sts:AssumeRole to Service ec2.amazonaws.com");
    }

    @Test
    void principalForms() {
        String star = """
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}""";
        String awsStar = """
                {"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}""";
        String awsList = """
                {"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}""";
        String account = """
                {"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}""";
        String notPrincipal = """
                {"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}}""";

        assertThat(analyzer.analyze(star).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(star).details()).containsExactly("Allow s3:GetObject on arn:aws:s3:::site/* to * (public)");
        assertThat(analyzer.analyze(awsStar).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(awsList).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(account).traits()).containsExactly(IAM);
        assertThat(analyzer.analyze(notPrincipal).traits()).contains(IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void publicPrincipalRestrictedByConditionIsNotPublic() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
                  "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}}""");

        assertThat(a.traits()).doesNotContain(IAM_PUBLIC_PRINCIPAL);
        assertThat(a.details()).containsExactly("Allow s3:GetObject on arn:aws:s3:::b/* to * (restricted by condition)");
    }

    @Test
    void conditionsThatDoNotRestrictTheCallerKeepItPublic() {
        String secureTransportOnly = """
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
                  "Condition":{"Bool":{"aws:SecureTransport":"true"}}}}""";
        String negated = """
                {"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
                  "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}}""";
        String ifExists = """
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*",
                  "Condition":{"ArnEqualsIfExists":{"aws:SourceArn":"arn:aws:sns:eu-west-1:1:t"}}}}""";
        String wildcardValue = """
                {"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
                  "Condition":{"StringLike":{"aws:SourceAccount":"*"}}}}""";

        assertThat(analyzer.analyze(secureTransportOnly).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(negated).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(ifExists).traits()).contains(IAM_PUBLIC_PRINCIPAL);
        assertThat(analyzer.analyze(wildcardValue).traits()).contains(IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void publicTrustPolicy() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sts:AssumeRole","sts:TagSession"]}}""");

        assertThat(a.traits()).contains(IAM_TRUST_POLICY, IAM_PUBLIC_PRINCIPAL);
        assertThat(a.details()).containsExactly("Allow sts:AssumeRole, sts:TagSession to AWS * (public)");
    }

    @Test
    void resourcePolicyWithPrincipalIsNotAccountLevel() {
        // the default KMS key policy: kms:* on "this key" for the account root
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""");

        assertThat(a.traits()).contains(IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE).doesNotContain(IAM_ACCOUNT_LEVEL, IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void malformedDocumentFailsClosedAsAllowEverything() {
        IamPolicyAnalysis truncated = analyzer.analyze("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":");

        assertThat(truncated.readable()).isFalse();
        assertThat(truncated.traits()).containsExactlyInAnyOrder(IAM, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE,
                IAM_PERMISSION_BOUNDARY, IAM_ACCOUNT_LEVEL);
        assertThat(truncated.details()).singleElement().asString()
                .startsWith("unreadable policy document (malformed JSON at line 1")
                .endsWith("treated as Allow * on *");
        assertThat(truncated.traits()).isEqualTo(analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""").traits());
    }

    @Test
    void documentsOfTheWrongShapeFailClosed() {
        assertThat(analyzer.analyze("{\"Version\":\"2012-10-17\"}").details()).singleElement().asString().contains("no Statement");
        assertThat(analyzer.analyze("[]").readable()).isFalse();
        assertThat(analyzer.analyze("").readable()).isFalse();
        assertThat(analyzer.analyze("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":42,\"Resource\":\"*\"}}").readable()).isFalse();
        assertThat(analyzer.analyze("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}").readable()).isFalse();
        assertThat(analyzer.analyze("{\"Statement\":\"Allow everything\"}").readable()).isFalse();
        assertThat(analyzer.analyze("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":7,\"Action\":\"s3:*\"}}").readable()).isFalse();
    }

    @Test
    void duplicateKeysFailClosed() {
        // AWS and this reader could take different "Action" values: refuse to guess
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":{"Effect":"Allow","Action":"s3:GetObject","Action":"*","Resource":"*"}}""");

        assertThat(a.readable()).isFalse();
        assertThat(a.traits()).contains(IAM_ACCOUNT_LEVEL);
    }

    @Test
    void missingEffectIsReadAsAllow() {
        assertThat(analyzer.analyze("{\"Statement\":{\"Action\":\"*\",\"Resource\":\"*\"}}").traits()).contains(IAM_ACCOUNT_LEVEL);
    }

    @Test
    void detailsAreCappedAndListsShortened() {
        StringBuilder doc = new StringBuilder("{\"Statement\":[");
        for (int i = 0; i < 8; i++) {
            doc.append(i == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"ec2:*\",\"sqs:*\",\"sns:*\"],\"Resource\":\"arn:aws:s3:::b")
                    .append(i).append("\"}");
        }
        IamPolicyAnalysis a = analyzer.analyze(doc.append("]}").toString());

        assertThat(a.details()).hasSize(5);
        assertThat(a.details().get(0)).isEqualTo("Allow s3:*, ec2:*, sqs:* +1 more on arn:aws:s3:::b0");
    }

    @Test
    void wildcardMatchFollowsIamRules() {
        assertThat(IamPolicyAnalyzer.wildcardMatch("iam:put*boundary", "iam:putrolepermissionsboundary")).isTrue();
        assertThat(IamPolicyAnalyzer.wildcardMatch("iam:?etrole", "iam:getrole")).isTrue();
        assertThat(IamPolicyAnalyzer.wildcardMatch("iam:get*", "iam:putrolepolicy")).isFalse();
        assertThat(IamPolicyAnalyzer.wildcardMatch("*", "anything:at-all")).isTrue();
        assertThat(IamPolicyAnalyzer.wildcardMatch("s3:*object", "s3:getobjectacl")).isFalse();
    }
}
