package io.jenkins.plugins.aigovernance.core.canary.expr;

/** A lexical token with its 1-based column. */
record Token(Kind kind, String text, int column) {

    enum Kind {
        NUMBER, IDENT, HASH, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA,
        OR, AND, NOT, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, END
    }

    @Override
    public String toString() {
        return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
}
