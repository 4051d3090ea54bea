package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CloudFormationTemplateReader}: what a template's resources grant, with intrinsic functions read the way that grants
 * the most, which templates fail closed, and what a change of a template changes. Templates are written here.
 */
class CloudFormationTemplateReaderTest {

    private final CloudFormationTemplateReader reader = new CloudFormationTemplateReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private CloudFormationTemplateReader.Read read(String template) {
        return reader.read("infra/stack.yaml", utf8(template), null, ResourceAction.CREATE);
    }

    private ResourceChange only(String template) {
        List<ResourceChange> r = read(template).resources();
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private ResourceChange resource(CloudFormationTemplateReader.Read read, String logicalId) {
        return read.resources().stream().filter(r -> r.name().equals(logicalId)).findFirst().orElseThrow(() -> new AssertionError(
                logicalId + " not in " + read.resources()));
    }

    /** A template with one resource whose Properties are {@code properties} (YAML, indented by six spaces). */
    private static String one(String type, String properties) {
        return "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Actions: {Type: String}\n  Account: {Type: String}\n"
                + "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  R:\n    Type: " + type + "\n    Properties:\n" + properties;
    }

    /** A role with one inline policy statement (YAML, its fields indented by sixteen spaces). */
    private static String roleWith(String statement) {
        return one("AWS::IAM::Role", """
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: lambda.amazonaws.com}
                            Action: sts:AssumeRole
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Version: 2012-10-17
                            Statement:
                              - Effect: Allow
                """ + statement);
    }

    private ResourceChange role(String statement) {
        return resource(read(roleWith(statement)), "R");
    }

    // ------------------------------------------------------------------ IAM resources

    @Test
    void anAdministratorRoleIsAccountLevelIam() {
        ResourceChange r = role("""
                                Action: '*'
                                Resource: '*'
                """);
        assertThat(r.source()).isEqualTo(ResourceSource.CLOUDFORMATION);
        assertThat(r.address()).isEqualTo("infra/stack.yaml#R");
        assertThat(r.type()).isEqualTo("AWS::IAM::Role");
        assertThat(r.name()).isEqualTo("R");
        assertThat(r.file()).isEqualTo("infra/stack.yaml");
        assertThat(r.action()).isEqualTo(ResourceAction.CREATE);
        assertThat(r.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_TRUST_POLICY, ResourceTrait.IAM_WILDCARD_ACTION,
                ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        assertThat(r.details()).contains("Allow * on * (full administrator)");
    }

    @Test
    void aRoleScopedToOneBucketIsPlainIam() {
        ResourceChange r = role("""
                                Action: [s3:GetObject, s3:PutObject]
                                Resource: !Sub '${Bucket.Arn}/*'
                """);
        assertThat(r.traits()).containsExactlyInAnyOrder(ResourceTrait.IAM, ResourceTrait.IAM_TRUST_POLICY);
    }

    @Test
    void aTrustPolicyOpenToAnyoneIsPublicAndOneForTheOwnAccountIsNot() {
        String open = one("AWS::IAM::Role", """
                      AssumeRolePolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: '*', Action: sts:AssumeRole}
                """);
        assertThat(resource(read(open), "R").traits()).contains(ResourceTrait.IAM_TRUST_POLICY, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        String own = one("AWS::IAM::Role", """
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}
                            Action: sts:AssumeRole
                """);
        assertThat(resource(read(own), "R").traits()).contains(ResourceTrait.IAM_TRUST_POLICY).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void administratorAccessAttachedByArnIsAccountLevel() {
        for (String arn : List.of("arn:aws:iam::aws:policy/AdministratorAccess", "!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'",
                "!Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::aws:policy/', IAMFullAccess]]")) {
            ResourceChange r = resource(read(one("AWS::IAM::Role", "      ManagedPolicyArns:\n        - " + arn + "\n")), "R");
            assertThat(r.traits()).as(arn).contains(ResourceTrait.IAM, ResourceTrait.IAM_ACCOUNT_LEVEL);
            assertThat(r.details()).as(arn).anyMatch(d -> d.startsWith("attaches ") && d.endsWith("Access"));
        }
    }

    @Test
    void managedPoliciesKnownToBeNarrowArePlainAndOthersFailClosed() {
        CloudFormationTemplateReader.Read narrow = read(one("AWS::IAM::Role",
                "      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole, arn:aws:iam::aws:policy/ReadOnlyAccess]\n"));
        assertThat(resource(narrow, "R").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(narrow.notes()).isEmpty();

        CloudFormationTemplateReader.Read other = read(one("AWS::IAM::Role", "      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/team]\n"));
        assertThat(resource(other, "R").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(other.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.READ_FAIL_CLOSED);
            assertThat(n.input()).isEqualTo("infra/stack.yaml");
            assertThat(n.message()).contains("R (AWS::IAM::Role)").contains("arn:aws:iam::123456789012:policy/team")
                    .endsWith(IamPolicyAnalysis.FAIL_CLOSED);
        });
    }

    @Test
    void aManagedPolicyOfTheTemplateIsReadWhereItIsDefinedAndAParameterFailsClosed() {
        String template = """
                Parameters:
                  PolicyArn: {Type: String}
                Resources:
                  Narrow:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn}]
                  Queue: {Type: AWS::SQS::Queue}
                  UsesLocal:
                    Type: AWS::IAM::Role
                    Properties:
                      ManagedPolicyArns: [!Ref Narrow]
                  UsesParameter:
                    Type: AWS::IAM::Role
                    Properties:
                      ManagedPolicyArns: [!Ref PolicyArn]
                """;
        CloudFormationTemplateReader.Read r = read(template);
        assertThat(resource(r, "Narrow").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "UsesLocal").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "UsesLocal").details()).contains("attaches Narrow, a policy of this template (read where it is defined)");
        assertThat(resource(r, "UsesParameter").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "UsesParameter").details()).anyMatch(d -> d.contains("!Ref PolicyArn") && d.endsWith(IamPolicyAnalysis.FAIL_CLOSED));
        assertThat(resource(r, "Queue").traits()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"})
    void policyResourcesAreAnalysed(String type) {
        ResourceChange r = resource(read(one(type, """
                      PolicyName: p
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*'}
                """)), "R");
        assertThat(r.type()).isEqualTo(type);
        assertThat(r.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(r.details()).anyMatch(d -> d.contains("iam:PassRole"));
    }

    @Test
    void usersGroupsInstanceProfilesAndAccessKeysAreIam() {
        CloudFormationTemplateReader.Read r = read("""
                Resources:
                  Dev:
                    Type: AWS::IAM::User
                    Properties:
                      LoginProfile: {Password: '{{resolve:secretsmanager:pw}}'}
                      Policies:
                        - PolicyName: own
                          PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:*', Resource: '*'}]}
                  Devs:
                    Type: AWS::IAM::Group
                    Properties:
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
                  Profile:
                    Type: AWS::IAM::InstanceProfile
                    Properties: {Roles: [!Ref Role]}
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
                  Key:
                    Type: AWS::IAM::AccessKey
                    Properties: {UserName: !Ref Dev}
                """);
        assertThat(resource(r, "Dev").traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "Dev").details()).contains("has a console password (LoginProfile)");
        assertThat(resource(r, "Devs").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "Profile").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "Role").traits()).containsExactlyInAnyOrder(ResourceTrait.IAM, ResourceTrait.IAM_TRUST_POLICY);
        assertThat(resource(r, "Key").details()).contains("creates an access key (long-lived credentials) for user !Ref Dev");
    }

    // ------------------------------------------------------------------ permission boundaries

    @Test
    void settingAPermissionsBoundaryIsFlaggedAndSaidFirst() {
        ResourceChange r = resource(read(one("AWS::IAM::Role", """
                      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
                      Policies:
                        - PolicyName: a
                          PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}, {Effect: Allow, Action: 'sqs:*', Resource: '*'},
                            {Effect: Allow, Action: 'sns:*', Resource: '*'}, {Effect: Allow, Action: 'ec2:*', Resource: '*'},
                            {Effect: Allow, Action: 'rds:*', Resource: '*'}, {Effect: Allow, Action: 'kms:*', Resource: '*'}]}
                """)), "R");
        assertThat(r.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(r.details().get(0)).isEqualTo("sets permissions boundary arn:aws:iam::123456789012:policy/boundary");
    }

    @Test
    void aBoundaryIsFlaggedOnlyWhenAnUpdateSetsChangesOrRemovesIt() {
        String before = one("AWS::IAM::Role", "      PermissionsBoundary: !Ref Boundary\n      RoleName: a\n")
                .replace("Resources:\n", "Resources:\n  Boundary:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
                        + "      PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}\n");
        String renamed = before.replace("RoleName: a", "RoleName: b");
        ResourceChange same = resource(reader.read("s.yaml", utf8(renamed), utf8(before), ResourceAction.UPDATE), "R");
        assertThat(same.action()).isEqualTo(ResourceAction.UPDATE);
        assertThat(same.traits()).doesNotContain(ResourceTrait.IAM_PERMISSION_BOUNDARY);

        String changed = before.replace("!Ref Boundary", "arn:aws:iam::123456789012:policy/other");
        ResourceChange c = resource(reader.read("s.yaml", utf8(changed), utf8(before), ResourceAction.UPDATE), "R");
        assertThat(c.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(c.details().get(0)).isEqualTo("changes permissions boundary from !Ref Boundary to arn:aws:iam::123456789012:policy/other");

        String removed = before.replace("      PermissionsBoundary: !Ref Boundary\n", "");
        ResourceChange gone = resource(reader.read("s.yaml", utf8(removed), utf8(before), ResourceAction.UPDATE), "R");
        assertThat(gone.details().get(0)).isEqualTo("removes permissions boundary !Ref Boundary");
        assertThat(gone.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);

        // the previous version cannot be read: what the boundary was is unknown, so it is set
        ResourceChange unknown = resource(reader.read("s.yaml", utf8(renamed), utf8("Resources: [broken"), ResourceAction.UPDATE), "R");
        assertThat(unknown.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);
    }

    @Test
    void aManagedPolicyThatIsTheBoundaryOfPrincipalsIsABoundaryChange() {
        String template = """
                Resources:
                  Boundary:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*'}]}
                  A:
                    Type: AWS::IAM::Role
                    Properties: {PermissionsBoundary: !Ref Boundary}
                  B:
                    Type: AWS::IAM::User
                    Properties: {PermissionsBoundary: !Sub '${Boundary}'}
                """;
        ResourceChange b = resource(read(template), "Boundary");
        assertThat(b.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(b.details().get(0)).isEqualTo("is the permissions boundary of A, B (2 principals in this template)");
        // only the boundary's document changes: it is the one resource changed, and still a boundary change
        String widened = template.replace("'s3:GetObject', Resource: 'arn:aws:s3:::logs/*'", "'s3:*', Resource: '*'");
        List<ResourceChange> changed = reader.read("infra/stack.yaml", utf8(widened), utf8(template), ResourceAction.UPDATE).resources();
        assertThat(changed).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Boundary");
            assertThat(r.action()).isEqualTo(ResourceAction.UPDATE);
            assertThat(r.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        });
    }

    // ------------------------------------------------------------------ resource policies

    @Test
    void aBucketPolicyOpenToTheWorldIsPublicUnlessAConditionRestrictsTheCaller() {
        String open = one("AWS::S3::BucketPolicy", """
                      Bucket: !Ref Bucket
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: !Sub '${Bucket.Arn}/*'}
                """);
        ResourceChange r = resource(read(open), "R");
        assertThat(r.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        String restricted = open.replace("Resource: !Sub '${Bucket.Arn}/*'}",
                "Resource: !Sub '${Bucket.Arn}/*', Condition: {StringEquals: {'aws:PrincipalAccount': !Ref 'AWS::AccountId'}}}");
        assertThat(resource(read(restricted), "R").traits()).contains(ResourceTrait.IAM).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        // a condition value known only at deploy time restricts nothing
        String parameter = open.replace("Resource: !Sub '${Bucket.Arn}/*'}",
                "Resource: !Sub '${Bucket.Arn}/*', Condition: {StringEquals: {'aws:PrincipalAccount': !Ref Account}}}");
        assertThat(resource(read(parameter), "R").traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS::SQS::QueuePolicy|PolicyDocument", "AWS::SNS::TopicPolicy|PolicyDocument", "AWS::KMS::Key|KeyPolicy",
            "AWS::ECR::Repository|RepositoryPolicyText", "AWS::SecretsManager::ResourcePolicy|ResourcePolicy",
            "AWS::OpenSearchService::Domain|AccessPolicies", "AWS::EFS::FileSystem|FileSystemPolicy"})
    void resourcePoliciesAreIamAndPublicWhenOpen(String typeAndProperty) {
        String type = typeAndProperty.substring(0, typeAndProperty.indexOf('|'));
        String property = typeAndProperty.substring(typeAndProperty.indexOf('|') + 1);
        ResourceChange r = resource(read(one(type, "      " + property + ":\n        Statement:\n"
                + "          - {Effect: Allow, Principal: {AWS: '*'}, Action: '*', Resource: '*'}\n")), "R");
        assertThat(r.traits()).as(type).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_WILDCARD_ACTION);
        ResourceChange narrow = resource(read(one(type, "      " + property + ":\n        Statement:\n"
                + "          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}, Action: 'kms:Decrypt', Resource: '*'}\n")), "R");
        assertThat(narrow.traits()).as(type).contains(ResourceTrait.IAM).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void aPolicyGivenAsJsonTextIsRead() {
        ResourceChange r = resource(read(one("AWS::ECR::Repository", """
                      RepositoryPolicyText: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}'
                """)), "R");
        assertThat(r.traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_WILDCARD_ACTION);
        ResourceChange logs = resource(read(one("AWS::Logs::ResourcePolicy", """
                      PolicyName: p
                      PolicyDocument: !Sub '{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*"}]}'
                """)), "R");
        assertThat(logs.traits()).contains(ResourceTrait.IAM).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(logs.details()).noneMatch(d -> d.endsWith(IamPolicyAnalysis.FAIL_CLOSED));
    }

    @Test
    void aLambdaPermissionForAnyoneIsPublicAndOneForAServiceIsNot() {
        ResourceChange anyone = resource(read(one("AWS::Lambda::Permission", """
                      FunctionName: !Ref Bucket
                      Action: lambda:InvokeFunctionUrl
                      Principal: '*'
                      FunctionUrlAuthType: NONE
                """)), "R");
        assertThat(anyone.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        assertThat(anyone.details()).contains("function URL without authentication (FunctionUrlAuthType NONE)");
        ResourceChange service = resource(read(one("AWS::Lambda::Permission", """
                      FunctionName: !Ref Bucket
                      Action: lambda:InvokeFunction
                      Principal: s3.amazonaws.com
                      SourceAccount: !Ref AWS::AccountId
                """)), "R");
        assertThat(service.traits()).containsExactly(ResourceTrait.IAM);
        ResourceChange organization = resource(read(one("AWS::Lambda::Permission", """
                      FunctionName: !Ref Bucket
                      Action: lambda:InvokeFunction
                      Principal: '*'
                      PrincipalOrgID: o-abc123def4
                """)), "R");
        assertThat(organization.traits()).containsExactly(ResourceTrait.IAM);
        ResourceChange parameter = resource(read(one("AWS::Lambda::Permission", """
                      FunctionName: !Ref Bucket
                      Action: lambda:InvokeFunction
                      Principal: !Ref Account
                """)), "R");
        assertThat(parameter.traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void anyOtherPropertyThatHoldsAPolicyDocumentIsRead() {
        ResourceChange object = resource(read(one("AWS::Kinesis::ResourcePolicy", """
                      ResourceArn: arn:aws:kinesis:eu-west-1:123456789012:stream/s
                      ResourcePolicy: {Statement: [{Effect: Allow, Principal: '*', Action: 'kinesis:GetRecords', Resource: '*'}]}
                """)), "R");
        assertThat(object.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        ResourceChange text = resource(read(one("AWS::Glue::Registry", """
                      Name: r
                      Description: '{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}'
                """)), "R");
        assertThat(text.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        ResourceChange events = resource(read(one("AWS::Events::EventBusPolicy", """
                      StatementId: open
                      Statement: {Effect: Allow, Principal: '*', Action: 'events:PutEvents', Resource: '*'}
                """)), "R");
        assertThat(events.traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        ResourceChange api = resource(read(one("AWS::ApiGateway::RestApi", """
                      Name: api
                      Policy: {Statement: [{Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*'}]}
                """)), "R");
        assertThat(api.traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void ssoPermissionSetsAndEksAccessAreIam() {
        CloudFormationTemplateReader.Read r = read("""
                Resources:
                  Admins:
                    Type: AWS::SSO::PermissionSet
                    Properties:
                      InstanceArn: arn:aws:sso:::instance/ssoins-1
                      Name: admins
                      InlinePolicy: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
                  Readers:
                    Type: AWS::SSO::PermissionSet
                    Properties: {InstanceArn: arn:aws:sso:::instance/ssoins-1, Name: r, ManagedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
                  Access:
                    Type: AWS::EKS::AccessEntry
                    Properties: {ClusterName: c, PrincipalArn: arn:aws:iam::123456789012:role/ci}
                  Github:
                    Type: AWS::IAM::OIDCProvider
                    Properties: {Url: https://token.actions.githubusercontent.com, ClientIdList: [sts.amazonaws.com]}
                """);
        assertThat(resource(r, "Admins").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "Readers").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "Access").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "Github").traits()).containsExactly(ResourceTrait.IAM);
    }

    @Test
    void aBucketWithAPublicCannedAclIsPublic() {
        ResourceChange r = resource(read(one("AWS::S3::Bucket", "      AccessControl: PublicRead\n")), "R");
        assertThat(r.traits()).containsExactlyInAnyOrder(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        assertThat(r.details()).contains("canned ACL PublicRead: anyone can read the bucket (public)");
        assertThat(resource(read(one("AWS::S3::Bucket", "      AccessControl: Private\n")), "R").traits()).isEmpty();
    }

    @Test
    void anOrganizationsPolicyIsAccountLevel() {
        ResourceChange scp = resource(read(one("AWS::Organizations::Policy", """
                      Type: SERVICE_CONTROL_POLICY
                      Content: {Statement: [{Effect: Deny, Action: 'iam:*', Resource: '*'}]}
                """)), "R");
        assertThat(scp.traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_ACCOUNT_LEVEL);
        ResourceChange tags = resource(read(one("AWS::Organizations::Policy", """
                      Type: TAG_POLICY
                      Content: {tags: {team: {tag_key: {'@@assign': Team}}}}
                """)), "R");
        assertThat(tags.details()).noneMatch(d -> d.endsWith(IamPolicyAnalysis.FAIL_CLOSED));
    }

    // ------------------------------------------------------------------ intrinsic functions: fail closed where it matters

    @Test
    void anActionKnownOnlyAtDeployTimeIsAnyAction() {
        CloudFormationTemplateReader.Read read = read(roleWith("""
                                Action: !Ref Actions
                                Resource: !GetAtt Bucket.Arn
                """));
        ResourceChange r = resource(read, "R");
        assertThat(r.traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_ACCOUNT_LEVEL)
                .doesNotContain(ResourceTrait.IAM_WILDCARD_RESOURCE);
        assertThat(r.details()).contains("known only at deploy time, read as the riskiest value: Action !Ref Actions");
        assertThat(read.notes()).singleElement().satisfies(n -> assertThat(n.message())
                .isEqualTo("R (AWS::IAM::Role): known only at deploy time, read as the riskiest value: Action !Ref Actions"));
    }

    @Test
    void aResourceOfTheTemplateIsSpecificAndAParameterIsAnyResource() {
        for (String resource : List.of("!GetAtt Bucket.Arn", "!Ref Bucket", "!Sub 'arn:aws:s3:::${Bucket}'", "[!GetAtt Bucket.Arn]")) {
            ResourceChange r = role("                Action: iam:PassRole\n                Resource: " + resource + "\n");
            assertThat(r.traits()).as(resource).doesNotContain(ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        }
        ResourceChange parameter = role("                Action: iam:PutRolePolicy\n                Resource: !Ref Account\n");
        assertThat(parameter.traits()).contains(ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        ResourceChange part = role("                Action: iam:PutRolePolicy\n                Resource: !Sub 'arn:aws:iam::${Account}:role/x'\n");
        assertThat(part.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
    }

    @Test
    void aPrincipalKnownOnlyAtDeployTimeIsAnyone() {
        for (String principal : List.of("!Ref Account", "{AWS: !Ref Account}", "{AWS: !ImportValue shared-account}",
                "{AWS: !Sub 'arn:aws:iam::${Account}:root'}", "{AWS: [!If [IsProd, '111122223333', !Ref Account]]}")) {
            ResourceChange r = resource(read(one("AWS::SNS::TopicPolicy", "      Topics: [t]\n      PolicyDocument:\n        Statement:\n"
                    + "          - {Effect: Allow, Principal: " + principal + ", Action: 'sns:Publish', Resource: '*'}\n")), "R");
            assertThat(r.traits()).as(principal).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        }
    }

    @Test
    void ifTakesTheRiskierBranch() {
        assertThat(role("                Action: !If [IsProd, 's3:GetObject', '*']\n                Resource: '*'\n").traits())
                .contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(role("                Action: '*'\n                Resource: !If [IsProd, !GetAtt Bucket.Arn, '*']\n").traits())
                .contains(ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        // an Effect that may be Allow is Allow
        String effect = roleWith("                Action: '*'\n                Resource: '*'\n").replace("- Effect: Allow\n                Action",
                "- Effect: !If [IsProd, Deny, Allow]\n                Action");
        assertThat(resource(read(effect), "R").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        // a statement that may be there counts
        String statement = one("AWS::IAM::Policy", """
                      PolicyName: p
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Action: 's3:GetObject', Resource: '*'}
                          - !If [IsProd, !Ref 'AWS::NoValue', {Effect: Allow, Action: '*', Resource: '*'}]
                """);
        assertThat(resource(read(statement), "R").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        // a condition that may be absent restricts nothing
        String condition = one("AWS::S3::BucketPolicy", """
                      Bucket: b
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: '*'
                            Action: 's3:GetObject'
                            Resource: '*'
                            Condition: !If [IsProd, {StringEquals: {'aws:PrincipalOrgID': o-abc123}}, !Ref 'AWS::NoValue']
                """);
        assertThat(resource(read(condition), "R").traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void propertiesThatAreAnIfAreEachBranch() {
        CloudFormationTemplateReader.Read r = read("""
                Conditions:
                  IsProd: !Equals [!Ref 'AWS::AccountId', '111122223333']
                Resources:
                  R:
                    Type: AWS::IAM::Role
                    Properties: !If
                      - IsProd
                      - {ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
                      - {ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]}
                  P:
                    Type: AWS::IAM::Role
                    Properties: !ImportValue role-properties
                """);
        assertThat(resource(r, "R").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "R").details()).contains("attaches AdministratorAccess", "attaches AWS managed ReadOnlyAccess");
        assertThat(resource(r, "P").details()).anyMatch(d -> d.startsWith("Properties is !ImportValue role-properties, known only at deploy time"));
    }

    @Test
    void otherFunctionsKnownOnlyAtDeployTimeAreAnything() {
        assertThat(role("                Action: iam:PutRolePolicy\n                Resource: !Select [0, !GetAZs '']\n").traits())
                .contains(ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(role("                Action: !Select [!Ref Account, ['s3:GetObject', 'iam:PutUserPolicy']]\n                Resource: '*'\n").traits())
                .contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(role("                Action: !Base64 s3:GetObject\n                Resource: '*'\n").traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION);
        String unknown = """
                {"Resources": {"R": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
                  {"Effect": "Allow", "Action": {"Fn::GetParam": ["artifact", "actions.json", "action"]}, "Resource": "*"},
                  {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": {"Ref": "Excluded"}}]}}}}}
                """;
        ResourceChange r = resource(reader.read("s.json", utf8(unknown), null, ResourceAction.CREATE), "R");
        assertThat(r.traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_WILDCARD_RESOURCE, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(r.details()).anyMatch(d -> d.contains("Action !GetParam") && d.contains("NotResource !Ref Excluded (read as excluding"));
    }

    @Test
    void moreThanSixteenAlternativesReadAsAnything() {
        StringBuilder regions = new StringBuilder("Mappings:\n  Actions:\n");
        for (int i = 0; i < TemplateValues.MAX_ALTERNATIVES + 1; i++) {
            regions.append("    region-").append(i).append(": {Read: 's3:GetObject").append(i).append("'}\n");
        }
        String template = regions + """
                Resources:
                  R:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument: {Statement: [{Effect: Allow, Action: !FindInMap [Actions, !Ref 'AWS::Region', Read], Resource: '*'}]}
                """;
        assertThat(resource(read(template), "R").traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_ACCOUNT_LEVEL);
        String sixteen = template.replace("    region-16: {Read: 's3:GetObject16'}\n", "");
        assertThat(resource(read(sixteen), "R").traits()).doesNotContain(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_ACCOUNT_LEVEL);
    }

    @Test
    void aSourceArnRestrictsOnlyWhenWrittenAsAnArnWithTheAccount() {
        String template = """
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                  R:
                    Type: AWS::SQS::QueuePolicy
                    Properties:
                      Queues: [q]
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: '*', Action: 'sqs:SendMessage', Resource: '*', Condition: {ArnEquals: {'aws:SourceArn': SOURCE}}}
                """;
        assertThat(resource(read(template.replace("SOURCE", "!Ref Topic")), "R").traits()).contains(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        assertThat(resource(read(template.replace("SOURCE", "!Sub 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${Topic.TopicName}'")), "R")
                .traits()).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    @Test
    void notActionKnownOnlyAtDeployTimeExcludesNothing() {
        ResourceChange r = role("                NotAction: [!Ref Actions]\n                Resource: '*'\n");
        assertThat(r.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(r.details()).anyMatch(d -> d.contains("NotAction !Ref Actions (read as excluding nothing)"));
    }

    @Test
    void aDenyKnownOnlyAtDeployTimeGrantsNothingAndSaysNothing() {
        CloudFormationTemplateReader.Read r = read(one("AWS::IAM::ManagedPolicy", """
                      PolicyDocument:
                        Statement:
                          - {Effect: Deny, Action: !Ref Actions, Resource: '*'}
                          - {Effect: Allow, Action: 's3:GetObject', Resource: !GetAtt Bucket.Arn}
                """));
        assertThat(resource(r, "R").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void longFormFunctionsInJsonTemplatesAreReadToo() {
        String json = """
                {"AWSTemplateFormatVersion": "2010-09-09",
                 "Mappings": {"Actions": {"eu-west-1": {"Admin": "s3:GetObject"}, "us-east-1": {"Admin": "*"}}},
                 "Resources": {
                   "Joined": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": {"Fn::Join": [":", ["iam", "*"]]}, "Resource": "*"}]}}},
                   "Mapped": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": {"Fn::FindInMap": ["Actions", {"Ref": "AWS::Region"}, "Admin"]}, "Resource": "*"}]}}},
                   "Selected": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": {"Fn::Select": [1, ["s3:GetObject", "iam:CreateAccessKey"]]}, "Resource": "*"}]}}},
                   "Split": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": {"Fn::Split": [",", "s3:GetObject,iam:AttachUserPolicy"]}, "Resource": "*"}]}}},
                   "Narrow": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": {"Fn::FindInMap": ["Actions", "eu-west-1", "Admin"]}, "Resource": "*"}]}}}}}
                """;
        CloudFormationTemplateReader.Read r = reader.read("infra/stack.json", utf8(json), null, ResourceAction.CREATE);
        for (String id : List.of("Joined", "Mapped", "Selected", "Split")) {
            assertThat(resource(r, id).traits()).as(id).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        }
        assertThat(resource(r, "Narrow").traits()).doesNotContain(ResourceTrait.IAM_ACCOUNT_LEVEL);
    }

    @Test
    void aStatementOrDocumentKnownOnlyAtDeployTimeFailsClosed() {
        ResourceChange statement = resource(read(one("AWS::IAM::Policy", """
                      PolicyName: p
                      PolicyDocument:
                        Statement: [!ImportValue shared-statement]
                """)), "R");
        assertThat(statement.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(statement.details()).anyMatch(d -> d.contains("a statement !ImportValue shared-statement"));

        CloudFormationTemplateReader.Read document = read(one("AWS::S3::BucketPolicy", "      Bucket: b\n      PolicyDocument: !Ref Actions\n"));
        assertThat(resource(document, "R").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_WILDCARD_ACTION);
        assertThat(document.notes()).singleElement().satisfies(n -> assertThat(n.message())
                .contains("PolicyDocument is !Ref Actions, known only at deploy time").endsWith(IamPolicyAnalysis.FAIL_CLOSED));

        // a parameter spliced into JSON text can add statements of its own
        ResourceChange spliced = resource(read(one("AWS::Logs::ResourcePolicy", """
                      PolicyName: p
                      PolicyDocument: !Sub '{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"${Actions}"}]}'
                """)), "R");
        assertThat(spliced.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(spliced.details()).anyMatch(d -> d.contains("known only at deploy time (${Actions})"));
    }

    // ------------------------------------------------------------------ SAM

    @Test
    void samFunctionPoliciesAreReadAndPolicyTemplatesFailClosed() {
        CloudFormationTemplateReader.Read r = read("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Admin:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: app.handler
                      Runtime: python3.12
                      Policies: [AdministratorAccess]
                  Inline:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: !GetAtt SomeRole.Arn
                      Policies:
                        - Statement: [{Effect: Allow, Action: 'iam:CreatePolicyVersion', Resource: '*'}]
                  Templated:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - S3ReadPolicy: {BucketName: !Ref Bucket}
                  Basic:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: app.handler
                      FunctionUrlConfig: {AuthType: NONE}
                  SomeRole:
                    Type: AWS::IAM::Role
                  Bucket: {Type: AWS::S3::Bucket}
                """);
        assertThat(resource(r, "Admin").traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "Admin").details()).contains("attaches AdministratorAccess");
        assertThat(resource(r, "Inline").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(resource(r, "Templated").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n.message()).contains("Templated (AWS::Serverless::Function)")
                .contains("SAM policy template S3ReadPolicy is not expanded"));
        assertThat(resource(r, "Basic").traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        assertThat(resource(r, "Basic").details()).contains("creates its execution role (no Role given): AWSLambdaBasicExecutionRole and its Policies",
                "function URL with AuthType NONE: anyone can invoke it (public)");
    }

    @Test
    void aSamFunctionsBoundaryFromGlobalsIsItsBoundary() {
        String before = """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function: {PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: app.handler, Role: arn:aws:iam::123456789012:role/fn}
                """;
        String after = before.replace("policy/boundary}", "policy/wider}");
        ResourceChange r = resource(reader.read("s.yaml", utf8(after), utf8(before), ResourceAction.UPDATE), "Fn");
        assertThat(r.traits()).contains(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(r.details().get(0)).isEqualTo("changes permissions boundary from arn:aws:iam::123456789012:policy/boundary"
                + " to arn:aws:iam::123456789012:policy/wider");
        assertThat(resource(read(before), "Fn").details().get(0)).isEqualTo("sets permissions boundary arn:aws:iam::123456789012:policy/boundary");
    }

    @Test
    void samManagedArnsTrustPoliciesAndApiResourcePoliciesAreRead() {
        CloudFormationTemplateReader.Read r = read("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies: [arn:aws:iam::aws:policy/AmazonS3FullAccess]
                      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: sts:AssumeRole}]}
                  Api:
                    Type: AWS::Serverless::Api
                    Properties:
                      StageName: prod
                      Auth:
                        ResourcePolicy:
                          CustomStatements: [{Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*'}]
                """);
        ResourceChange fn = resource(r, "Fn");
        assertThat(fn.traits()).contains(ResourceTrait.IAM_TRUST_POLICY, ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(fn.details()).anyMatch(d -> d.contains("AmazonS3FullAccess") && d.endsWith(IamPolicyAnalysis.FAIL_CLOSED));
        assertThat(resource(r, "Api").traits()).contains(ResourceTrait.IAM, ResourceTrait.IAM_PUBLIC_PRINCIPAL);
    }

    // ------------------------------------------------------------------ other resources

    @Test
    void otherResourcesArePlainWithTheTraitsOfTheirType() {
        CloudFormationTemplateReader.Read r = read("""
                Resources:
                  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub '${AWS::StackName}-logs'}}
                  Secret: {Type: AWS::SecretsManager::Secret}
                  Ingress: {Type: AWS::EC2::SecurityGroupIngress, Properties: {CidrIp: 0.0.0.0/0, IpProtocol: tcp}}
                  Cert: {Type: AWS::CertificateManager::Certificate, Properties: {DomainName: example.com}}
                  Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://s3.amazonaws.com/b/child.yaml}}
                  Hook: {Type: Custom::Seed, Properties: {ServiceToken: !ImportValue seed-fn}}
                """);
        assertThat(r.template()).isTrue();
        assertThat(resource(r, "Bucket").traits()).isEmpty();
        assertThat(resource(r, "Secret").traits()).containsExactly(ResourceTrait.SECRET);
        assertThat(resource(r, "Ingress").traits()).containsExactly(ResourceTrait.NETWORK_POLICY);
        assertThat(resource(r, "Cert").traits()).containsExactly(ResourceTrait.CERTIFICATE);
        assertThat(resource(r, "Child").traits()).containsExactly(ResourceTrait.IAM);
        assertThat(resource(r, "Child").details()).singleElement().asString().startsWith("a nested stack (https://s3.amazonaws.com/b/child.yaml)");
        assertThat(resource(r, "Hook").traits()).isEmpty();
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aTransformThatRewritesTheTemplateFailsClosed() {
        CloudFormationTemplateReader.Read macro = read("Transform: [AWS::Serverless-2016-10-31, AcmeMacro]\nResources:\n  B: {Type: AWS::S3::Bucket}\n");
        ResourceChange t = resource(macro, "(transform)");
        assertThat(t.type()).isEqualTo(CloudFormationTemplateReader.UNREADABLE_TEMPLATE);
        assertThat(t.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_PERMISSION_BOUNDARY);
        assertThat(macro.notes()).singleElement().satisfies(n -> assertThat(n.message()).contains("Transform AcmeMacro (a macro)"));

        CloudFormationTemplateReader.Read include = read("""
                Resources:
                  B:
                    Type: AWS::S3::Bucket
                    Properties:
                      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/snippet.yaml}}
                """);
        assertThat(resource(include, "(transform)").traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
        assertThat(include.notes()).singleElement().satisfies(n -> assertThat(n.message()).contains("Fn::Transform AWS::Include"));

        assertThat(read("Transform: AWS::LanguageExtensions\nResources:\n  B: {Type: AWS::S3::Bucket}\n").resources())
                .extracting(ResourceChange::name).containsExactly("B");
    }

    @Test
    void forEachLoopsAreReadWithTheirIdentifierKnownOnlyAtDeployTime() {
        CloudFormationTemplateReader.Read r = read("""
                Transform: AWS::LanguageExtensions
                Resources:
                  Fn::ForEach::Roles:
                    - Name
                    - [a, b]
                    - Role${Name}:
                        Type: AWS::IAM::Role
                        Properties:
                          Policies:
                            - PolicyName: p
                              PolicyDocument: {Statement: [{Effect: Allow, Action: !Sub '${Name}:*', Resource: '*'}]}
                """);
        assertThat(resource(r, "Role${Name}").traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_ACCOUNT_LEVEL);
    }

    // ------------------------------------------------------------------ what is a template

    @Test
    void manifestsPolicyDocumentsAndOtherYamlAreNotTemplates() {
        for (String text : List.of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {Resources: 'AWS::S3::Bucket'}\n",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                "Resources:\n  limits: {cpu: 1}\n", "resources:\n  Resources:\n    R: {Type: AWS::IAM::Role}\n", "", "- a\n- b\n")) {
            assertThat(read(text).template()).as(text).isFalse();
        }
        assertThat(read("AWSTemplateFormatVersion: '2010-09-09'\nDescription: nothing yet\n").template()).isTrue();
    }

    @Test
    void aTemplateThatIsAlsoAManifestSaysSo() {
        assertThat(read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nResources:\n  B: {Type: AWS::S3::Bucket}\n")
                .alsoManifestOrPolicy()).isTrue();
        assertThat(read("Resources:\n  B: {Type: AWS::S3::Bucket}\n").alsoManifestOrPolicy()).isFalse();
    }

    @Test
    void everyShortFormIsAccepted() {
        CloudFormationTemplateReader.Read r = read("""
                Conditions:
                  A: !Equals [!Ref 'AWS::Region', eu-west-1]
                  B: !Not [!Condition A]
                  C: !And [!Condition A, !Or [!Condition B, !Condition A]]
                Resources:
                  Vpc:
                    Type: AWS::EC2::VPC
                    Properties:
                      CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties:
                      AvailabilityZone: !Select [0, !GetAZs '']
                      VpcId: !ImportValue shared-vpc
                      Tags: [{Key: k, Value: !Join ['-', !Split [',', 'a,b']]}]
                  Instance:
                    Type: AWS::EC2::Instance
                    Properties:
                      UserData: !Base64 {'Fn::Sub': 'echo ${AWS::StackName}'}
                      ImageId: !FindInMap [Images, !Ref 'AWS::Region', Id]
                      SubnetId: !If [C, !GetAtt [Subnet, SubnetId], !Ref Subnet]
                      Role: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/x}}
                """);
        assertThat(r.template()).isTrue();
        assertThat(r.resources()).extracting(ResourceChange::name).contains("Vpc", "Subnet", "Instance", "(transform)");
    }

    // ------------------------------------------------------------------ strict reading

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> read("Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Type: AWS::IAM::Role\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("infra/stack.yaml").hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> read("Resources:\n  R: {Type: AWS::S3::Bucket}\nResources:\n  A: {Type: AWS::IAM::Role}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> reader.read("s.json", utf8("{\"Resources\":{\"R\":{\"Type\":\"AWS::S3::Bucket\",\"Type\":\"AWS::IAM::Role\"}}}"),
                null, ResourceAction.CREATE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("s.json")
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void unknownTagsAreRefused() {
        assertThatThrownBy(() -> read("Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Rain::Embed x}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("!Rain::Embed")
                .hasMessageContaining("is not a CloudFormation intrinsic function").hasMessageContaining("!GetAtt");
        assertThatThrownBy(() -> read("Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !!python/object x}\n"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsAreEnforced() {
        InputLimits small = InputLimits.defaults();
        StringBuilder aliases = new StringBuilder("Mappings:\n  M: &m {a: {b: c}}\nResources:\n  R: {Type: AWS::S3::Bucket}\nOutputs:\n");
        for (int i = 0; i < small.maxYamlAliases() + 1; i++) {
            aliases.append("  O").append(i).append(": *m\n");
        }
        assertThatThrownBy(() -> read(aliases.toString())).isInstanceOf(InvalidInputException.class).hasMessageContaining("aliases");
        String deep = "Resources:\n  R: {Type: AWS::S3::Bucket, Properties: " + "[".repeat(small.maxNestingDepth() + 5)
                + "]".repeat(small.maxNestingDepth() + 5) + "}\n";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(InvalidInputException.class).hasMessageContaining("nesting");
        CloudFormationTemplateReader tiny = new CloudFormationTemplateReader(new InputLimits(1024, 64, 10, 10, 20, 50, 1024));
        assertThatThrownBy(() -> tiny.read("s.yaml", utf8("Resources:\n  R: {Type: AWS::S3::Bucket, Properties: {BucketName: "
                + "x".repeat(100) + "}}\n"), null, ResourceAction.CREATE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxManifestBytes");
    }

    @Test
    void malformedTemplatesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> read("Resources:\n  'Admin Role': {Type: AWS::IAM::Role}\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a CloudFormation logical id");
        assertThatThrownBy(() -> read("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R: {Properties: {}}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("resource R has no Type");
        assertThatThrownBy(() -> read("Resources:\n  R: {Type: AWS::IAM::R\u043ele}\n  B: {Type: AWS::S3::Bucket}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\\u{043E}");
        assertThatThrownBy(() -> read("AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Resources is not a mapping");
        assertThatThrownBy(() -> read("Resources:\n  R: {Type: AWS::IAM::Role}\n---\nResources:\n  B: {Type: AWS::S3::Bucket}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 YAML documents");
        assertThatThrownBy(() -> read("Resources:\n  R: {Type: AWS::IAM::Role\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid YAML");
    }

    // ------------------------------------------------------------------ what a change of a template changes

    @Test
    void aModifiedTemplateChangesOnlyWhatDiffers() {
        String before = """
                Resources:
                  Admin:
                    Type: AWS::IAM::Role
                    Properties:
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                  Logs: {Type: AWS::S3::Bucket, Properties: {BucketName: logs}}
                  Old: {Type: AWS::SQS::Queue}
                """;
        String after = before.replace("BucketName: logs", "BucketName: logs-v2").replace("  Old: {Type: AWS::SQS::Queue}\n",
                "  New: {Type: AWS::SNS::Topic}\n");
        CloudFormationTemplateReader.Read r = reader.read("infra/stack.yaml", utf8(after), utf8(before), ResourceAction.UPDATE);
        assertThat(r.resources()).extracting(ResourceChange::name, ResourceChange::action).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Logs", ResourceAction.UPDATE), org.assertj.core.groups.Tuple.tuple("New", ResourceAction.CREATE),
                org.assertj.core.groups.Tuple.tuple("Old", ResourceAction.DELETE));

        // a section resources read changed: every resource counts as updated
        String parameters = "Parameters:\n  Stage: {Type: String, Default: prod}\n" + before;
        assertThat(reader.read("infra/stack.yaml", utf8(parameters), utf8(before), ResourceAction.UPDATE).resources())
                .extracting(ResourceChange::name).containsExactlyInAnyOrder("Admin", "Logs", "Old");
        // a description or output changed: nothing a resource reads
        String described = "Description: the stack\nOutputs:\n  A: {Value: !Ref Admin}\n" + before;
        assertThat(reader.read("infra/stack.yaml", utf8(described), utf8(before), ResourceAction.UPDATE).resources()).isEmpty();
        // the previous version cannot be read: every resource is updated
        assertThat(reader.read("infra/stack.yaml", utf8(after), utf8("Resources: {R: {Type: AWS::S3::Bucket, Type: x}}"),
                ResourceAction.UPDATE).resources()).extracting(ResourceChange::action).containsOnly(ResourceAction.UPDATE).hasSize(3);
        // deleting the file deletes every resource, read from its last content
        assertThat(reader.read("infra/stack.yaml", utf8(before), null, ResourceAction.DELETE).resources())
                .allSatisfy(x -> assertThat(x.action()).isEqualTo(ResourceAction.DELETE))
                .filteredOn(x -> x.name().equals("Admin")).singleElement()
                .satisfies(x -> assertThat(x.details()).contains("detaches AdministratorAccess"));
    }

    @Test
    void timestampsAndBooleansReadAsCloudFormationReadsThem() {
        ResourceChange r = resource(read(one("AWS::IAM::ManagedPolicy", """
                      PolicyDocument:
                        Version: 2012-10-17
                        Statement:
                          - Effect: Allow
                            Action: 's3:GetObject'
                            Resource: '*'
                            Condition: {Bool: {'aws:SecureTransport': true}}
                """)), "R");
        assertThat(r.details()).noneMatch(d -> d.endsWith(IamPolicyAnalysis.FAIL_CLOSED));
        assertThat(r.traits()).containsExactlyInAnyOrder(ResourceTrait.IAM, ResourceTrait.IAM_WILDCARD_RESOURCE);
    }
}
