package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every preprocessor diagnostic: id, severity, position; and the budgets that keep runs bounded. */
class DiagnosticsTest {

    @TempDir
    Path tmp;
    CppHarness h;

    @BeforeEach
    void setUp() {
        h = new CppHarness(tmp);
    }

    @Test
    void errorDirective() {
        Diagnostic d = h.text("a\n#error this is bad \"x\" 'y\nb\n").expect("cpp-error", "main.dts", 2);
        assertEquals(Severity.ERROR, d.severity());
        assertEquals("#error this is bad \"x\" 'y", d.message());
        assertEquals(2, d.pos().col());
    }

    @Test
    void warningDirectiveIsAWarning() {
        CppHarness.Result r = h.text("a\n\n#warning careful\nb\n");
        Diagnostic d = r.expect("cpp-warning", "main.dts", 3);
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("#warning careful", d.message());
        assertEquals("a\nb", r.tokens());
    }

    @Test
    void unterminatedComment() {
        CppHarness.Result r = h.text("a\nb /* open\nc\n");
        Diagnostic d = r.expect("cpp-unterminated-comment", "main.dts", 2);
        assertEquals(3, d.pos().col());
        assertEquals("a\nb", r.tokens());
    }

    @Test
    void macroArgumentCount() {
        CppHarness.Result r = h.text("#define f(x) [x]\n#define g(x, y) [x y]\nf(1, 2)\ng(1)\nf()\n");
        assertEquals(2, r.all("cpp-macro-args").size(), r::describe);
        Diagnostic d = r.all("cpp-macro-args").get(0);
        assertEquals(3, d.pos().line());
        assertEquals("macro \"f\" passed 2 arguments, but takes just 1", d.message());
        assertEquals("macro \"f\" defined here", d.notes().get(0).message());
        assertEquals("macro \"g\" requires 2 arguments, but only 1 given", r.all("cpp-macro-args").get(1).message());
        assertEquals("f\ng\n[]", r.tokens());
    }

    @Test
    void unterminatedArgumentList() {
        CppHarness.Result r = h.text("#define f(x) [x]\na f(1,\n2\n");
        r.expect("cpp-macro-args", "main.dts", 2);
        assertEquals("a f", r.tokens());
    }

    @Test
    void unterminatedArgumentListInDirective() {
        h.text("#define f(x) x\n#if f(1\n#endif\n").expect("cpp-macro-args", "main.dts", 2);
    }

    @Test
    void badDefinitions() {
        String src = "#define\n#define 3 a\n#define f(a, a) a\n#define g(a\n#define h(1) a\n#define i(a,) a\n"
                + "#define j ## a\n#define k(a) a ##\n#define defined\n#undef\n#undef 3\n#define l(a...) a\n"
                + "#define m(...) __VA_ARGS__\n";
        CppHarness.Result r = h.text(src);
        int[] lines = r.all("cpp-macro-definition").stream().mapToInt(d -> d.pos().line()).toArray();
        assertEquals("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", java.util.Arrays.toString(lines), r::describe);
    }

    @Test
    void missingWhitespaceAfterMacroNameWarns() {
        CppHarness.Result r = h.text("#define foo+1\nfoo\n");
        Diagnostic d = r.one("cpp-macro-definition");
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("+1", r.tokens());
    }

    @Test
    void exponentialExpansionHitsTheStepBudget() {
        StringBuilder src = new StringBuilder("#define a0 x x\n");
        for (int i = 1; i <= 40; i++) {
            src.append("#define a").append(i).append(" a").append(i - 1).append(" a").append(i - 1).append('\n');
        }
        src.append("a40\nafter\n");
        CppHarness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> h.text(src.toString()));
        Diagnostic d = r.one("cpp-macro-expansion-limit");
        assertEquals(42, d.pos().line());
        assertTrue(r.out().length() < 64 << 20);
    }

    @Test
    void outputBudget() {
        h.maxSteps = 100_000_000L;
        h.maxChars = 1 << 20;
        StringBuilder src = new StringBuilder("#define a0 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
        for (int i = 1; i <= 20; i++) {
            src.append("#define a").append(i).append(" a").append(i - 1).append(" a").append(i - 1).append('\n');
        }
        src.append("a20\n");
        CppHarness.Result r = h.text(src.toString());
        assertEquals(1, r.all("cpp-macro-expansion-limit").size(), r::describe);
    }

    @Test
    void stringifyAndPasteBudgets() {
        h.maxSteps = 10_000_000L;
        h.maxChars = 1 << 16;
        String src = "#define D(x) x x\n#define S(x) #x\n#define XS(x) S(x)\n"
                + "XS(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(D(\"abcdefghijklmnopqrstuvwxyz\")))))))))))))))))))\n";
        CppHarness.Result r = h.text(src);
        assertEquals(1, r.all("cpp-macro-expansion-limit").size(), r::describe);
    }

    @Test
    void deepArgumentNestingIsBounded() {
        String src = "#define f(x) x\n" + "f(".repeat(5000) + "1" + ")".repeat(5000) + "\n";
        CppHarness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> h.text(src));
        assertEquals(1, r.all("cpp-macro-expansion-limit").size(), r::describe);
    }

    @Test
    void moderateNestingIsFine() {
        String src = "#define f(x) x\n" + "f(".repeat(150) + "1" + ")".repeat(150) + "\n";
        CppHarness.Result r = h.text(src);
        r.assertClean();
        assertEquals("1", r.tokens());
    }

    @Test
    void longMacroChainsAreIterative() {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            src.append("#define m").append(i).append(" m").append(i + 1).append('\n');
        }
        src.append("m0\n");
        CppHarness.Result r = h.text(src.toString());
        r.assertClean();
        assertEquals("m20000", r.tokens());
    }

    @Test
    void directiveErrors() {
        CppHarness.Result r = h.text("#line x\n#line 5 6\n#include\n");
        assertEquals(3, r.all("cpp-directive").size(), r::describe);
    }

    @Test
    void invalidStringifyBackslashWarns() {
        CppHarness.Result r = h.text("#define s(x) #x\ns(\\)\n");
        assertEquals(Severity.WARNING, r.one("cpp-macro-args").severity());
        assertEquals("\"\"", r.tokens());
    }
}
