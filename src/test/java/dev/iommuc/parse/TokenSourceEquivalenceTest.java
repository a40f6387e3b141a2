package dev.iommuc.parse;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.grammar.DtsLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written {@link DtsTokenSource} must produce exactly what the ANTLR {@code DtsLexer}
 * grammar produces: type, text, line and column of every token, on our own inputs, on random
 * inputs drawn from DTS's alphabet, and on every preprocessed corpus board.
 */
class TokenSourceEquivalenceTest {

    static void assertSameTokens(String name, String text) {
        DtsLexer antlr = new DtsLexer(CharStreams.fromString(text));
        antlr.removeErrorListeners();
        DtsTokenSource ours = new DtsTokenSource(text, CharStreams.fromString(text));
        for (int i = 0; ; i++) {
            Token a = antlr.nextToken();
            Token b = ours.nextToken();
            String where = name + " token " + i + " at " + a.getLine() + ":" + a.getCharPositionInLine();
            assertEquals(describe(a), describe(b), where);
            if (a.getType() == Token.EOF) {
                return;
            }
        }
    }

    private static String describe(Token t) {
        return DtsLexer.VOCABULARY.getSymbolicName(t.getType()) + " '" + t.getText() + "' " + t.getLine() + ":"
                + t.getCharPositionInLine() + " [" + t.getStartIndex() + "," + t.getStopIndex() + "]";
    }

    @Test
    void ownInputs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("src/test/resources/tree", "src/test/resources/bad", "dts-examples/boards")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(p -> p.toString().matches(".*\\.dtsi?$")).forEach(files::add);
            }
        }
        for (Path p : files) {
            assertSameTokens(p.toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void tricky() {
        String[] cases = {
            "", "/", "/*", "/* x", "/*/", "//", "// x", "\"", "\"\\", "\"abc", "'", "'\\", "'a'", "''", "&", "&&", "&{",
            "&{/a/b", "&{/a}", "&x", "&1", "0x", "0x1g", "08", "1ULL", "1LLU", "1LU", "1U", "0X1F", "a:", "a:b", "abc",
            "{ab: ab-c: #x-y,z@1 \\name \\ }", "; 0x10 @ a,b: c.d", "[ab: 01 2 ab cd ]", "[ab]", "[;", "{ /incbin/ }",
            "/dts-v1/ ; /plugin/ ; / { }", "{ /bits/ 8 < 1 > }", "{ p = < 1 << 2 >= <= == != || ! | ~ ^ % ? : > }",
            "; /delete-node/ &x; /delete-property/ y; /omit-if-no-ref/ z", "{ a = \"s\\\"t\"; }", "{ #a; ?b; *c; .d; }",
            "{\n\t\tx = <1\n2>;\r\n}", "{ x = 'a' '\\'' '\\\\'; }", "{ l1: l2 : x; }", "\u00e9\u00ff\u0000",
            // beyond Latin-1 (API text only): the lexer scans them as 0xFF, which must not read as '?'
            "{ a?\u0100b = \"\u20ac?\"; }", "\u0100 ? \u013f", "{ p\u013f = &{/a\u013f}; }",
            "[ab \u0100 cd]", "{ x = <1\u0100>; }", "/*\u20ac*/ //\u20ac\n a",
        };
        for (String c : cases) {
            assertSameTokens("case " + c.replace("\n", "\\n"), c);
        }
    }

    @Test
    void randomInputs() {
        String alphabet = "/*-dtsv1;{}[]<>()=&|!^~%?:,.+#@\\\"' \t\nabcxyzABX_0189fF\u00e9\u013f\u20ac\ud83d";
        String[] words = {"/dts-v1/", "/plugin/", "/memreserve/", "/bits/", "/delete-node/", "/delete-property/",
            "/omit-if-no-ref/", "/incbin/", "&{/a/b}", "&lbl", "lbl:", "0x1f", "ULL", "\"str\"", "'c'", "/*", "*/", "//"};
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(60);
            for (int k = 0; k < len; k++) {
                if (r.nextInt(4) == 0) {
                    sb.append(words[r.nextInt(words.length)]);
                } else {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            assertSameTokens("random #" + i + " '" + sb + "'", sb.toString());
        }
    }

    @Test
    @Tag("corpus")
    void corpus() throws IOException {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        int n = 0;
        for (Corpus.Board b : Corpus.boards()) {
            String text = Files.readString(b.pre(), StandardCharsets.ISO_8859_1);
            // the lexer sees SourceText's output: line markers blanked
            String lexed = SourceText.of(text, b.pre(), b.pre().toString(), List.of(), new dev.iommuc.diag.Diagnostics()).text();
            assertSameTokens(b.name(), lexed);
            n++;
        }
        System.out.println("token sources agree on " + n + " corpus boards");
    }

}
