package io.jenkins.plugins.aigovernance.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StepLabelsTest {

    @Test
    void showsOnlyTheNamedSimpleArguments() {
        assertThat(StepLabels.of(Map.of("base", "main", "secret", "x"), "base", "head"), is("base: main"));
        assertThat(StepLabels.of(Map.of("timeoutMinutes", 30), "timeoutMinutes"), is("timeoutMinutes: 30"));
        assertThat(StepLabels.of(Map.of("body", new Object()), "body"), nullValue());
    }

    @Test
    void longLabelsAreCut() {
        String label = StepLabels.of(Map.of("base", "x".repeat(100)), "base");
        assertThat(label.length(), is(60));
        assertThat(label.endsWith("…"), is(true));
    }
}
