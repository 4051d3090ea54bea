package io.jenkins.plugins.aigovernance.core.canary.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    private static Object eval(String src, Double... result) {
        return Expression.parse(src).evaluate(List.of(result));
    }

    private static ExpressionException error(String src, Double... result) {
        try {
            Expression.parse(src).evaluate(List.of(result));
        } catch (ExpressionException e) {
            return e;
        }
        throw new AssertionError("no error for " + src);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1 + 2 * 3            ; 7.0",
        "(1 + 2) * 3          ; 9.0",
        "10 - 4 - 3           ; 3.0",
        "12 / 3 / 2           ; 2.0",
        "-2 * 3               ; -6.0",
        "- -2                 ; 2.0",
        "2 * -3 + 1           ; -5.0",
        "1.5e2 + .5           ; 150.5",
        "1 + 2 < 4            ; true",
        "1 < 2 == true        ; true",
        "true || false && false ; true",
        "(true || false) && false ; false",
        "!true || true        ; true",
        "!(1 < 2)             ; false",
        "1 == 1 && 2 != 3     ; true",
        "false == false       ; true",
    })
    void precedenceAndAssociativity(String src, String expected) {
        Object v = eval(src.trim());
        assertThat(String.valueOf(v)).isEqualTo(expected);
    }

    @Test
    void resultIndexingAndFunctions() {
        assertThat(eval("result[0] < 0.02", 0.01)).isEqualTo(true);
        assertThat(eval("result[0] < 0.02", 0.5)).isEqualTo(false);
        assertThat(eval("result[1 + 1]", 1.0, 2.0, 3.0)).isEqualTo(3.0);
        assertThat(eval("len(result)", 1.0, 2.0)).isEqualTo(2.0);
        assertThat(eval("len(result) > 0")).isEqualTo(false);
        assertThat(eval("all(result, {# < 1.5})", 1.0, 1.4)).isEqualTo(true);
        assertThat(eval("all(result, {# < 1.5})", 1.0, 1.6)).isEqualTo(false);
        assertThat(eval("any(result, {# > 1.5})", 1.0, 1.6)).isEqualTo(true);
        assertThat(eval("any(result, {# > 1.5 && # < result[0]})", 3.0, 1.6)).isEqualTo(true);
        assertThat(eval("avg(result)", 1.0, 2.0, 6.0)).isEqualTo(3.0);
        assertThat(eval("min(result) + max(result)", 4.0, 1.0, 6.0)).isEqualTo(7.0);
        assertThat(eval("sum(result)", 1.0, 2.0)).isEqualTo(3.0);
        assertThat(eval("sum(result)")).isEqualTo(0.0);
        assertThat(eval("isNaN(result[0])", Double.NaN)).isEqualTo(true);
        assertThat(eval("result", 1.0)).isEqualTo(List.of(1.0));
        assertThat(eval("all(result, {any(result, {# == 2})})", 1.0, 2.0)).isEqualTo(true);
    }

    @Test
    void emptyResultIsNeverAValue() {
        ExpressionException e = error("result[0] < 0.02");
        assertThat(e.column()).isEqualTo(7);
        assertThat(e.reason()).contains("the result is empty");
        assertThat(error("avg(result) < 1").reason()).contains("avg() of an empty result");
        assertThat(error("result[2] > 0", 1.0).reason()).contains("out of range (the result has 1 values)");
        assertThat(error("result[0.5] > 0", 1.0).column()).isEqualTo(8);
        assertThat(error("result[-1] > 0", 1.0).reason()).contains("whole number");
    }

    @Test
    void everyComparisonWithNaNIsFalse() {
        for (String op : List.of("<", "<=", ">", ">=", "==", "!=")) {
            assertThat(eval("result[0] " + op + " 1", Double.NaN)).as(op).isEqualTo(false);
            assertThat(eval("1 " + op + " result[0]", Double.NaN)).as(op).isEqualTo(false);
        }
        assertThat(eval("avg(result) < 1", 0.5, Double.NaN)).isEqualTo(false);
        assertThat(eval("all(result, {# < 1})", 0.5, Double.NaN)).isEqualTo(false);
        assertThat(eval("result[0] < 1", Double.POSITIVE_INFINITY)).isEqualTo(false);
        assertThat(eval("result[0] > 1", Double.POSITIVE_INFINITY)).isEqualTo(true);
    }

    @Test
    void typesAreCheckedWhenParsing() {
        assertError("result < 1", 8, "'<' needs numbers, found a list of numbers and a number (use result[0]");
        assertError("1 + true", 3, "'+' needs numbers, found a number and a boolean");
        assertError("1 && true", 3, "'&&' needs booleans");
        assertError("true == 1", 6, "'==' needs two numbers or two booleans");
        assertError("!1", 1, "'!' needs a boolean, found a number");
        assertError("-true", 1, "'-' needs a number, found a boolean");
        assertError("1 < 2 < 3", 7, "'<' needs numbers, found a boolean and a number");
        assertError("len(1)", 5, "argument 1 of len(list of numbers) must be a list of numbers, found a number");
        assertError("all(result, {# + 1})", 13, "a predicate must be a boolean");
        assertError("all(result, # < 1)", 13, "predicate such as {# < 1.5}");
        assertError("isNaN(result)", 7, "must be a number, found a list of numbers");
        assertError("result[true]", 8, "an index must be a number");
        assertError("result[0][0]", 10, "only a list can be indexed");
        assertThatThrownBy(() -> Expression.condition("result[0] + 1"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("a condition must be a boolean");
        assertThat(Expression.condition("result[0] < 1").type()).isEqualTo(Type.BOOLEAN);
    }

    @Test
    void syntaxErrorsCarryTheirColumn() {
        assertError("", 1, "empty");
        assertError("(1 + 2", 7, "expected ')' to close the '(' at column 1, found end of input");
        assertError("1 +", 4, "unexpected end of input");
        assertError("1 2", 3, "unexpected '2' after a complete expression");
        assertError("result[0", 9, "expected ']'");
        assertError("len(result", 11, "')' to close the call of len");
        assertError("len(result, result)", 11, "len(list of numbers) takes 1 argument(s)");
        assertError("avg()", 5, "takes 1 argument(s)");
        assertError("all(result)", 11, "expected ',' and argument 2");
        assertError("all(result, {# < 1)", 19, "'}' to close the predicate opened at column 13");
        assertError("1e", 2, "exponent without digits");
        assertError("1.2.3", 4, "malformed number");
        assertError("12abc", 3, "malformed number");
        assertError("* 2", 1, "expected a value");
    }

    @Test
    void refusesEverythingOutsideTheLanguage() {
        assertError("x < 1", 1, "unknown name 'x'");
        assertError("result[0] = 1", 11, "assignment is not part of the language");
        assertError("exec(1)", 1, "unknown function 'exec'");
        assertError("Runtime.getRuntime()", 8, "unexpected character '.'");
        assertError("Runtime", 1, "unknown name 'Runtime'");
        assertError("result.size()", 7, "unexpected character '.'");
        assertError("'a' == 'a'", 1, "strings are not part of the language");
        assertError("result[0] < 1; true", 14, "unexpected character ';'");
        assertError("result[0] & 1", 11, "did you mean '&&'");
        assertError("result[0] | 1", 11, "did you mean '||'");
        assertError("# < 1", 1, "only defined inside a predicate");
        assertError("{# < 1}", 1, "only allowed as the second argument");
        assertError("T(java.lang.System).exit(0)", 7, "unexpected character '.'");
        assertError("T(1)", 1, "unknown function 'T'");
        assertError("${result}", 1, "unexpected character '$'");
        assertError("result[0] < 1 ? 1 : 2", 15, "unexpected character '?'");
        assertError("len (result) > 0 && NaN", 21, "unknown name 'NaN'");
        assertError("résult", 2, "unexpected character U+00E9");
    }

    @Test
    void deepNestingIsRefusedNotACrash() {
        String deep = "(".repeat(10_000) + "1" + ")".repeat(10_000);
        assertThatThrownBy(() -> Expression.parse(deep)).isInstanceOf(ExpressionException.class).hasMessageContaining("longer than");
        String nested = "(".repeat(100) + "1" + ")".repeat(100);
        assertThatThrownBy(() -> Expression.parse(nested)).isInstanceOf(ExpressionException.class).hasMessageContaining("nested too deeply");
        String nots = "!".repeat(1000) + "true";
        assertThatThrownBy(() -> Expression.parse(nots)).isInstanceOf(ExpressionException.class).hasMessageContaining("nested too deeply");
        assertThat(eval("(".repeat(20) + "1" + ")".repeat(20))).isEqualTo(1.0);
    }

    private static boolean argo(String src, Double... result) {
        return Expression.condition(src, Dialect.ARGO).test(List.of(result));
    }

    @Test
    void argoDialectReadsExprSpellings() {
        assertThat(argo("result[0] >= 0.95 and result[0] <= 1", 0.99)).isTrue();
        assertThat(argo("not (result[0] > 0.1) or false", 0.5)).isFalse();
        assertThat(argo("all(result, # < 1)", 0.2, 0.3)).isTrue();
        assertThat(argo("any(result, # > 0.25)", 0.2, 0.3)).isTrue();
        assertThat(argo("none(result, # > 1)", 0.2, 0.3)).isTrue();
        assertThat(argo("result < 0.05", 0.01)).as("Argo's scalar result").isTrue();
        assertThat(argo("-result < 0", 0.01)).isTrue();
        assertThat(argo("isNaN(result)", Double.NaN)).isTrue();
        assertThat(argo("isInf(result[0])", Double.POSITIVE_INFINITY)).isTrue();
        assertThat(argo("asInt(result[0]) == 2 && asFloat(result) > 2.5", 2.7)).isTrue();
        assertThat(argo("isNil(result) || len(result) == 0")).isTrue();
        assertThat(argo("isNil(result)")).isFalse();
        // NaN compares false in both dialects, != included (Go would say true)
        assertThat(argo("result[0] != 0", Double.NaN)).isFalse();
        assertThatThrownBy(() -> argo("result < 1", 0.1, 0.2)).isInstanceOf(ExpressionException.class).hasMessageContaining("has 2 values");
        assertThatThrownBy(() -> argo("result < 1")).hasMessageContaining("has 0 values");
        // the engine's own language keeps its stricter shape
        assertThatThrownBy(() -> Expression.condition("result < 1")).hasMessageContaining("needs numbers");
        assertThatThrownBy(() -> Expression.condition("result[0] > 1 and true")).hasMessageContaining("unexpected");
        assertThatThrownBy(() -> Expression.condition("asInt(1) == 1")).hasMessageContaining("unknown function 'asInt'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "result[0] < 0.05 ? true : false | the conditional operator '?:' is not supported",
        "result[0] ?? 1 > 0 | the nil-coalescing operator '??' is not supported",
        "result[0] % 2 == 0 | the modulo operator '%' is not supported",
        "result[0] ** 2 < 1 | the power operator '**' is not supported",
        "result[0] ^ 2 < 1 | the power operator '^' is not supported",
        "result.size > 0 | member access '.' is not supported",
        "1 in result | Argo's expr operator or name 'in' is not supported",
        "result[0] matches 1 | Argo's expr operator or name 'matches' is not supported",
        "len(filter(result, # > 1)) == 0 | Argo's expr function 'filter' is not supported",
        "abs(result[0]) < 1 | Argo's expr function 'abs' is not supported",
        "result == 'It worked!' | strings (Prometheus answers are numbers) is not supported",
        "nil == result | Argo's expr operator or name 'nil' is not supported"})
    void argoDialectRefusesWhatItCannotEvaluateByName(String src, String message) {
        assertThatThrownBy(() -> Expression.condition(src, Dialect.ARGO)).isInstanceOf(ExpressionException.class).hasMessageContaining(message);
    }

    private static void assertError(String src, int column, String message) {
        assertThatThrownBy(() -> Expression.parse(src))
                .as(src)
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).as(src).contains(message);
                    assertThat(e.column()).as(src + ": " + e.getMessage()).isEqualTo(column);
                });
    }
}
