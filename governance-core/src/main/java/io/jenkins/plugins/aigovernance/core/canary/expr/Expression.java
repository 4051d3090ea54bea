package io.jenkins.plugins.aigovernance.core.canary.expr;

import java.util.List;
import java.util.Objects;

/**
 * A parsed condition over a metric query's result: {@code result[0] < 0.02},
 * {@code all(result, {# < 1.5})}, {@code len(result) > 0 && avg(result) <= 0.3}.
 *
 * <p>The language is small and closed: numbers, {@code true}/{@code false}, {@code result} (the list
 * of values the query returned), {@code result[i]}, {@code #} (the element inside a predicate),
 * {@code + - * /}, comparisons {@code < <= > >= == !=}, {@code && || !}, parentheses, and the
 * functions {@code len, all, any, none, avg, min, max, sum, isNaN, isInf}; {@link Dialect#ARGO} reads Argo Rollouts' spelling. Nothing else parses: no other names,
 * no assignment, no strings, no method calls, no reflection, no script engine. Types are checked when
 * parsing. Every comparison involving NaN is false; indexing past the end (for instance
 * {@code result[0]} of an empty result) is an evaluation error, never a value.
 */
public final class Expression {

    /** Longest source accepted. */
    public static final int MAX_LENGTH = 4096;

    private final String source;
    private final Node root;

    private Expression(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** Parses and type-checks an expression of any type. */
    public static Expression parse(String source) {
        return parse(source, Dialect.AIGOV);
    }

    /** Parses and type-checks an expression of any type in a dialect. */
    public static Expression parse(String source, Dialect dialect) {
        Objects.requireNonNull(source, "source");
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionException(MAX_LENGTH + 1, "the expression is longer than " + MAX_LENGTH + " characters");
        }
        if (source.isBlank()) {
            throw new ExpressionException(1, "the expression is empty");
        }
        return new Expression(source, new Parser(new Lexer(source, dialect).tokens(), dialect).parse());
    }

    /** Parses a condition: an expression that must be a boolean. */
    public static Expression condition(String source) {
        return condition(source, Dialect.AIGOV);
    }

    /** Parses a condition in a dialect ({@link Dialect#ARGO} for Argo Rollouts' templates). */
    public static Expression condition(String source, Dialect dialect) {
        Expression e = parse(source, dialect);
        if (e.type() != Type.BOOLEAN) {
            throw new ExpressionException(1, "a condition must be a boolean (true or false), but this is a " + e.type());
        }
        return e;
    }

    public String source() {
        return source;
    }

    public Type type() {
        return root.type();
    }

    /**
     * Evaluates against a query result.
     *
     * @return a {@link Double} or a {@link Boolean}; a list-typed expression gives a {@code List<Double>}
     * @throws ExpressionException when evaluation fails (index out of range, min() of an empty result)
     */
    public Object evaluate(List<Double> result) {
        double[] values = result.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
        Object v = root.eval(new Node.Scope(values, Double.NaN));
        if (v instanceof double[] list) {
            return java.util.Arrays.stream(list).boxed().toList();
        }
        return v;
    }

    /** Evaluates a condition. */
    public boolean test(List<Double> result) {
        if (type() != Type.BOOLEAN) {
            throw new ExpressionException(1, "not a condition: the expression is a " + type());
        }
        return (Boolean) evaluate(result);
    }

    @Override
    public String toString() {
        return source;
    }
}
