package io.jenkins.plugins.aigovernance.core.canary.expr;

import java.util.List;

/** The syntax tree of a condition. Types are checked when a node is built; evaluation cannot meet a type error. */
sealed interface Node {

    /** What an evaluation sees: the query result and, inside a predicate, the current element {@code #}. */
    record Scope(double[] result, double item) {
    }

    Type type();

    int column();

    Object eval(Scope s);

    record Num(double value, int column) implements Node {
        public Type type() {
            return Type.NUMBER;
        }

        public Object eval(Scope s) {
            return value;
        }
    }

    record Bool(boolean value, int column) implements Node {
        public Type type() {
            return Type.BOOLEAN;
        }

        public Object eval(Scope s) {
            return value;
        }
    }

    record Result(int column) implements Node {
        public Type type() {
            return Type.LIST;
        }

        public Object eval(Scope s) {
            return s.result();
        }
    }

    record Item(int column) implements Node {
        public Type type() {
            return Type.NUMBER;
        }

        public Object eval(Scope s) {
            return s.item();
        }
    }

    record Index(Node list, Node index, int column) implements Node {
        public Type type() {
            return Type.NUMBER;
        }

        public Object eval(Scope s) {
            double[] values = (double[]) list.eval(s);
            double i = (Double) index.eval(s);
            if (Double.isNaN(i) || i != Math.rint(i) || i < 0) {
                throw new ExpressionException(index.column(), "index must be a whole number ≥ 0, not " + Value.format(i));
            }
            if (i >= values.length) {
                throw new ExpressionException(column, values.length == 0
                        ? "the result is empty: no value at index " + Value.format(i)
                        : "index " + Value.format(i) + " is out of range (the result has " + values.length + " values)");
            }
            return values[(int) i];
        }
    }

    /** Argo's scalar {@code result}: the one value of the answer. */
    record Single(Node list, int column) implements Node {
        public Type type() {
            return Type.NUMBER;
        }

        public Object eval(Scope s) {
            double[] values = (double[]) list.eval(s);
            if (values.length != 1) {
                throw new ExpressionException(column, "result is used as a number, but the answer has " + values.length
                        + " values (a bare result is a number only for a scalar or one series; index it, such as result[0])");
            }
            return values[0];
        }
    }

    record Unary(Token.Kind op, Node operand, int column) implements Node {
        public Type type() {
            return op == Token.Kind.NOT ? Type.BOOLEAN : Type.NUMBER;
        }

        public Object eval(Scope s) {
            Object v = operand.eval(s);
            return op == Token.Kind.NOT ? (Object) !(Boolean) v : (Object) (-(Double) v);
        }
    }

    record Binary(Token.Kind op, Node left, Node right, Type type, int column) implements Node {
        public Object eval(Scope s) {
            switch (op) {
                case AND:
                    return (Boolean) left.eval(s) && (Boolean) right.eval(s);
                case OR:
                    return (Boolean) left.eval(s) || (Boolean) right.eval(s);
                default:
                    break;
            }
            Object l = left.eval(s);
            Object r = right.eval(s);
            if (l instanceof Boolean a) {
                boolean b = (Boolean) r;
                return op == Token.Kind.EQ ? a == b : a != b;
            }
            double a = (Double) l;
            double b = (Double) r;
            boolean nan = Double.isNaN(a) || Double.isNaN(b);
            return switch (op) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case STAR -> a * b;
                case SLASH -> a / b;
                // every comparison with NaN is false, != included: NaN never satisfies a condition
                case LT -> !nan && a < b;
                case LE -> !nan && a <= b;
                case GT -> !nan && a > b;
                case GE -> !nan && a >= b;
                case EQ -> !nan && a == b;
                case NE -> !nan && a != b;
                default -> throw new IllegalStateException("not a binary operator: " + op);
            };
        }
    }

    record Predicate(Node body, int column) implements Node {
        public Type type() {
            return Type.PREDICATE;
        }

        public Object eval(Scope s) {
            throw new IllegalStateException("a predicate is applied by all/any, not evaluated");
        }

        boolean test(Scope s, double item) {
            return (Boolean) body.eval(new Scope(s.result(), item));
        }
    }

    record Call(Function function, List<Node> args, int column) implements Node {
        public Type type() {
            return function.returns();
        }

        public Object eval(Scope s) {
            return function.apply(this, s);
        }
    }
}
