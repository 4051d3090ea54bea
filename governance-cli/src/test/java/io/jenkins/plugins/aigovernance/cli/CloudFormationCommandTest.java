package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov risk} and {@code aigov scope} on CloudFormation templates in a real repository: an agent's commit that adds an
 * administrator role is account-level IAM and denied by {@code ai-no-iam}, by the resource's address and type.
 */
class CloudFormationCommandTest {

    private static final PersonIdent AGENT = new PersonIdent("Claude", "noreply@anthropic.com");
    private static final PersonIdent ALICE = new PersonIdent("Alice Smith", "alice@corp.example");
    private static final String STACK = """
            AWSTemplateFormatVersion: '2010-09-09'
            Description: the deploy role
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: 2012-10-17
                    Statement:
                      - Effect: Allow
                        Principal: {Federated: !Sub 'arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com'}
                        Action: sts:AssumeRoleWithWebIdentity
                  Policies:
                    - PolicyName: deploy
                      PolicyDocument:
                        Version: 2012-10-17
                        Statement:
                          - Effect: Allow
                            Action: '*'
                            Resource: '*'
            """;

    @TempDir
    Path dir;

    private Path repo;
    private Git git;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void repository() throws Exception {
        repo = dir.resolve("repo");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        commit("README.md", "# app\n", ALICE);
    }

    @AfterEach
    void close() {
        git.close();
    }

    private void commit(String path, String content, PersonIdent who) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        git.add().addFilepattern(".").call();
        git.commit().setMessage("change").setAuthor(who).setCommitter(who).setSign(false).call();
    }

    @Test
    void anAgentsTemplateWithAnAdministratorRoleIsCriticalAndDeniedByAiNoIam() throws Exception {
        commit("infra/deploy-role.yaml", STACK, AGENT);

        AigovRun risk = AigovRun.of("risk", "--repo", repo.toString(), "-e", "staging", "--json");
        assertThat(risk.code()).as(risk.err()).isZero();
        JsonNode doc = json.readTree(risk.out());
        assertThat(doc.get("tier").asText()).as(doc.toString()).isEqualTo("CRITICAL");
        assertThat(doc.get("reasons").findValuesAsText("rule")).contains("account-level-iam", "iam-documents");
        assertThat(doc.get("reasons").toString()).contains("infra/deploy-role.yaml#DeployRole");
        AigovRun text = AigovRun.of("risk", "--repo", repo.toString(), "-e", "staging");
        assertThat(text.out()).contains("CRITICAL").contains("Account-level IAM").contains("infra/deploy-role.yaml#DeployRole");

        AigovRun scope = AigovRun.of("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(scope.code()).as(scope.out()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(scope.out()).contains("ai-no-iam").contains("infra/deploy-role.yaml#DeployRole").contains("AWS::IAM::Role");
    }

    @Test
    void aHumansTemplateIsScoredTheSameAndTheScopeGateLetsAPersonThrough() throws Exception {
        commit("infra/deploy-role.yaml", STACK, ALICE);

        JsonNode doc = json.readTree(AigovRun.of("risk", "--repo", repo.toString(), "-e", "staging", "--json").out());
        assertThat(doc.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("summary").path("resources").asInt()).isEqualTo(1);
        assertThat(doc.get("touches").toString()).contains("\"iam\"");
        AigovRun scope = AigovRun.of("scope", "--repo", repo.toString(), "-e", "staging");
        assertThat(scope.out()).doesNotContain("ai-no-iam");
    }
}
