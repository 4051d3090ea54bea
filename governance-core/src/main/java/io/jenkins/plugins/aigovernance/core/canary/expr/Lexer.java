package io.jenkins.plugins.aigovernance.core.canary.expr;

import io.jenkins.plugins.aigovernance.core.canary.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a condition into tokens; anything that is not part of the language is refused here. */
final class Lexer {

    private final String src;
    private final Dialect dialect;
    private int pos;

    Lexer(String src) {
        this(src, Dialect.AIGOV);
    }

    Lexer(String src, Dialect dialect) {
        this.src = src;
        this.dialect = dialect;
    }

    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (pos < src.length() && isSpace(src.charAt(pos))) {
                pos++;
            }
            if (pos >= src.length()) {
                out.add(new Token(Kind.END, "", src.length() + 1));
                return out;
            }
            out.add(next());
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private Token next() {
        int start = pos;
        char c = src.charAt(pos);
        if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        if (isIdentStart(c)) {
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            String word = src.substring(start, pos);
            if (dialect == Dialect.ARGO) {
                switch (word) {
                    case "and": return new Token(Kind.AND, word, start + 1);
                    case "or": return new Token(Kind.OR, word, start + 1);
                    case "not": return new Token(Kind.NOT, word, start + 1);
                    default: break;
                }
            }
            return new Token(Kind.IDENT, word, start + 1);
        }
        pos++;
        char n = pos < src.length() ? src.charAt(pos) : '\0';
        if (dialect == Dialect.ARGO) {
            switch (c) {
                case '?' -> throw unsupported(start, n == '?' ? "the nil-coalescing operator '??'" : n == '.' ? "optional chaining '?.'"
                        : "the conditional operator '?:'");
                case '%' -> throw unsupported(start, "the modulo operator '%'");
                case '^' -> throw unsupported(start, "the power operator '^'");
                case '.' -> throw unsupported(start, n == '.' ? "ranges '..'" : "member access '.'");
                default -> {
                    // the common characters below
                }
            }
        }
        switch (c) {
            case '#': return token(Kind.HASH, start);
            case '(': return token(Kind.LPAREN, start);
            case ')': return token(Kind.RPAREN, start);
            case '[': return token(Kind.LBRACKET, start);
            case ']': return token(Kind.RBRACKET, start);
            case '{': return token(Kind.LBRACE, start);
            case '}': return token(Kind.RBRACE, start);
            case ',': return token(Kind.COMMA, start);
            case '+': return token(Kind.PLUS, start);
            case '-': return token(Kind.MINUS, start);
            case '*':
                if (n == '*' && dialect == Dialect.ARGO) {
                    throw unsupported(start, "the power operator '**'");
                }
                return token(Kind.STAR, start);
            case '/': return token(Kind.SLASH, start);
            case '<': return n == '=' ? two(Kind.LE, start) : token(Kind.LT, start);
            case '>': return n == '=' ? two(Kind.GE, start) : token(Kind.GT, start);
            case '!': return n == '=' ? two(Kind.NE, start) : token(Kind.NOT, start);
            case '=':
                if (n == '=') {
                    return two(Kind.EQ, start);
                }
                throw new ExpressionException(start + 1, "assignment is not part of the language (did you mean '=='?)");
            case '&':
                if (n == '&') {
                    return two(Kind.AND, start);
                }
                throw new ExpressionException(start + 1, "unexpected '&' (did you mean '&&'?)");
            case '|':
                if (n == '|') {
                    return two(Kind.OR, start);
                }
                throw new ExpressionException(start + 1, "unexpected '|' (did you mean '||'?)");
            case '"', '\'', '`':
                throw dialect == Dialect.ARGO
                        ? unsupported(start, "strings (Prometheus answers are numbers)")
                        : new ExpressionException(start + 1, "strings are not part of the language");
            default:
                throw new ExpressionException(start + 1, "unexpected character " + describe(src.codePointAt(start)));
        }
    }

    private ExpressionException unsupported(int start, String what) {
        return new ExpressionException(start + 1, what + " is not supported" + (dialect == Dialect.ARGO ? " (Argo's expr syntax that is not evaluated here)" : ""));
    }

    private Token number() {
        int start = pos;
        digits();
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int e = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= src.length() || !isDigit(src.charAt(pos))) {
                throw new ExpressionException(e + 1, "malformed number: exponent without digits");
            }
            digits();
        }
        if (pos < src.length() && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
            throw new ExpressionException(pos + 1, "malformed number '" + src.substring(start, pos + 1) + "'");
        }
        return new Token(Kind.NUMBER, src.substring(start, pos), start + 1);
    }

    private void digits() {
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
    }

    private Token token(Kind k, int start) {
        return new Token(k, src.substring(start, start + 1), start + 1);
    }

    private Token two(Kind k, int start) {
        pos++;
        return new Token(k, src.substring(start, start + 2), start + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static String describe(int cp) {
        return cp >= 0x20 && cp < 0x7f ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
    }
}
