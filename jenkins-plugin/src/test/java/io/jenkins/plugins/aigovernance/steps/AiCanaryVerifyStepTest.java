package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class AiCanaryVerifyStepTest {

    private static final String CONFIGURED = "https://prometheus.example.com/prom";

    @Test
    void theConfiguredServerIsRecognisedInItsUsualSpellings() {
        assertThat(AiCanaryVerifyStep.sameServer(CONFIGURED, CONFIGURED), is(true));
        assertThat(AiCanaryVerifyStep.sameServer("https://prometheus.example.com/prom/", CONFIGURED), is(true));
        assertThat(AiCanaryVerifyStep.sameServer("HTTPS://Prometheus.Example.com:443/prom", CONFIGURED), is(true));
        assertThat(AiCanaryVerifyStep.sameServer(" https://prometheus.example.com/prom ", CONFIGURED), is(true));
    }

    @Test
    void anyOtherServerIsNot() {
        assertThat(AiCanaryVerifyStep.sameServer("http://prometheus.example.com/prom", CONFIGURED), is(false));
        assertThat(
                AiCanaryVerifyStep.sameServer("https://prometheus.example.com.evil.test/prom", CONFIGURED), is(false));
        assertThat(AiCanaryVerifyStep.sameServer("https://prometheus.example.com:8443/prom", CONFIGURED), is(false));
        assertThat(AiCanaryVerifyStep.sameServer("https://prometheus.example.com/other", CONFIGURED), is(false));
        assertThat(
                AiCanaryVerifyStep.sameServer("https://evil.test@prometheus.example.com/prom", CONFIGURED), is(false));
        assertThat(AiCanaryVerifyStep.sameServer("https://prometheus.example.com/prom?x=1", CONFIGURED), is(false));
        assertThat(AiCanaryVerifyStep.sameServer("not a url", CONFIGURED), is(false));
        assertThat(AiCanaryVerifyStep.sameServer(CONFIGURED, null), is(false));
    }
}
