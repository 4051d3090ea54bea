package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used; every problem names the file, line and field. */
public class PolicyException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final transient List<PolicyProblem> problems;

    public PolicyException(String file, List<PolicyProblem> problems) {
        super(file, "invalid policy (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ")\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
