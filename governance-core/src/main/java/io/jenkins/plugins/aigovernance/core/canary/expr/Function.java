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
    IS_NAN("isNaN", Type.BOOLEAN, Type.NUMBER);

    private final String name;
    private final Type returns;
    private final List<Type> params;

    Function(String name, Type returns, Type... params) {
        this.name = name;
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

    static Function named(String name) {
        for (Function f : values()) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.name).collect(Collectors.joining(", "));
    }

    Object apply(Node.Call call, Node.Scope s) {
        if (this == IS_NAN) {
            return Double.isNaN((Double) call.args().get(0).eval(s));
        }
        double[] list = (double[]) call.args().get(0).eval(s);
        switch (this) {
            case LEN:
                return (double) list.length;
            case SUM:
                return Arrays.stream(list).sum();
            case ALL:
            case ANY: {
                Node.Predicate p = (Node.Predicate) call.args().get(1);
                for (double v : list) {
                    boolean t = p.test(s, v);
                    if (this == ALL && !t) {
                        return false;
                    }
                    if (this == ANY && t) {
                        return true;
                    }
                }
                return this == ALL;
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
