package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Line markers become empty lines that move positions; every other line reaches the lexer unchanged. */
class SourceTextTest {

    private static SourceText.Result of(String text) {
        return SourceText.of(text, Path.of("b.dts"), "b.dts", List.of(), new Diagnostics());
    }

    @Test
    void theIncludeSearchAgreesWithContains() {
        for (String t : List.of("", "/include/", "/include", "include/", "x/include/", "/include/x", "//include/",
                "/includ/include/", "/i/include/", "/include//include/", "a/incl/include/ude/")) {
            assertEquals(t.contains("/include/"), SourceText.containsInclude(t), t);
        }
        java.util.Random r = new java.util.Random(3);
        String alphabet = "/includex ";
        for (int round = 0; round < 20000; round++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) {
                b.append(r.nextInt(30) == 0 ? "/include/" : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
            }
            String t = b.toString();
            assertEquals(t.contains("/include/"), SourceText.containsInclude(t), t);
        }
    }

    @Test
    void ordinaryLinesPassUnchangedAndTheLastGetsItsNewline() {
        assertEquals("a\nb\n", of("a\nb").text());
        assertEquals("a\nb\n", of("a\nb\n").text());
        assertEquals("", of("").text());
    }

    @Test
    void markersAreBlankedAndMovePositions() {
        SourceText.Result r = of("# 1 \"b.dts\"\n/dts-v1/;\n# 1 \"soc.dtsi\" 1\n/ { };\n# 3 \"b.dts\" 2\n/ { x; };\n# 9 \"b.dts\"");
        assertEquals("\n/dts-v1/;\n\n/ { };\n\n/ { x; };\n\n", r.text());
        SourcePos soc = r.lines().pos(4, 1);
        assertEquals("soc.dtsi", soc.file());
        assertEquals(1, soc.line());
        assertEquals(new SourcePos("b.dts", 2, 1, 2, 1), soc.from(), "included from the #include line itself");
        SourcePos back = r.lines().pos(6, 3);
        assertEquals("b.dts", back.file());
        assertEquals(3, back.line());
        assertNull(back.from());
    }

    @Test
    void aHashThatIsNoMarkerIsText() {
        assertEquals("#address-cells = <1>;\n# x\n", of("#address-cells = <1>;\n# x").text());
    }
}
