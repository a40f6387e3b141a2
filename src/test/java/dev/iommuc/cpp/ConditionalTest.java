package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iommuc.diag.Diagnostic;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conditional directives and #if arithmetic (intmax/uintmax, as GNU cpp on x86-64). */
class ConditionalTest {

    @TempDir
    Path tmp;
    CppHarness h;

    @BeforeEach
    void setUp() {
        h = new CppHarness(tmp);
    }

    @ParameterizedTest(name = "#if {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "1 + 2 * 3 == 7 => 1",
        "(1 + 2) * 3 == 9 => 1",
        "-1 < 0 => 1",
        "-1 < 0u => 0",
        "~0u == 18446744073709551615u => 1",
        "18446744073709551615 == -1 => 1",
        "0xffffffffffffffff > 0 => 1",
        "0x7fffffffffffffff + 0 > 0 => 1",
        "1 << 63 < 0 => 1",
        "-1 >> 1 == -1 => 1",
        "-1u >> 63 == 1 => 1",
        "1 << 64 => 0",
        "1 >> -1 == 2 => 1",
        "10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3 && -7 % 2 == -1 => 1",
        "(1 ? -1 : 0u) > 0 => 1",
        "0 ? 1/0 : 2 => 1",
        "1 || 1/0 => 1",
        "0 && 1/0 => 0",
        "(1 , 2) == 2 => 1",
        "'a' == 97 && '\\377' < 0 && '\\n' == 10 && '\\x41' == 65 => 1",
        "'ab' == 24930 => 1",
        "L'a' == 97 => 1",
        "010 == 8 && 0x10 == 16 && 0b101 == 5 && 10ull == 10 && 7LL == 7 => 1",
        "!0 && !!5 == 1 && -(-3) == 3 && +4 == 4 => 1",
        "(2 || 1/0) && 'a' == 97 => 1",
        "1 == 1 != 0 => 1",
        "3 > 2 > 1 => 0",
        "5 & 3 | 8 ^ 1 == 9 => 1",
        "undefined_name == 0 => 1",
        "defined __DTS__ && defined(__DTS__) && !defined nothing => 1",
        "DEFD => 1",
        "TWO * TWO == 4 => 1",
        "F(3) == 4 => 1",
    })
    void ifArithmetic(String expr, int expected) {
        CppHarness.Result r = h.text("#define DEFD defined(__DTS__)\n#define TWO 2\n#define F(x) (x+1)\n#if "
                + expr + "\nyes\n#else\nno\n#endif\n");
        assertEquals(0, r.errors(), r::describe);
        assertEquals(expected == 1 ? "yes" : "no", r.tokens());
    }

    @ParameterizedTest(name = "#if {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "'' => empty character constant",
        "1 + => operator '+' has no right operand",
        "(1 => missing ')' in expression",
        "() => missing expression between '(' and ')'",
        "1 2 => missing binary operator before token \"2\"",
        "1 ? 2 => '?' without following ':'",
        "1 : 2 => ':' without preceding '?'",
        "08 => invalid digit \"8\" in octal constant",
        "1.0 => floating constant in preprocessor expression",
        "1abc => invalid suffix \"abc\" on integer constant",
        "\"s\" => token \"\"s\"\" is not valid in preprocessor expressions",
        "x( => missing binary operator before token \"(\"",
        "defined => operator \"defined\" requires an identifier",
        "defined(X => missing ')' after \"defined\"",
        "`` => #if with no expression",
    })
    void ifErrors(String expr, String message) {
        CppHarness.Result r = h.text("a\n#if " + expr.strip() + "\nyes\n#else\nno\n#endif\n");
        Diagnostic d = r.expect("cpp-if-expression", "main.dts", 2);
        assertEquals(message, d.message());
        assertEquals("a\nno", r.tokens()); // an erroneous #if is false; #else is taken
    }

    @Test
    void divisionByZeroIsReportedButEvaluationGoesOn() {
        // GNU cpp continues with the dividend (its magnitude, in signed arithmetic) as the value.
        CppHarness.Result r = h.text("#if 1/0\na\n#endif\n#if -4 % 0 == 4 && -4u / 0 != 4\nb\n#endif\n"
                + "#if 0 && 1/0\nx\n#endif\n");
        assertEquals(3, r.all("cpp-if-expression").size(), r::describe);
        assertEquals(1, r.all("cpp-if-expression").get(0).pos().line());
        assertEquals("a\nb", r.tokens());
    }

    @Test
    void deeplyNestedExpressionsNeedNoStack() {
        // The evaluator uses explicit stacks, so nesting depth is limited only by the input.
        String parens = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        String minus = "- ".repeat(100_000) + "1";
        String ternary = "1 ? ".repeat(20_000) + "1" + " : 0".repeat(20_000);
        CppHarness.Result r = h.text("#if " + parens + "\na\n#endif\n#if " + minus + "\nb\n#endif\n#if " + ternary
                + "\nc\n#endif\n#if 1 ? 0 ? 5 : 2 : 3\nd\n#endif\n");
        r.assertClean();
        assertEquals("a\nb\nc\nd", r.tokens());
    }

    @Test
    void ifdefChains() {
        String src = "#define A\n#ifdef A\na\n#else\nx\n#endif\n#ifndef A\nx\n#elif 0\nx\n#elif 1\nb\n#elif 1/0\nx\n#else\nx\n"
                + "#endif\n#if 0\n#if 1/0\n#error no\n#else\n#endif\n#foo\nx\n#else\nc\n#endif\n"
                + "#ifdef B\n#elifdef A\nd\n#endif\n#ifndef B\ne\n#endif\n";
        CppHarness.Result r = h.text(src);
        r.assertClean();
        assertEquals("a\nb\nc\nd\ne", r.tokens());
    }

    @Test
    void skippedBlocksKeepLineSync() {
        CppHarness.Result r = h.text("a\n#if 0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n#endif\nb\n");
        r.assertClean();
        assertTrue(r.out().endsWith("a\n# 14 \"" + tmp.resolve("main.dts") + "\"\nb\n"), r.out());
    }

    @Test
    void unterminatedConditional() {
        CppHarness.Result r = h.text("a\n#ifdef X\nb\n#if 1\n");
        assertEquals(2, r.all("cpp-unterminated-conditional").size(), r::describe);
        assertEquals(2, r.all("cpp-unterminated-conditional").get(0).pos().line());
        assertEquals(4, r.all("cpp-unterminated-conditional").get(1).pos().line());
    }

    @Test
    void unbalancedConditionals() {
        CppHarness.Result r = h.text("#else\n#endif\n#elif 1\n#if 1\n#else\n#else\n#elif 1\n#endif\n");
        assertEquals(5, r.all("cpp-unbalanced-conditional").size(), r::describe);
        int[] lines = r.all("cpp-unbalanced-conditional").stream().mapToInt(d -> d.pos().line()).toArray();
        assertEquals("[1, 2, 3, 6, 7]", java.util.Arrays.toString(lines));
    }

    @Test
    void missingMacroNameInIfdef() {
        CppHarness.Result r = h.text("#ifdef\n#endif\n#ifndef 3\n#endif\n");
        assertEquals(2, r.all("cpp-directive").size(), r::describe);
    }

    @Test
    void extraTokensWarn() {
        CppHarness.Result r = h.text("#ifdef A junk\n#else junk\n#endif junk\n");
        assertEquals(3, r.all("cpp-extra-tokens").size(), r::describe);
        assertEquals(0, r.errors());
    }

    @Test
    void hasInclude() {
        h.file("inc/there.h", "");
        h.include("inc");
        CppHarness.Result r = h.text("#if __has_include(<there.h>) && !__has_include(\"missing.h\")\nyes\n#endif\n"
                + "#ifdef __has_include\nok\n#endif\n");
        r.assertClean();
        assertEquals("yes\nok", r.tokens());
    }
}
