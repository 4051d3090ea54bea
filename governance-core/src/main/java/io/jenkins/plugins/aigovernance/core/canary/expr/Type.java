package io.jenkins.plugins.aigovernance.core.canary.expr;

/** The static types of the condition language; every expression has one, known after parsing. */
public enum Type {
    NUMBER("number"), BOOLEAN("boolean"), LIST("list of numbers"), PREDICATE("predicate {…}");

    private final String label;

    Type(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
