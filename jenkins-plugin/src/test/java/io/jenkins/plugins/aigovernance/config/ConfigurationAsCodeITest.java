package io.jenkins.plugins.aigovernance.config;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeITest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void configuresEverySettingAndExportsThemBack(JenkinsConfiguredWithCodeRule r, @TempDir Path tmp) throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        assertThat(config.getDefaultPolicy(), containsString("name: company"));
        assertThat(config.parsedDefaultPolicy().versionLabel(), containsString("company@3"));
        assertThat(config.getApproverGroups().get(0).getPolicyGroup(), is("platform-leads"));
        assertThat(config.policyGroupsOf(List.of("sre")), contains("sre", "platform-leads"));
        assertThat(config.isAiAgentAccount("Claude-Bot"), is(true));
        assertThat(config.getNotificationEndpoints().get(0).getCredentialsId(), is("slack-approvals-webhook"));
        assertThat(config.getNotificationEndpoints().get(0).getVariable(), is("SLACK_APPROVALS_URL"));
        assertThat(config.getPrometheusUrl(), is("https://prometheus.example.com"));
        assertThat(config.getPrometheusCredentialsId(), is("prometheus-token"));
        assertThat(config.getOidcSigningKeyCredentialsId(), is("ai-governance-apply-key"));
        assertThat(config.getOidcAudience(), is("sts.amazonaws.com"));
        assertThat(config.getOpaUrl(), is("http://opa.internal:8181"));
        assertThat(config.getOpaPackage(), is("org.ai_scope"));
        assertThat(config.getOpaTimeoutSeconds(), is(7));

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = toYamlString(getUnclassifiedRoot(context).get("aiGovernance"));
        assertThat(exported, containsString("claude-bot"));
        assertThat(exported, containsString("platform-leads"));
        assertThat(exported, containsString("https://prometheus.example.com"));
        assertThat(exported, containsString("ai-governance-apply-key"));

        // round trip: wipe, apply what was exported, get the same settings
        config.setApproverGroups(List.of());
        config.setAiAgentAccounts(List.of());
        config.setPrometheusUrl(null);
        config.setOidcAudience(null);
        config.setOpaUrl(null);
        config.setOpaTimeoutSeconds(null);
        Path file = tmp.resolve("exported.yml");
        String indented = exported.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
        Files.writeString(file, "unclassified:\n  aiGovernance:\n" + indented + "\n", StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());

        assertThat(config.getApproverGroups().get(0).getJenkinsGroups(), is("ldap-platform, sre"));
        assertThat(config.isAiAgentAccount("claude-bot"), is(true));
        assertThat(config.getPrometheusUrl(), is("https://prometheus.example.com"));
        assertThat(config.getOidcAudience(), is("sts.amazonaws.com"));
        assertThat(config.getOpaUrl(), is("http://opa.internal:8181"));
        assertThat(config.getOpaTimeoutSeconds(), is(7));
    }
}
