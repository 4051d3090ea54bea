package io.jenkins.plugins.aigovernance.core.canary.expr;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The functions of the condition language, with their signatures. There are no others. */
enum Function {
    LEN("len", Type.NUMBER, Type.LIST),
    ALL("all", Type.BOOLEAN, Type.LIST, Type.PREDICATE),
    ANY("any", Type.BOOLEAN, Type.LIST, Type.PREDICATE),
    AVG("avg", Type.NUMBER, Type.LIST),
    MIN("min", Type.NUMBER, Type.LIST),
    MAX("max", Type.NUMBER, Type.LIST),
    SUM("sum", Type.NUMBER, Type.LIST),
    IS_NAN("isNaN", Type.BOOLEAN, Type.NUMBER),
    IS_INF("isInf", Type.BOOLEAN, Type.NUMBER),
    NONE("none", Type.BOOLEAN, Type.LIST, Type.PREDICATE),
    /** Argo's asFloat: numbers are already floats. */
    AS_FLOAT("asFloat", Dialect.ARGO, Type.NUMBER, Type.NUMBER),
    /** Argo's asInt: truncates toward zero, like Go's int64 conversion. */
    AS_INT("asInt", Dialect.ARGO, Type.NUMBER, Type.NUMBER),
    /** Argo's isNil: a Prometheus answer is never nil (an empty vector is an empty list), so always false. */
    IS_NIL("isNil", Dialect.ARGO, Type.BOOLEAN, Type.LIST);

    private final String name;
    private final Dialect dialect;
    private final Type returns;
    private final List<Type> params;

    Function(String name, Type returns, Type... params) {
        this(name, Dialect.AIGOV, returns, params);
    }

    Function(String name, Dialect dialect, Type returns, Type... params) {
        this.name = name;
        this.dialect = dialect;
        this.returns = returns;
        this.params = List.of(params);
    }

    String functionName() {
        return name;
    }

    Type returns() {
        return returns;
    }

    List<Type> params() {
        return params;
    }

    String signature() {
        return name + "(" + params.stream().map(Type::toString).collect(Collectors.joining(", ")) + ")";
    }

    static Function named(String name, Dialect d) {
        for (Function f : values()) {
            if (f.name.equals(name) && (f.dialect == Dialect.AIGOV || f.dialect == d)) {
                return f;
            }
        }
        return null;
    }

    static String names(Dialect d) {
        return Arrays.stream(values()).filter(f -> f.dialect == Dialect.AIGOV || f.dialect == d).map(f -> f.name)
                .collect(Collectors.joining(", "));
    }

    Object apply(Node.Call call, Node.Scope s) {
        switch (this) {
            case IS_NAN:
                return Double.isNaN((Double) call.args().get(0).eval(s));
            case IS_INF:
                return Double.isInfinite((Double) call.args().get(0).eval(s));
            case AS_FLOAT:
                return call.args().get(0).eval(s);
            case AS_INT: {
                double v = (Double) call.args().get(0).eval(s);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new ExpressionException(call.column(), "asInt() of " + Value.format(v));
                }
                return (double) (long) v;
            }
            case IS_NIL:
                call.args().get(0).eval(s);
                return false;
            default:
                break;
        }
        double[] list = (double[]) call.args().get(0).eval(s);
        switch (this) {
            case LEN:
                return (double) list.length;
            case SUM:
                return Arrays.stream(list).sum();
            case ALL:
            case ANY:
            case NONE: {
                Node.Predicate p = (Node.Predicate) call.args().get(1);
                for (double v : list) {
                    boolean t = p.test(s, v);
                    if (this == ALL && !t) {
                        return false;
                    }
                    if (this == ANY && t) {
                        return true;
                    }
                    if (this == NONE && t) {
                        return false;
                    }
                }
                return this != ANY;
            }
            default:
                break;
        }
        if (list.length == 0) {
            throw new ExpressionException(call.column(), name + "() of an empty result");
        }
        for (double v : list) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        return switch (this) {
            case AVG -> Arrays.stream(list).average().orElseThrow();
            case MIN -> Arrays.stream(list).min().orElseThrow();
            case MAX -> Arrays.stream(list).max().orElseThrow();
            default -> throw new IllegalStateException(name.toLowerCase(Locale.ROOT));
        };
    }
}
