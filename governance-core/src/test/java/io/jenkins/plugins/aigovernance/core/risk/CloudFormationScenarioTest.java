package io.jenkins.plugins.aigovernance.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.change.ChangedFileReader;
import io.jenkins.plugins.aigovernance.core.change.CloudFormationTemplateReader;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import io.jenkins.plugins.aigovernance.core.scope.ScopeViolation;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudFormation templates among the changed files, end to end through the engine over real repositories: their IAM is
 * scored and gated like any IAM, a template that cannot be read fails closed alone, a template is read once and only as a
 * template, and a modified template changes only what differs from its previous version.
 */
class CloudFormationScenarioTest {

    private static final PersonIdent AGENT = GitFixture.person("Claude", "noreply@anthropic.com");
    private static final String ADMIN_ROLE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Admin:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
                  ManagedPolicyArns:
                    - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'
              Logs:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub '${AWS::StackName}-logs'
            """;

    @TempDir
    Path dir;

    private GitFixture git;
    private String base;
    private final GovernanceEngine engine = new GovernanceEngine(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void baseRepository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# shop\n").write("src/app.py", "print(1)\n");
        base = git.commit("initial import").name();
    }

    private ChangeContext analyze(String environment) {
        return engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, null, environment, null));
    }

    private static List<String> rules(RiskAssessment a) {
        return a.reasons().stream().map(RiskReason::rule).toList();
    }

    private ScopeDecision scope(ChangeContext ctx) {
        return new ScopeEvaluator(ctx.policy(), engine.clock()).evaluate(ctx, List.of());
    }

    @Test
    void anAgentsTemplateWithAnAdministratorRoleIsCriticalAndDenied() {
        git.write("infra/stack.yaml", ADMIN_ROLE).commit("add the stack", AGENT);

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("infra/stack.yaml#Admin", "infra/stack.yaml#Logs");
        assertThat(ctx.change().resources()).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(ResourceSource.CLOUDFORMATION);
            assertThat(r.action()).isEqualTo(ResourceAction.CREATE);
        });
        RiskAssessment a = engine.assessRisk(ctx);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("account-level-iam")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).contains("infra/stack.yaml#Admin"));
        assertThat(rules(a)).contains("iam-documents");
        ScopeDecision d = scope(ctx);
        assertThat(d.allowed()).isFalse();
        assertThat(d.violations()).extracting(ScopeViolation::rule).contains("ai-no-iam");
    }

    @Test
    void policyRulesSelectTemplateResourcesBySourceAndTypeAndOpaSeesThem() {
        git.write(".ai-governance.yml", """
                apiVersion: ai-governance/v1
                risk:
                  rules:
                    - id: stack-roles
                      tier: CRITICAL
                      reason: Roles of our stacks
                      match:
                        sources: [cloudformation]
                        resourceTypes: ["AWS::IAM::Role"]
                """);
        base = git.commit("policy").name();
        git.write("infra/app.yaml", """
                Resources:
                  AppRole:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
                """).commit("an app role");

        ChangeContext ctx = analyze("staging");
        RiskAssessment a = engine.assessRisk(ctx);
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("stack-roles")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("infra/app.yaml#AppRole"));
        io.jenkins.plugins.aigovernance.core.scope.OpaInput input = io.jenkins.plugins.aigovernance.core.scope.OpaInput.of(ctx, a);
        assertThat(input.resourceChanges()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("infra/app.yaml#AppRole");
            assertThat(r.type()).isEqualTo("AWS::IAM::Role");
            assertThat(r.source()).isEqualTo("cloudformation");
            assertThat(r.file()).isEqualTo("infra/app.yaml");
            assertThat(r.traits()).containsExactly("iam", "iam-trust-policy");
            assertThat(r.change().actions()).containsExactly("create");
        });
    }

    @Test
    void aTemplateFileNamedDotTemplateIsReadAsJsonOrYaml() {
        git.write("cfn/site.template", """
                {"AWSTemplateFormatVersion": "2010-09-09",
                 "Resources": {"Site": {"Type": "AWS::S3::Bucket"},
                   "Open": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Site"}, "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                      "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["Site", "Arn"]}, "/*"]]}}]}}}}}
                """).write("config/app.template", "listen {{ port }};\n").commit("a public site");

        RiskAssessment a = engine.assessRisk(analyze("staging"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("iam-public-principal");
        assertThat(a.notes()).isEmpty();
    }

    @Test
    void anEditOfAnotherResourceLeavesTheRoleOut() {
        git.write("infra/stack.yaml", ADMIN_ROLE).commit("the stack");
        base = git.resolve("HEAD").name();
        git.write("infra/stack.yaml", ADMIN_ROLE.replace("-logs'", "-audit-logs'")).commit("rename the bucket", AGENT);

        ChangeContext ctx = analyze(null);
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("infra/stack.yaml#Logs");
            assertThat(r.action()).isEqualTo(ResourceAction.UPDATE);
        });
        RiskAssessment a = engine.assessRisk(ctx);
        // infrastructure of an unknown environment counts as production
        assertThat(rules(a)).contains("production-infrastructure").doesNotContain("account-level-iam", "iam-documents");
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(scope(ctx).violations()).extracting(ScopeViolation::rule).doesNotContain("ai-no-iam");
    }

    @Test
    void removingAResourceFromATemplateDeletesIt() {
        git.write("infra/stack.yaml", ADMIN_ROLE).commit("the stack");
        base = git.resolve("HEAD").name();
        String withoutRole = ADMIN_ROLE.substring(0, ADMIN_ROLE.indexOf("  Admin:")) + ADMIN_ROLE.substring(ADMIN_ROLE.indexOf("  Logs:"));
        git.write("infra/stack.yaml", withoutRole).commit("drop the role");

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("infra/stack.yaml#Admin");
            assertThat(r.action()).isEqualTo(ResourceAction.DELETE);
            assertThat(r.details()).contains("detaches AdministratorAccess");
        });
        assertThat(engine.assessRisk(ctx).summary().destroyed()).isEqualTo(1);
    }

    @Test
    void anUnreadableTemplateFailsClosedForThatFileOnly() {
        git.write("infra/stack.yaml", ADMIN_ROLE.replace("  Logs:\n", "  Admin:\n    Type: AWS::SNS::Topic\n  Logs:\n"))
                .write("k8s/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop-staging}\ndata: {a: b}\n");
        git.commit("a template with a repeated logical id", AGENT);

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("infra/stack.yaml", "ConfigMap/shop-staging/app");
        ResourceChange failed = ctx.change().resources().stream().filter(r -> r.type().equals(CloudFormationTemplateReader.UNREADABLE_TEMPLATE))
                .findFirst().orElseThrow();
        assertThat(failed.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_PUBLIC_PRINCIPAL, ResourceTrait.IAM_PERMISSION_BOUNDARY);
        RiskAssessment a = engine.assessRisk(ctx);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(a.notes()).filteredOn(n -> n.kind() == InputNote.Kind.READ_FAIL_CLOSED).singleElement().satisfies(n -> {
            assertThat(n.input()).isEqualTo("infra/stack.yaml");
            assertThat(n.message()).contains("cannot be read as a CloudFormation template").contains("duplicate key")
                    .contains("read as an administrator role anyone can assume");
        });
        assertThat(scope(ctx).allowed()).isFalse();
    }

    @Test
    void aDeletedTemplateThatCannotBeReadAddsNothing() {
        git.write("infra/broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R: {Type: AWS::S3::Bucket, Type: x}\n")
                .commit("broken");
        base = git.resolve("HEAD").name();
        git.delete("infra/broken.yaml").commit("remove it");

        RiskAssessment a = engine.assessRisk(analyze("staging"));
        assertThat(a.summary().resources()).isZero();
        assertThat(a.notes()).isEmpty();
    }

    @Test
    void aTemplateIsReadOnlyAsATemplateEvenWhenItEmbedsAManifest() {
        // an EKS stack with a manifest in a property: the lines apiVersion: and kind: made it look like an unreadable manifest
        git.write("infra/eks.yaml", """
                AWSTemplateFormatVersion: '2010-09-09'
                Parameters:
                  Cluster: {Type: String}
                Resources:
                  Manifest:
                    Type: AWSQS::Kubernetes::Resource
                    Properties:
                      ClusterName: !Ref Cluster
                      Manifest: |
                        apiVersion: v1
                        kind: Namespace
                        metadata: {name: apps}
                """).commit("an EKS stack");

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(ResourceSource.CLOUDFORMATION);
            assertThat(r.type()).isEqualTo("AWSQS::Kubernetes::Resource");
        });
        assertThat(engine.assessRisk(ctx).notes()).isEmpty();
    }

    @Test
    void aFileThatIsATemplateAndAManifestAtOnceIsReadAsBoth() {
        git.write("deploy/both.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: everyone-admin}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}]
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                """).commit("a binding that also looks like a stack");

        assertThat(analyze("staging").change().resources()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("deploy/both.yaml#Topic", "ClusterRoleBinding/everyone-admin");
    }

    @Test
    void aManifestThatHoldsATemplateIsStillAManifest() {
        git.write("k8s/cfn.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: stack, namespace: shop-staging}
                data:
                  template.yaml: |
                    Resources:
                      Admin: {Type: AWS::IAM::Role}
                """).commit("a config map holding a template");

        assertThat(analyze("staging").change().resources()).extracting(ResourceChange::address).containsExactly("ConfigMap/shop-staging/stack");
    }

    @Test
    void anOversizedTemplateFailsClosedWhereverItsMarkersAre() {
        StringBuilder big = new StringBuilder("Description: padded\nMetadata:\n");
        while (big.length() < 9 * 1024 * 1024) {
            big.append("  k").append(big.length()).append(": ").append("x".repeat(200)).append('\n');
        }
        big.append("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Admin: {Type: AWS::IAM::Role}\n");
        git.write("infra/huge.yaml", big.toString()).commit("a huge template");

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> assertThat(r.type()).isEqualTo(CloudFormationTemplateReader.UNREADABLE_TEMPLATE));
        assertThat(engine.assessRisk(ctx).notes()).singleElement().satisfies(n -> assertThat(n.message()).contains("over the limit"));
    }

    @Test
    void renamingATemplateToANameThatIsNotReadDeletesItsResources() {
        git.write("infra/stack.yaml", ADMIN_ROLE).commit("the stack");
        base = git.resolve("HEAD").name();
        git.delete("infra/stack.yaml").write("infra/stack.yaml.bak", ADMIN_ROLE).commit("park it");

        assertThat(analyze("staging").change().resources()).extracting(ResourceChange::action).containsOnly(ResourceAction.DELETE).hasSize(2);
    }

    @Test
    void aTemplateStoredInGitLfsFailsClosed() {
        git.write("cfn/stack.template", "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a".repeat(64) + "\nsize 123\n")
                .commit("a template in LFS");

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> assertThat(r.type()).isEqualTo(CloudFormationTemplateReader.UNREADABLE_TEMPLATE));
        assertThat(engine.assessRisk(ctx).tier()).isEqualTo(RiskTier.CRITICAL);
    }

    @Test
    void aMinifiedJsonTemplateIsReadAsATemplateAndNotAgainAsAPolicy() {
        // a one-line JSON template (its Resources key after the brace): the statements inside are its resources'
        git.write("infra/stack.json", """
                {"Resources": {"Q": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": ["q"], "PolicyDocument": {
                  "Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}},
                                 "Action": "sqs:SendMessage", "Resource": "*"}]}}}}}
                """).commit("a queue policy");

        ChangeContext ctx = analyze("staging");
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("infra/stack.json#Q");
            assertThat(r.traits()).contains(ResourceTrait.IAM).doesNotContain(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        });
        assertThat(ctx.change().resources()).noneMatch(r -> r.type().equals(ChangedFileReader.UNREADABLE_MANIFEST));
    }
}
