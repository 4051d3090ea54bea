package io.jenkins.plugins.aigovernance.core.canary.expr;

import io.jenkins.plugins.aigovernance.core.canary.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser with precedence climbing for binary operators. It builds a typed tree:
 * every type error is reported here, with the column of the operator or argument at fault.
 */
final class Parser {

    /** Deepest nesting of parentheses, operators and calls accepted. */
    static final int MAX_DEPTH = 64;

    /** Words of Argo's expr that the engine cannot evaluate, refused by name. */
    private static final java.util.Set<String> EXPR_WORDS = java.util.Set.of("in", "matches", "contains", "startsWith", "endsWith", "nil",
            "let", "map", "filter", "count", "one", "first", "last", "find", "findIndex", "groupBy", "sortBy", "reduce", "abs", "ceil", "floor",
            "round", "mean", "median", "int", "float", "string", "type", "default", "now", "duration", "date", "keys", "values", "toJSON",
            "fromJSON", "upper", "lower", "trim", "split", "join", "get", "env", "$env");

    private final List<Token> tokens;
    private final Dialect dialect;
    private int i;
    private int depth;
    private int predicates;

    Parser(List<Token> tokens) {
        this(tokens, Dialect.AIGOV);
    }

    Parser(List<Token> tokens, Dialect dialect) {
        this.tokens = tokens;
        this.dialect = dialect;
    }

    /**
     * In Argo's dialect a bare {@code result} where a number is needed is Argo's scalar answer: it becomes
     * "the single value of result", an evaluation error unless the answer holds exactly one value.
     */
    private Node asNumber(Node n) {
        return dialect == Dialect.ARGO && n instanceof Node.Result ? new Node.Single(n, n.column()) : n;
    }

    Node parse() {
        Node n = expression(1);
        Token t = peek();
        if (t.kind() != Kind.END) {
            throw new ExpressionException(t.column(), "unexpected " + t + " after a complete expression");
        }
        return n;
    }

    private static int precedence(Kind k) {
        return switch (k) {
            case OR -> 1;
            case AND -> 2;
            case EQ, NE -> 3;
            case LT, LE, GT, GE -> 4;
            case PLUS, MINUS -> 5;
            case STAR, SLASH -> 6;
            default -> -1;
        };
    }

    private Node expression(int minPrecedence) {
        enter();
        Node left = unary();
        while (true) {
            Token op = peek();
            if (dialect == Dialect.ARGO && op.kind() == Kind.IDENT && EXPR_WORDS.contains(op.text())) {
                throw new ExpressionException(op.column(), "Argo's expr operator or name '" + op.text() + "' is not supported");
            }
            int p = precedence(op.kind());
            if (p < minPrecedence) {
                break;
            }
            i++;
            Node right = expression(p + 1);
            left = binary(op, left, right);
        }
        depth--;
        return left;
    }

    private Node unary() {
        Token t = peek();
        if (t.kind() == Kind.NOT || t.kind() == Kind.MINUS) {
            i++;
            enter();
            Node operand = unary();
            depth--;
            Type want = t.kind() == Kind.NOT ? Type.BOOLEAN : Type.NUMBER;
            if (want == Type.NUMBER) {
                operand = asNumber(operand);
            }
            if (operand.type() != want) {
                throw new ExpressionException(t.column(), t + " needs a " + want + ", found a " + operand.type() + hint(operand));
            }
            return new Node.Unary(t.kind(), operand, t.column());
        }
        return postfix(primary());
    }

    private Node postfix(Node n) {
        while (peek().kind() == Kind.LBRACKET) {
            Token open = next();
            if (n.type() != Type.LIST) {
                throw new ExpressionException(open.column(), "only a list can be indexed, not a " + n.type());
            }
            Node index = expression(1);
            if (index.type() != Type.NUMBER) {
                throw new ExpressionException(index.column(), "an index must be a number, not a " + index.type());
            }
            expect(Kind.RBRACKET, "']' to close the index opened at column " + open.column());
            n = new Node.Index(n, index, open.column());
        }
        return n;
    }

    private Node primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Node.Num(Double.parseDouble(t.text()), t.column());
            case HASH:
                if (predicates == 0) {
                    throw new ExpressionException(t.column(), "'#' (the current element) is only defined inside a predicate {…} of all() or any()");
                }
                return new Node.Item(t.column());
            case LPAREN: {
                Node n = expression(1);
                expect(Kind.RPAREN, "')' to close the '(' at column " + t.column());
                return n;
            }
            case IDENT:
                return identifier(t);
            case LBRACE:
                throw new ExpressionException(t.column(), "a predicate {…} is only allowed as the second argument of all() or any()");
            case END:
                throw new ExpressionException(t.column(), "unexpected end of input: a value is missing");
            default:
                throw new ExpressionException(t.column(), "expected a value (number, true, false, result, # or a function call), found " + t);
        }
    }

    private Node identifier(Token t) {
        switch (t.text()) {
            case "true":
                return new Node.Bool(true, t.column());
            case "false":
                return new Node.Bool(false, t.column());
            case "result":
                return new Node.Result(t.column());
            default:
                break;
        }
        Function f = Function.named(t.text(), dialect);
        if (f == null) {
            String kind = peek().kind() == Kind.LPAREN ? "function" : "name";
            if (dialect == Dialect.ARGO && (EXPR_WORDS.contains(t.text()) || Function.named(t.text(), Dialect.ARGO) == null)) {
                throw new ExpressionException(t.column(), "Argo's expr " + (EXPR_WORDS.contains(t.text()) && !kind.equals("function")
                        ? "operator or name" : kind) + " '" + t.text() + "' is not supported (supported: result, #, true, false, and, or, not"
                        + " and the functions " + Function.names(dialect) + ")");
            }
            throw new ExpressionException(t.column(), "unknown " + kind + " '" + t.text()
                    + "' (the language knows result, #, true, false and the functions " + Function.names(dialect) + ")");
        }
        expect(Kind.LPAREN, "'(' after the function name " + f.functionName());
        List<Node> args = new ArrayList<>();
        for (int a = 0; a < f.params().size(); a++) {
            if (a > 0) {
                expect(Kind.COMMA, "',' and argument " + (a + 1) + " of " + f.signature());
            }
            Type want = f.params().get(a);
            if (want == Type.PREDICATE) {
                args.add(predicate(f));
            } else {
                if (peek().kind() == Kind.RPAREN) {
                    throw new ExpressionException(peek().column(), f.signature() + " takes " + f.params().size() + " argument(s)");
                }
                Node arg = expression(1);
                if (want == Type.NUMBER) {
                    arg = asNumber(arg);
                }
                if (arg.type() != want) {
                    throw new ExpressionException(arg.column(), "argument " + (a + 1) + " of " + f.signature() + " must be a " + want
                            + ", found a " + arg.type() + hint(arg));
                }
                args.add(arg);
            }
        }
        if (peek().kind() == Kind.COMMA) {
            throw new ExpressionException(peek().column(), f.signature() + " takes " + f.params().size() + " argument(s)");
        }
        expect(Kind.RPAREN, "')' to close the call of " + f.functionName() + " at column " + t.column());
        return new Node.Call(f, List.copyOf(args), t.column());
    }

    private Node predicate(Function f) {
        Token open = peek();
        if (open.kind() != Kind.LBRACE && dialect == Dialect.ARGO) {
            // expr also writes a predicate without braces: all(result, # < 1.5)
            enter();
            predicates++;
            Node body = expression(1);
            predicates--;
            depth--;
            if (body.type() != Type.BOOLEAN) {
                throw new ExpressionException(open.column(), "a predicate must be a boolean, found a " + body.type());
            }
            return new Node.Predicate(body, open.column());
        }
        if (open.kind() != Kind.LBRACE) {
            throw new ExpressionException(open.column(), "the second argument of " + f.functionName() + "() is a predicate such as {# < 1.5}");
        }
        i++;
        enter();
        predicates++;
        Node body = expression(1);
        predicates--;
        depth--;
        if (body.type() != Type.BOOLEAN) {
            throw new ExpressionException(open.column(), "a predicate must be a boolean, found a " + body.type());
        }
        expect(Kind.RBRACE, "'}' to close the predicate opened at column " + open.column());
        return new Node.Predicate(body, open.column());
    }

    private Node binary(Token op, Node left, Node right) {
        Kind k = op.kind();
        if (k != Kind.AND && k != Kind.OR) {
            left = asNumber(left);
            right = asNumber(right);
        }
        Type lt = left.type();
        Type rt = right.type();
        boolean ok;
        Type result;
        switch (k) {
            case AND, OR -> {
                ok = lt == Type.BOOLEAN && rt == Type.BOOLEAN;
                result = Type.BOOLEAN;
            }
            case EQ, NE -> {
                ok = lt == rt && (lt == Type.NUMBER || lt == Type.BOOLEAN);
                result = Type.BOOLEAN;
            }
            case LT, LE, GT, GE -> {
                ok = lt == Type.NUMBER && rt == Type.NUMBER;
                result = Type.BOOLEAN;
            }
            default -> {
                ok = lt == Type.NUMBER && rt == Type.NUMBER;
                result = Type.NUMBER;
            }
        }
        if (!ok) {
            String needs = switch (k) {
                case AND, OR -> "booleans";
                case EQ, NE -> "two numbers or two booleans";
                default -> "numbers";
            };
            Node culprit = lt == Type.LIST ? left : right;
            throw new ExpressionException(op.column(), op + " needs " + needs + ", found a " + lt + " and a " + rt + hint(culprit));
        }
        return new Node.Binary(k, left, right, result, op.column());
    }

    private static String hint(Node n) {
        return n.type() == Type.LIST ? " (use result[0], or a function such as avg(result) or all(result, {# < 1}))" : "";
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException(peek().column(), "the expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        Token t = tokens.get(i);
        if (t.kind() != Kind.END) {
            i++;
        }
        return t;
    }

    private void expect(Kind k, String what) {
        Token t = peek();
        if (t.kind() != k) {
            throw new ExpressionException(t.column(), "expected " + what + ", found " + t);
        }
        i++;
    }
}
