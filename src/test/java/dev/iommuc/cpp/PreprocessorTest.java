package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text passthrough and macro expansion; expected outputs checked against GNU cpp 12. */
class PreprocessorTest {

    @TempDir
    Path tmp;
    CppHarness h;

    @BeforeEach
    void setUp() {
        h = new CppHarness(tmp);
    }

    private String tokens(String src) {
        CppHarness.Result r = h.text(src);
        r.assertClean();
        return r.tokens();
    }

    @Test
    void plainLinesAreCopiedWithColumnsAndAMarker() {
        CppHarness.Result r = h.text("/dts-v1/;\n/ {\n\tmodel = \"x\";   /* c */ status = \"okay\";\n};\n");
        r.assertClean();
        assertEquals("# 1 \"" + tmp.resolve("main.dts") + "\"\n/dts-v1/;\n/ {\n\tmodel = \"x\";"
                + "           status = \"okay\";\n};\n", r.out());
    }

    @Test
    void hashWordLinesAreNotDirectives() {
        CppHarness.Result r = h.text("n {\n\t#address-cells = <1>;\n\t#size-cells = <0>;\n#iommu-cells = <1>;\n};\n");
        r.assertClean();
        assertTrue(r.out().contains("\n\t#address-cells = <1>;\n\t#size-cells = <0>;\n#iommu-cells = <1>;\n"), r.out());
    }

    @Test
    void wordsOfHashLinesAreStillMacroExpanded() {
        // GNU cpp expands the words after a non-directive '#', so we do too.
        assertEquals("#foo-cells = <2>;", tokens("#define address foo\n#define TWO 2\n#address-cells = <TWO>;\n"));
    }

    @Test
    void linuxIsNotPredefinedButDtsIs() {
        assertEquals("linux,phandle = <1>; unix i386 1", tokens("linux,phandle = <__DTS__>; unix i386 __DTS__\n"));
    }

    @Test
    void commandLineDefines() {
        h.define("A", null).define("B", "0x10").define("F(x)", "(x+1)");
        assertEquals("1 0x10 (2 +1)", tokens("A B F(2)\n")); // GNU spaces a number before +
    }

    @Test
    void badCommandLineDefinesAreReported() {
        h.define("3X", "1").define("OK", "2\nignored");
        CppHarness.Result r = h.text("OK\n");
        assertEquals(1, r.all("cpp-macro-definition").size(), r::describe);
        assertEquals("<command-line>", r.one("cpp-macro-definition").pos().file());
        assertEquals("2", r.tokens());
    }

    @Test
    void objectLikeMacrosKeepTheRestOfTheLine() {
        CppHarness.Result r = h.text("#define GIC_SPI 0\n#define IRQ_TYPE_LEVEL_HIGH 4\n"
                + "\t\tinterrupts = <GIC_SPI 5 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI  6\tIRQ_TYPE_LEVEL_HIGH>;\n");
        r.assertClean();
        assertTrue(r.out().contains("\n\t\tinterrupts = <0 5 4>, <0  6\t4>;\n"), r.out());
    }

    @Test
    void functionLikeMacros() {
        assertEquals("<(0x10 + 2)> [1] [ (a,b) | c ] [ | ]",
                tokens("#define OFF(b, n) (b + n)\n#define f(x) [x]\n#define g(x, y) [ x | y ]\n"
                        + "<OFF(0x10, 2)> f (1) g((a,b), c) g(,)\n"));
    }

    @Test
    void functionLikeNameWithoutParenIsLeftAlone() {
        assertEquals("f + f", tokens("#define f(x) [x]\nf + f\n"));
    }

    @Test
    void multiLineInvocationKeepsLineSync() {
        CppHarness.Result r = h.text("#define F(a, b) <a b>\nx = F(1,\n      2);\ny = 3;\n");
        r.assertClean();
        String[] lines = r.out().split("\n", -1);
        assertEquals("x = <1 2>;", lines[2]);
        assertEquals("", lines[3]);
        assertEquals("y = 3;", lines[4]); // line 4 of the source is output line 4 after the marker
    }

    @Test
    void invocationMaySpanBlankLinesAndComments() {
        assertEquals("[3]", tokens("#define f(x) [x]\nf\n\n/* c */\n(3)\n"));
    }

    @Test
    void stringify() {
        assertEquals("\"a + \\\"b\\\\n\\\" 'c'\" \"\" \"a b\" \"7\"",
                tokens("#define s(x) #x\n#define xs(x) s(x)\n#define N 7\ns( a  +   \"b\\n\" 'c'  ) s() s(a\nb) xs(N)\n"));
    }

    @Test
    void paste() {
        // Only the facing tokens of multi-token arguments paste; invalid pastes stay two tokens.
        assertEquals("x yz w 0x1f a b a <<= / / -> 1e+ 5",
                tokens("#define p(a, b) a##b\np(x y, z w) p(0x, 1f) p(a,)p(,b) p(a, ) p(,) p(<<, =) p(/, /)"
                        + " p(-, >) p(1e, +5)\n"));
    }

    @Test
    void pasteNeedsNoSpaceBetweenAdjacentResults() {
        assertEquals("LPC_PIN (0x1 * 32 + 3)", tokens("#define LPC_PIN(port, pin) (0x##port * 32 + pin)\nLPC_PIN "
                + "LPC_PIN(1, 3)\n"));
    }

    @Test
    void variadicMacros() {
        assertEquals("f(1, ) f(1, 2,3) f(1) f(1,2) f(1,) f(1, 2,3) [ ] [a b 1]",
                tokens("#define v(fmt, ...) f(fmt, __VA_ARGS__)\n#define w(fmt, ...) f(fmt, ## __VA_ARGS__)\n"
                        + "#define n(fmt, args...) f(fmt, args)\n#define o(...) [__VA_OPT__(a b) __VA_ARGS__]\n"
                        + "v(1) v(1,2,3) w(1) w(1,2) w(1,) n(1,2,3) o() o(1)\n"));
    }

    @Test
    void selfReferenceTerminates() {
        assertEquals("foo a b f(1) 1 f(2) 2 f f(f) f f(f(3) 3) f(3) 3",
                tokens("#define foo foo\n#define a b\n#define b a\n#define f(x) f(x) x\n#define g f\n"
                        + "foo a b f(1) g(2) g g(g) f(f(3))\n"));
    }

    @Test
    void standardExample() {
        // C11 6.10.3.5 EXAMPLE 3 (GNU cpp output).
        String src = "#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n#define g f\n#define z z[0]\n"
                + "#define h g(~\n#define m(a) a(w)\n#define w 0,1\n#define t(a) a\n#define p() int\n#define q(x) x\n"
                + "#define r(x,y) x ## y\n#define str(x) # x\n"
                + "f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\ng(x+(3,4)-w) | h 5) & m\n(f)^m(m);\n"
                + "p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };\nchar c[2][6] = { str(hello), str() };\n";
        assertEquals("f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);\n"
                + "f(2 * (2 +(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);\n"
                + "int i[] = { 1, 23, 4, 5, };\nchar c[2][6] = { \"hello\", \"\" };", tokens(src));
    }

    @Test
    void paintedTokensStayUnexpanded() {
        assertEquals("2*9*g 1 q(2) gg", tokens("#define f(a) a*g\n#define g(a) f(a)\n#define q(x) x q\n"
                + "#define ff(x) x\n#define gg ff(gg\nf(2)(9) q(1)(2) gg)\n"));
    }

    @Test
    void spacesOnlyWhereTokensWouldPaste() {
        assertEquals("- - - - -1 x 1 x \"s\" xL'a' a+ +b", tokens("#define E\n#define NEG -1\n#define f(a) a\n"
                + "-f(-)- -NEG f(x)1 f(x)\"s\" f(x)L'a' a+E+b\n"));
    }

    @Test
    void hashFromMacroAtLineStartGetsASpace() {
        CppHarness.Result r = h.text("#define CELLS(n) #address-cells = <n>\nCELLS(2);\n");
        r.assertClean();
        assertTrue(r.out().contains("\n #address-cells = <2>;\n"), r.out());
    }

    @Test
    void apostrophesAndUnterminatedQuotesPassThrough() {
        assertEquals("don't x\n'a' 1\n\"abc x", tokens("#define x 1\ndon't x\n'a' x\n\"abc x\n"));
    }

    @Test
    void commentsBecomeSpacesAndSplicesJoinLines() {
        CppHarness.Result r = h.text("a /* one */ b // two\nc /* multi\n line */ d\n#define L 1 + \\\n 2\nL\ne\n");
        r.assertClean();
        String[] lines = r.out().split("\n");
        assertEquals("a           b", lines[1]);
        assertEquals("c", lines[2].strip());
        assertEquals("         d", lines[3]);
        assertEquals("1 + 2", lines[6]); // the spliced #define took lines 4-5
        assertEquals("e", lines[7]);
    }

    @Test
    void splicedTextLinesKeepLaterLinesInSync() {
        CppHarness.Result r = h.text("a = <1 \\\n 2>;\nc;\nx /* one\n two */ y\nz;\n");
        r.assertClean();
        String[] lines = r.out().split("\n", -1);
        assertEquals("a = <1  2>;", lines[1]);
        assertEquals("", lines[2]);
        assertEquals("c;", lines[3]);
        assertEquals("x", lines[4].strip());
        assertEquals("y", lines[5].strip());
        assertEquals("z;", lines[6]);
    }

    @Test
    void builtins() {
        CppHarness.Result r = h.text("#define L __LINE__\n__LINE__ L\n__FILE__ __INCLUDE_LEVEL__ __COUNTER__ __COUNTER__\n");
        r.assertClean();
        assertEquals("2 2\n\"" + tmp.resolve("main.dts") + "\" 0 0 1", r.tokens());
    }

    @Test
    void numbersAndIdentifiersLexAsInAssembler() {
        assertEquals("0x1fx 1e+x $1 a$1 1 .1x", tokens("#define x 1\n0x1fx 1e+x $x a$x x .1x\n"));
    }

    @Test
    void directivesInsideMacroArguments() {
        assertEquals("[1|2]", tokens("#define f(x, y) [x|y]\nf(1\n#ifdef __DTS__\n , 2\n#else\n , 3\n#endif\n)\n"));
    }

    @Test
    void nullDirectiveAndIgnoredDirectives() {
        assertEquals("a\nb", tokens("#\na\n#pragma foo\n#ident \"x\"\nb\n"));
    }

    @Test
    void lineDirectiveChangesMarkersAndBuiltins() {
        CppHarness.Result r = h.text("a\n#line 100 \"foo.dtsi\"\n__LINE__ __FILE__\n");
        r.assertClean();
        assertTrue(r.out().contains("# 100 \"foo.dtsi\"\n100 \"foo.dtsi\"\n"), r.out());
    }

    @Test
    void redefinitionWarnsOnlyWhenDifferent() {
        CppHarness.Result r = h.text("#define A 1\n#define A 1\n#define A  1\n#define A 2\nA\n");
        assertEquals(1, r.all("cpp-macro-redefined").size(), r.describe());
        assertEquals(4, r.one("cpp-macro-redefined").pos().line());
        assertEquals("2", r.tokens());
    }

    @Test
    void hashInFunctionLikeBodyWithoutParameterIsKept() {
        // GNU cpp accepts this in assembler-with-cpp mode.
        assertEquals("#foo-cells", tokens("#define F(x) #foo-cells\nF(1)\n"));
    }
}
