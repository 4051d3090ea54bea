package io.jenkins.plugins.aigovernance.core.canary.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Feeds random text and random token soups to the parser and evaluator: the only failure allowed is ExpressionException. */
class ExpressionFuzzTest {

    private static final String[] TOKENS = {
        "result", "#", "[", "]", "(", ")", "{", "}", ",", "0", "1", "2", "0.5", "1e3", "-", "+", "*", "/", "<", "<=", ">", ">=",
        "==", "!=", "&&", "||", "!", "true", "false", "len", "all", "any", "avg", "min", "max", "sum", "isNaN", "=", "&", "|",
        "x", "\"", ".", " ", "NaN", "9999999999999999999999", "1e400"};
    private static final String ALPHABET = "result#[](){},.0123456789eE+-*/<>=!&|  _aAlnvgmxsuyNI\"'$;?:\t\né";

    @Test
    void randomCharactersNeverCrash() {
        Random rnd = new Random(20260521L);
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(30);
            for (int k = 0; k < len; k++) {
                sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            parsed += exercise(sb.toString(), rnd);
        }
        assertThat(parsed).isPositive();
    }

    @Test
    void randomTokenSoupsNeverCrash() {
        Random rnd = new Random(42L);
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(25);
            for (int k = 0; k < len; k++) {
                sb.append(TOKENS[rnd.nextInt(TOKENS.length)]).append(rnd.nextBoolean() ? " " : "");
            }
            parsed += exercise(sb.toString(), rnd);
        }
        assertThat(parsed).as("some soups are valid expressions").isGreaterThan(50);
    }

    @Test
    void mutatedValidExpressionsNeverCrash() {
        List<String> seeds = List.of("result[0] < 0.02", "all(result, {# < 1.5})", "len(result) > 0 && avg(result) <= 0.3",
                "!(isNaN(result[0])) || max(result) - min(result) >= 2 * sum(result) / len(result)");
        Random rnd = new Random(7L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && sb.length() > 0; k++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                    default -> sb.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                }
            }
            exercise(sb.toString(), rnd);
        }
    }

    /** Parses and evaluates against random results; returns 1 when the input parsed. */
    private static int exercise(String src, Random rnd) {
        Expression e;
        try {
            e = Expression.parse(src);
        } catch (ExpressionException ex) {
            assertThat(ex.column()).as(src).isBetween(1, src.length() + 1);
            return 0;
        }
        for (int r = 0; r < 3; r++) {
            List<Double> result = new ArrayList<>();
            int size = rnd.nextInt(4);
            for (int k = 0; k < size; k++) {
                result.add(switch (rnd.nextInt(5)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    default -> rnd.nextDouble() * 3;
                });
            }
            try {
                Object v = e.evaluate(result);
                assertThat(v).isNotNull();
            } catch (ExpressionException ex) {
                assertThat(ex.column()).as(src).isBetween(1, src.length() + 1);
            }
        }
        return 1;
    }
}
