package dev.iommuc.parse;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DirectParser} against ANTLR, the parser of record: the same tree field by field (positions,
 * labels, markers, tombstones) and the same diagnostics, on every corpus board, on hand-written clean
 * and unclean inputs, and on thousands of token-level mutations of them, where the direct parser must
 * give up on everything the grammar rejects.
 */
class DirectParserTest {

    private static final String CLEAN = """
            /dts-v1/;
            m1: m2: /memreserve/ 0x1000 (4096 * 2);
            /memreserve/ 'a' 0x10;
            / {
                #address-cells = <2>;
                l1: l2: compatible = "v,a\\n", "b";
                empty;
                v: val = l3: <l4: 1 l5: 0x2 (3 + 4 * 5) (-1) (~0) (!0) &n1 &{/n@1}> l6:, l7: [l8: 01 ab l9:] l10:;
                w = /bits/ 8 <0xff 'x' (-1)>, /bits/ 16 <0xffff>, /bits/ 64 <0xffffffffffffffff (1 << 63)>;
                e = <(1 ? 2 : 3 ? 4 : 5) (0 || 1 && 0) (7 / 2) (7 % 4) (1 < 2) (2 > 1) (1 <= 1) (2 >= 3)
                     (1 == 1) (1 != 1) (6 & 3) (6 ^ 3) (6 | 3) (1 << 64) (8 >> 1) (-1 >> 60) (2 - 3 - 4)
                     (1 + 2 == 3 ? 10 : 20) (1 | 2 ^ 3 & 4) ((1)) (- -1) (3 * -2)>;
                p = &n1, "x", &{/n@1};
                /delete-property/ gone;
                d1: /delete-property/ gone2;
                n1: n@1 { reg = <1>; };
                a: /omit-if-no-ref/ b: c: omit@2 { };
                /omit-if-no-ref/ plain { x; };
                \\keyword { };
                /delete-node/ old;
            };
            &n1 { extra = <&{/n@1}>; };
            l11: &{/n@1} { more; };
            / { late { }; };
            /delete-node/ &{/late};
            /omit-if-no-ref/ &n1;
            """;

    private static final String PLUGIN = """
            /dts-v1/;
            /plugin/;
            &foo { a = <1>; };
            &{/bar} { b; };
            / { x; baz: y { }; };
            l: &baz { c; };
            """;

    /** Grammatical inputs that the builder reports on when their statements run (both paths share that code). */
    private static final List<String> REPORTED_WHEN_RUN = List.of(
            "/dts-v1/; / { }; &missing { };",
            "/dts-v1/; &x { };",
            "/plugin/; / { };",
            "/dts-v1/; /plugin/; /plugin/; / { };",
            "/dts-v1/;");

    /** Inputs the direct parser must hand to ANTLR, which reports on them. */
    private static final List<String> UNCLEAN = List.of(
            "/dts-v1/; / { a = <0x100000000>; };",
            "/dts-v1/; / { a = /bits/ 8 <256>; };",
            "/dts-v1/; / { a = /bits/ 7 <1>; };",
            "/dts-v1/; / { a = /bits/ 16 <&x>; };",
            "/dts-v1/; / { a = <(1 / 0)>; };",
            "/dts-v1/; / { a = <(1 % (2 - 2))>; };",
            "/dts-v1/; / { a = <''>; };",
            "/dts-v1/; / { a = <'ab'>; };",
            "/dts-v1/; / { a = <0x>; };",
            "/dts-v1/; / { a = <99999999999999999999>; };",
            "/dts-v1/; / { n { }; p; };",
            "/dts-v1/; / { n { }; /delete-property/ p; };",
            "/dts-v1/; / { a = /incbin/(\"nope.bin\"); };",
            "/dts-v1/; /memreserve/ 0x1 0x100000000000000000;",
            "/dts-v1/; / { a = ; };",
            "/dts-v1/; / { a = l: ; };",
            "/dts-v1/; / { a = <1> <2>; };",
            "/dts-v1/; / { l: /delete-node/ x; };",
            "/dts-v1/; l: / { };",
            "/dts-v1/; / { a = <(1 ? 2)>; };",
            "/dts-v1/; / { a = <(1 +)>; };",
            "/dts-v1/; / { a = [0]; };",
            "/dts-v1/; / { } ",
            "/dts-v1/; / { };\n/memreserve/ 0 1;");

    private record Outcome(DeviceTree tree, List<String> diags) {
    }

    private static Outcome run(String text, boolean direct) {
        Diagnostics d = new Diagnostics();
        SourceText.Result src = SourceText.of(text, Path.of("t.dts"), "t.dts", List.of(), d);
        DeviceTree t = direct ? DtsFrontend.parse(src, null, List.of(), d)
                : DtsFrontend.parseWithAntlr(src, null, List.of(), d);
        return new Outcome(t, d.all().stream().map(x -> x.headline() + " @" + x.pos()).toList());
    }

    /** Null when both parses agree; else what differs. */
    private static String compare(String text) {
        Outcome a = run(text, false);
        Outcome b = run(text, true);
        if (!a.diags().equals(b.diags())) {
            return "diagnostics: " + a.diags() + " vs " + b.diags();
        }
        if ((a.tree() == null) != (b.tree() == null)) {
            return "one parse failed";
        }
        return a.tree() == null ? null : TreeSame.diff(a.tree(), b.tree());
    }

    /** Whether the direct parser takes {@code text} itself (true) or gives up (false). */
    private static boolean takes(String text) {
        Diagnostics d = new Diagnostics();
        SourceText.Result src = SourceText.of(text, Path.of("t.dts"), "t.dts", List.of(), d);
        Lexed tokens = new DtsTokenSource(src.text(), new TextCharStream(src.text())).lex();
        return DirectParser.file(tokens, new Positions(src.lines(), null)) != null;
    }

    @Test
    void cleanInputsBuildTheSameTreeDirectly() {
        for (String text : List.of(CLEAN, PLUGIN)) {
            assertTrue(takes(text), "the direct parser gave up on a clean input");
            assertNull(compare(text));
            assertTrue(run(text, true).diags().isEmpty(), () -> run(text, true).diags().toString());
        }
    }

    @Test
    void uncleanInputsGoToAntlrAndReportTheSame() {
        for (String text : UNCLEAN) {
            assertTrue(!takes(text), () -> "taken: " + text);
            assertNull(compare(text), text);
            assertTrue(!run(text, true).diags().isEmpty(), () -> "no diagnostic for " + text);
        }
        for (String text : REPORTED_WHEN_RUN) {
            assertTrue(takes(text), () -> "not taken: " + text);
            assertNull(compare(text), text);
            assertTrue(!run(text, true).diags().isEmpty(), () -> "no diagnostic for " + text);
        }
    }

    @Test
    void tokenMutationsAgree() {
        Random rnd = new Random(7);
        List<String> sources = new ArrayList<>(List.of(CLEAN, PLUGIN));
        sources.addAll(UNCLEAN);
        sources.addAll(REPORTED_WHEN_RUN);
        int taken = 0;
        int runs = 0;
        for (String base : sources) {
            String[] words = base.split("(?<=[\\s;{}<>()\\[\\],])|(?=[\\s;{}<>()\\[\\],])");
            for (int k = 0; k < 250; k++) {
                List<String> w = new ArrayList<>(List.of(words));
                int edits = 1 + rnd.nextInt(3);
                for (int e = 0; e < edits && !w.isEmpty(); e++) {
                    int at = rnd.nextInt(w.size());
                    switch (rnd.nextInt(4)) {
                        case 0 -> w.remove(at);
                        case 1 -> w.add(at, w.get(rnd.nextInt(w.size())));
                        case 2 -> w.set(at, w.get(rnd.nextInt(w.size())));
                        default -> {
                            int b = rnd.nextInt(w.size());
                            String t = w.get(at);
                            w.set(at, w.get(b));
                            w.set(b, t);
                        }
                    }
                }
                String text = String.join("", w);
                runs++;
                if (takes(text)) {
                    taken++;
                }
                String diff = compare(text);
                assertNull(diff, () -> "mutation:\n" + text + "\n" + diff);
            }
        }
        // both kinds of outcome are exercised
        assertTrue(taken > runs / 20 && taken < runs - runs / 20, taken + " of " + runs + " taken directly");
    }

    @Test
    void randomExpressionsEvaluateAsAntlrDoes() {
        Random rnd = new Random(11);
        String[] ops = {"*", "/", "%", "+", "-", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^", "|", "&&", "||"};
        int taken = 0;
        for (int k = 0; k < 1500; k++) {
            // one expression per file: a division by zero anywhere sends the whole file to ANTLR
            String text = "/dts-v1/; / { e = /bits/ 64 <(" + expr(rnd, ops, 0) + ")>; };";
            if (takes(text)) {
                taken++;
            }
            String diff = compare(text);
            assertNull(diff, () -> text + "\n" + diff);
        }
        assertTrue(taken > 1000, taken + " of 1500 taken directly");
    }

    private static String expr(Random rnd, String[] ops, int depth) {
        int r = rnd.nextInt(10);
        if (depth > 4 || r < 3) {
            return Integer.toString(1 + rnd.nextInt(9));
        }
        if (r == 3) {
            return new String[] {"-", "~", "!"}[rnd.nextInt(3)] + expr(rnd, ops, depth + 1);
        }
        if (r == 4) {
            return expr(rnd, ops, depth + 1) + " ? " + expr(rnd, ops, depth + 1) + " : " + expr(rnd, ops, depth + 1);
        }
        if (r == 5) {
            return "(" + expr(rnd, ops, depth + 1) + ")";
        }
        return expr(rnd, ops, depth + 1) + " " + ops[rnd.nextInt(ops.length)] + " " + expr(rnd, ops, depth + 1);
    }

    @Test
    void everyCorpusBoardParsesDirectlyToAntlrsTree() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present (run shared/corpus/kernel-dts.sh)");
        List<String> failures = new ArrayList<>();
        int taken = 0;
        List<Corpus.Board> boards = Corpus.boards();
        for (Corpus.Board b : boards) {
            String text = Files.readString(b.pre(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (takes(text)) {
                taken++;
            }
            String d = compare(text);
            if (d != null) {
                failures.add(b.name() + ": " + d);
            }
        }
        assertEquals(List.of(), failures.stream().limit(10).toList());
        assertEquals(boards.size(), taken, "boards the direct parser took itself");
        assertNotNull(boards);
    }
}
