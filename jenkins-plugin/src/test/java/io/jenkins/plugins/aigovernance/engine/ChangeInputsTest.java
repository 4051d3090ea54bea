package io.jenkins.plugins.aigovernance.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeInputsTest {

    private static final Path WS = Path.of("/work/space");

    @Test
    void defaultsToTheLastCommitAndResolvesPathsInTheWorkspace() {
        ChangeInputs in = new ChangeInputs(" ", null, "plan/tf.json", "k8s", "ops/policy.yml", "prod", "feature/x");

        ChangeRequest r = in.toRequest(WS, null);

        assertThat(r.base(), is("HEAD~1"));
        assertThat(r.head(), is("HEAD"));
        assertThat(r.plan(), is(WS.resolve("plan/tf.json")));
        assertThat(r.manifests(), is(WS.resolve("k8s")));
        assertThat(r.policyFile(), is(WS.resolve("ops/policy.yml")));
        assertThat(r.environment(), is("prod"));
        assertThat(r.branch(), is("feature/x"));
        assertThat(in.describe(), is("HEAD~1..HEAD, plan plan/tf.json, manifests k8s, environment prod"));
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefused() {
        ChangeInputs in = new ChangeInputs("a", "b", "../../etc/passwd", null, null, null, null);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> in.toRequest(WS, null));

        assertThat(e.input(), is("plan"));
    }

    @Test
    void anotherEnvironmentKeepsTheRest() {
        ChangeInputs in = new ChangeInputs("a", "b", null, null, null, "staging", null);

        assertThat(in.withEnvironment("prod").getEnvironment(), is("prod"));
        assertThat(in.withEnvironment(null).getEnvironment(), is("staging"));
        assertThat(in.withEnvironment("prod").getBase(), is("a"));
        assertThat(in.getPlan(), nullValue());
    }

    @Test
    void extraStatesResolveInTheWorkspaceAndSurviveAnotherEnvironment() {
        ChangeInputs in = new ChangeInputs("a", "b", "tf.json", null, null, "staging", null)
                .withStates(Arrays.asList("states/net.json", " ", null, "states/apps.json"));

        ChangeRequest r = in.withEnvironment("prod").toRequest(WS, null);

        assertThat(r.states(), is(List.of(WS.resolve("states/net.json"), WS.resolve("states/apps.json"))));
        assertThat(
                in.describe(), is("a..b, plan tf.json, states states/net.json states/apps.json, environment staging"));
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> in.withStates(List.of("../other/state.json")).toRequest(WS, null));
        assertThat(e.input(), is("states"));
    }
}
