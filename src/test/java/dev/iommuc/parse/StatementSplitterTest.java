package dev.iommuc.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cheap cut into top-level statements agrees with the lexer on everything that hides a ';' or a brace. */
class StatementSplitterTest {

    private static List<String> pieces(String s) {
        List<StatementSplitter.Piece> ps = StatementSplitter.split(s);
        return ps == null ? null : ps.stream().map(p -> s.substring(p.start(), p.end())).toList();
    }

    @Test
    void cutsAtTopLevelSemicolonsOnly() {
        assertEquals(List.of("/dts-v1/;", "/ { a = <1>; b { c; }; };", "&x { d; };"),
                pieces("/dts-v1/;\n/ { a = <1>; b { c; }; };\n\n&x { d; };\n"));
    }

    @Test
    void stringsCharLiteralsAndCommentsHideSeparators() {
        String s = "/dts-v1/;\n/ { s = \"};{\\\"\"; c = <'{' '}' ';'>; /* }; */ // };\n};\n";
        assertEquals(List.of("/dts-v1/;", "/ { s = \"};{\\\"\"; c = <'{' '}' ';'>; /* }; */ // };\n};"), pieces(s));
    }

    @Test
    void pathReferencesDoNotNest() {
        assertEquals(List.of("&{/soc/i2c@1} { x; };", "/delete-node/ &{/a};"),
                pieces("&{/soc/i2c@1} { x; };\n/delete-node/ &{/a};"));
    }

    @Test
    void piecesKnowTheirLinesAndColumns() {
        List<StatementSplitter.Piece> ps = StatementSplitter.split("/dts-v1/;\n\n  / {\n a;\n};");
        assertEquals(new StatementSplitter.Piece(0, 9, 1, 0, 1, false), ps.get(0));
        assertEquals(3, ps.get(1).line());
        assertEquals(2, ps.get(1).col());
        assertEquals(5, ps.get(1).lastLine());
    }

    @Test
    void piecesKnowWhetherTheyReadAFile() {
        List<StatementSplitter.Piece> ps = StatementSplitter.split(
                "/ { a = /incbin/(\"x.bin\"); };\n/ { b = \"/incbin/\"; /* /incbin/ */ };\n&{/incbin/x} { };\n/ { c = /incbin/(\"y\", 0, 4); };");
        assertEquals(List.of(true, false, false, true), ps.stream().map(StatementSplitter.Piece::incbin).toList());
    }

    @Test
    void brokenTextIsLeftToTheWholeFileParse() {
        assertNull(pieces("/ { a = \"open; };"));          // unterminated string
        assertNull(pieces("/ { a; "));                      // unclosed brace
        assertNull(pieces("/ { a; }; };"));                 // one brace too many
        assertNull(pieces("/ { }; /* open"));              // unterminated comment
        assertNull(pieces("/ { };\n/ { a = <1>; }"));       // no ';' after the last statement
    }
}
