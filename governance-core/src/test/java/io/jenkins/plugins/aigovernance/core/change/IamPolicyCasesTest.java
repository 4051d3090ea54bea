package io.jenkins.plugins.aigovernance.core.change;

import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_ACCOUNT_LEVEL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PUBLIC_PRINCIPAL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_TRUST_POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cases shaped like the test suites of policyuniverse (is a resource policy internet-accessible?), cloudsplaining
 * (privilege escalation) and parliament (documents of odd shapes), plus the AWS CLI output shapes documents come in.
 */
class IamPolicyCasesTest {

    private final IamPolicyAnalyzer analyzer = new IamPolicyAnalyzer();

    private static String publicStatement(String condition) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage",
                 "Resource":"arn:aws:sqs:us-east-1:012345678910:queue","Condition":%s}]}""".formatted(condition);
    }

    // ------------------------------------------------------------------ policyuniverse: conditions that restrict nothing

    @ParameterizedTest(name = "{0} restricts the caller: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-111111\"}}                                   | true",
            "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}                                        | true",
            "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}                                         | false",
            "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"::/0\"]}}                             | false",
            "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:012345678910:topic\"}}           | true",
            "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:iam::*:role/deployer\"}}                       | false",
            "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:s3:::my-bucket\"}}                            | false",
            "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::01234567891?:role/x\"}}                | false",
            "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}                              | true",
            "{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-*\"}}                                         | false",
            "{\"ForAllValues:StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}                 | false",
            "{\"ForAnyValue:StringEquals\":{\"aws:PrincipalOrgPaths\":\"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/\"}} | true",
            "{\"StringEquals\":{\"aws:PrincipalAccount\":[\"012345678910\",\"*\"]}}                   | false",
            "{\"StringEquals\":{\"aws:SourceAccount\":\"012345678910\"}}                               | true",
            "{\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"012345678910\"}}                       | false",
            "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}                                             | false",
    })
    void aPublicPrincipalStaysPublicUnlessTheConditionsValuesRestrict(String condition, boolean restricts) {
        IamPolicyAnalysis a = analyzer.analyze(publicStatement(condition));
        assertThat(a.has(IAM_PUBLIC_PRINCIPAL)).as(condition).isEqualTo(!restricts);
    }

    @Test
    void principalArnsWithAWildcardAccountAreAnyone() {
        String any = """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::bucket/*"}]}""";
        String one = any.replace("::*:root", "::012345678910:root");
        assertThat(analyzer.analyze(any).has(IAM_PUBLIC_PRINCIPAL)).isTrue();
        assertThat(analyzer.analyze(one).has(IAM_PUBLIC_PRINCIPAL)).isFalse();
    }

    // ------------------------------------------------------------------ cloudsplaining: privilege escalation

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // CreateNewLambdaFunction / CreateEC2WithExistingIP / CreateGlueDevEndpoint / CreateCloudFormationStack
            "[\"iam:PassRole\",\"lambda:CreateFunction\",\"lambda:InvokeFunction\"]  | true",
            "[\"iam:PassRole\",\"ec2:RunInstances\"]                                  | true",
            "[\"iam:PassRole\",\"glue:CreateDevEndpoint\"]                            | true",
            "[\"iam:PassRole\",\"cloudformation:CreateStack\"]                        | true",
            "[\"iam:Pass*\",\"ec2:Run*\"]                                              | true",
            // AddUserToGroup / EditExistingLambdaFunctionWithRole / UpdateExistingGlueDevEndpoint
            "[\"iam:AddUserToGroup\"]                                                 | true",
            "[\"lambda:UpdateFunctionCode\"]                                          | true",
            "[\"glue:UpdateDevEndpoint\"]                                             | true",
            "[\"iam:PassRole\"]                                                       | false",
            "[\"ec2:RunInstances\",\"lambda:CreateFunction\"]                         | false",
            "[\"s3:GetObject\",\"iam:GetRole\",\"iam:ListRoles\"]                     | false",
    })
    void privilegeEscalationIsAccountLevel(String actions, boolean escalates) {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":%s,"Resource":"*"}]}""".formatted(actions));
        assertThat(a.has(IAM_ACCOUNT_LEVEL)).as(actions).isEqualTo(escalates);
    }

    @Test
    void passRoleAndARunnerCombineAcrossStatementsOnlyForAnyRole() {
        String split = """
                {"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"ROLE"},
                              {"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}""";
        IamPolicyAnalysis anyRole = analyzer.analyze(split.replace("ROLE", "arn:aws:iam::012345678910:role/*"));
        assertThat(anyRole.has(IAM_ACCOUNT_LEVEL)).isTrue();
        assertThat(anyRole.details()).anySatisfy(d -> assertThat(d).contains("iam:PassRole").contains("ec2:runinstances"));
        IamPolicyAnalysis oneRole = analyzer.analyze(split.replace("ROLE", "arn:aws:iam::012345678910:role/web-instance"));
        assertThat(oneRole.has(IAM_ACCOUNT_LEVEL)).isFalse();
    }

    @Test
    void selfServiceOnTheCallersOwnUserIsNotEscalation() {
        IamPolicyAnalysis a = analyzer.analyze("""
                {"Statement":[{"Effect":"Allow","Action":["iam:CreateAccessKey","iam:UpdateLoginProfile"],
                 "Resource":"arn:aws:iam::012345678910:user/${aws:username}"}]}""");
        assertThat(a.has(IAM_ACCOUNT_LEVEL)).isFalse();
    }

    // ------------------------------------------------------------------ parliament: documents of odd shapes fail closed

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"NotAction\":\"s3:PutObject\",\"Resource\":\"*\"}]}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",7],\"Resource\":\"*\"}]}",
            "{\"Statement\":\"Allow everything\"}",
            "{\"Version\":\"2012-10-17\"}",
    })
    void malformedDocumentsFailClosed(String document) {
        IamPolicyAnalysis a = analyzer.analyze(document);
        assertThat(a.readable()).isFalse();
        assertThat(a.has(IAM_ACCOUNT_LEVEL)).isTrue();
    }

    // ------------------------------------------------------------------ AWS CLI output shapes

    private static Optional<ResourceChange> file(String json) {
        return new IamPolicyReader().read("policies/out.json", json.getBytes(StandardCharsets.UTF_8), ResourceAction.UPDATE);
    }

    @Test
    void awsCliOutputShapesAreRead() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        String escaped = document.replace("\"", "\\\"");
        // aws iam get-policy-version
        assertThat(file("{\"PolicyVersion\":{\"Document\":" + document + ",\"VersionId\":\"v3\",\"IsDefaultVersion\":true}}"))
                .hasValueSatisfying(r -> assertThat(r.has(IAM_ACCOUNT_LEVEL)).isTrue());
        // aws s3api get-bucket-policy, aws lambda get-policy
        assertThat(file("{\"Policy\":\"" + escaped + "\"}")).hasValueSatisfying(r -> assertThat(r.has(IAM_ACCOUNT_LEVEL)).isTrue());
        // aws sqs get-queue-attributes
        assertThat(file("{\"Attributes\":{\"Policy\":\"" + escaped + "\",\"QueueArn\":\"arn:aws:sqs:us-east-1:012345678910:q\"}}"))
                .hasValueSatisfying(r -> assertThat(r.has(IAM_ACCOUNT_LEVEL)).isTrue());
        // aws iam get-role-policy
        assertThat(file("{\"RoleName\":\"app\",\"PolicyName\":\"inline\",\"PolicyDocument\":" + document + "}"))
                .hasValueSatisfying(r -> assertThat(r.has(IAM_ACCOUNT_LEVEL)).isTrue());
        // aws iam get-role, with the trust policy URL-encoded as the IAM API returns it
        String trust = java.net.URLEncoder.encode("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}", StandardCharsets.UTF_8);
        assertThat(file("{\"Role\":{\"RoleName\":\"app\",\"AssumeRolePolicyDocument\":\"" + trust + "\"}}"))
                .hasValueSatisfying(r -> assertThat(r.traits()).contains(IAM_TRUST_POLICY, IAM_PUBLIC_PRINCIPAL));
        // other JSON is not a policy document
        assertThat(file("{\"Policy\":{\"PolicyName\":\"x\",\"Arn\":\"arn:aws:iam::012345678910:policy/x\"}}")).isEmpty();
    }
}
