package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iommuc.diag.Diagnostic;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The include memo: several "boards" preprocessed one after another with one shared cache must
 * each give exactly what a memo-less run gives (text, line markers and diagnostics), and the memo
 * must actually replay where the macro state allows it and not where it does not.
 */
class IncludeMemoTest {

    @TempDir
    Path tmp;
    CppHarness memo;
    CppHarness plain;

    @BeforeEach
    void setUp() {
        memo = new CppHarness(tmp);
        plain = new CppHarness(tmp, new SourceCache(0));
    }

    private IncludeMemoTest file(String name, String text) {
        memo.file(name, text);
        return this;
    }

    private static String diags(CppHarness.Result r) {
        return r.diags().all().stream().map(d -> d.headline() + d.notes().stream().map(Diagnostic.Note::message)
                .collect(Collectors.joining("; ", " [", "]"))).collect(Collectors.joining("\n"));
    }

    /** Runs {@code main} with and without the memo; they must agree exactly. */
    private CppHarness.Result both(String main) {
        CppHarness.Result want = plain.run(main);
        CppHarness.Result got = memo.run(main);
        assertEquals(want.out(), got.out(), "text of " + main);
        assertEquals(diags(want), diags(got), "diagnostics of " + main);
        return got;
    }

    private long hits() {
        return memo.cache.memoStats().hits();
    }

    private long stored() {
        return memo.cache.memoStats().stored();
    }

    @Test
    void sameHeaderUnderDifferentValuesOfAMacroItTests() {
        file("mode.h", "#if MODE == 1\nONE\n#else\nOTHER\n#endif\n");
        file("a.dts", "#define MODE 1\n#include \"mode.h\"\n#undef MODE\n#define MODE 2\n#include \"mode.h\"\n");
        file("b.dts", "#define MODE 2\n#include \"mode.h\"\n");
        file("c.dts", "#define MODE 1\n#include \"mode.h\"\n");
        assertEquals("ONE\nOTHER", both("a.dts").tokens());
        assertEquals(0, hits(), "MODE differs between the two includes");
        assertEquals(2, stored());
        assertEquals("OTHER", both("b.dts").tokens());
        assertEquals(1, hits());
        assertEquals("ONE", both("c.dts").tokens());
        assertEquals(2, hits());
    }

    @Test
    void aMacroRedefinedBetweenIncludesIsSeen() {
        file("use.h", "v = <X>;\n");
        file("a.dts", "#define X 1\n#include \"use.h\"\n#undef X\n#define X 2\n#include \"use.h\"\n");
        file("b.dts", "#define X 2\n#include \"use.h\"\n");
        file("c.dts", "#define X(a) a\n#include \"use.h\"\n");
        file("d.dts", "#define X   2   \n#include \"use.h\"\n"); // same definition, written differently
        file("e.dts", "#define X 3\n#include \"use.h\"\n");
        assertEquals("v = <1>;\nv = <2>;", both("a.dts").tokens());
        assertEquals("v = <2>;", both("b.dts").tokens());
        assertEquals(1, hits());
        assertEquals("v = <X>;", both("c.dts").tokens());
        assertEquals(1, hits(), "a function-like X is another state");
        assertEquals("v = <2>;", both("d.dts").tokens());
        assertEquals(2, hits(), "definitions compare by content, not by where they were made");
        assertEquals("v = <3>;", both("e.dts").tokens());
        assertEquals(2, hits());
    }

    @Test
    void includeGuardsAndTheirMacroReplay() {
        file("g.h", "#ifndef G_H\n#define G_H\nG = <1>;\n#endif\n");
        file("a.dts", "#include \"g.h\"\n#include \"g.h\"\n");
        file("b.dts", "#define G_H\n#include \"g.h\"\nb\n");
        file("c.dts", "#include \"g.h\"\n#ifdef G_H\nguarded\n#endif\n#include \"g.h\"\n");
        assertEquals("G = <1>;", both("a.dts").tokens());
        assertEquals("b", both("b.dts").tokens());
        assertEquals(0, hits());
        CppHarness.Result c = both("c.dts");
        assertEquals("G = <1>;\nguarded", c.tokens());
        assertEquals(1, hits(), "the first include replays; the second is skipped by the guard it defined");
    }

    @Test
    void macrosDefinedByTheIncludeAreUsedByTheIncluder() {
        file("defs.h", "#define RATE 100\n#define TWICE(x) (x * 2)\n");
        file("a.dts", "#include \"defs.h\"\nr = <RATE TWICE(3)>;\n");
        file("b.dts", "/dts-v1/;\n#include \"defs.h\"\n\nr = <TWICE(RATE)>;\n");
        assertEquals("r = <100 (3 * 2)>;", both("a.dts").tokens());
        assertEquals("/dts-v1/;\nr = <(100 * 2)>;", both("b.dts").tokens());
        assertEquals(1, hits());
    }

    @Test
    void undefInsideTheIncludedFile() {
        file("u.h", "#undef B\n#define C 3\n");
        file("a.dts", "#define B 1\n#include \"u.h\"\nB C\n");
        file("b.dts", "#include \"u.h\"\nB C\n");
        file("c.dts", "#define B 1\n#include \"u.h\"\nB C\n#ifdef B\nstill\n#endif\n");
        assertEquals("B 3", both("a.dts").tokens());
        assertEquals("B 3", both("b.dts").tokens());
        long before = hits();
        assertEquals("B 3", both("c.dts").tokens());
        assertEquals(before + 1, hits(), "c.dts is in a.dts's state");
    }

    @Test
    void counterAndIncludeLevelAreNeverReplayed() {
        file("cnt.h", "c = <__COUNTER__ __INCLUDE_LEVEL__>;\n");
        file("mid.h", "#include \"cnt.h\"\n");
        file("a.dts", "__COUNTER__\n#include \"cnt.h\"\n#include \"mid.h\"\n");
        file("b.dts", "#include \"mid.h\"\n#include \"cnt.h\"\n");
        assertEquals("0\nc = <1 1>;\nc = <2 2>;", both("a.dts").tokens());
        assertEquals("c = <0 2>;\nc = <1 1>;", both("b.dts").tokens());
        assertEquals(0, stored());
    }

    @Test
    void baseFileNamesTheBoardNotTheRecordingOne() {
        file("base.h", "b = __BASE_FILE__;\n");
        file("x.dts", "#include \"base.h\"\n");
        file("y.dts", "#include \"base.h\"\n");
        assertTrue(both("x.dts").tokens().endsWith("x.dts\";"));
        assertTrue(both("y.dts").tokens().endsWith("y.dts\";"));
        assertEquals(0, stored());
    }

    @Test
    void aFileThatWarnsWarnsOnEveryBoard() {
        file("w.h", "#warning careful\nW\n");
        file("a.dts", "#include \"w.h\"\n");
        file("b.dts", "#include \"w.h\"\n");
        both("a.dts").expect("cpp-warning", "w.h", 1);
        both("b.dts").expect("cpp-warning", "w.h", 1);
        assertEquals(0, stored());
    }

    @Test
    void aRedefinitionWarningDependsOnTheIncludersState() {
        file("x.h", "#define X 1\n");
        file("a.dts", "#include \"x.h\"\nX\n");
        file("b.dts", "#define X 2\n#include \"x.h\"\nX\n");
        file("c.dts", "#define X 1\n#include \"x.h\"\nX\n");
        both("a.dts").assertClean();
        both("b.dts").expect("cpp-macro-redefined", "x.h", 1);
        both("c.dts").assertClean(); // an identical redefinition is no redefinition
        assertEquals(0, hits());
        both("a.dts").assertClean();
        assertEquals(1, hits());
    }

    @Test
    void nestedIncludesMetInAnotherOrder() {
        file("inner.h", "#ifndef INNER_H\n#define INNER_H\n#define IN 1\n#endif\n");
        file("outer.dtsi", "#include \"inner.h\"\no = <IN>;\n");
        file("a.dts", "#include \"outer.dtsi\"\n");
        file("b.dts", "#include \"inner.h\"\n#include \"outer.dtsi\"\n");
        file("c.dts", "/ {\n};\n#include \"outer.dtsi\"\nIN\n");
        both("a.dts");
        assertEquals(2, stored());
        both("b.dts");
        assertEquals(1, hits(), "inner.h replays; outer.dtsi was recorded with INNER_H undefined");
        assertEquals("/ {\n};\no = <1>;\n1", both("c.dts").tokens());
        assertEquals(2, hits());
    }

    @Test
    void spacingStateBeforeTheIncludeIsPartOfTheState() {
        // After a line that ends in a macro expansion, GNU cpp spaces a following '#' text line.
        file("hash.dtsi", "#address-cells = <1>;\n");
        file("a.dts", "#include \"hash.dtsi\"\n");
        file("b.dts", "#define E x\nE\n#include \"hash.dtsi\"\n");
        file("c.dts", "#define E x\nE\n#include \"hash.dtsi\"\n#include \"hash.dtsi\"\n");
        String a = both("a.dts").out();
        String b = both("b.dts").out();
        assertNotEquals(a.substring(a.indexOf("#address")), b.substring(b.indexOf("#address")));
        both("c.dts");
        both("a.dts");
        assertTrue(hits() >= 2, "each spacing state replays its own recording");
    }

    @Test
    void pragmaOnceIsTrackedLikeAMacro() {
        file("once.h", "#pragma once\nONCE\n");
        file("a.dts", "#include \"once.h\"\n#include \"once.h\"\n");
        file("b.dts", "#include \"once.h\"\n#include \"once.h\"\n#import \"once.h\"\n");
        assertEquals("ONCE", both("a.dts").tokens());
        assertEquals("ONCE", both("b.dts").tokens());
        assertEquals(1, hits());
    }

    @Test
    void theSearchPathIsPartOfTheKey() {
        file("i1/x.h", "X1\n").file("i2/x.h", "X2\n").file("n.dtsi", "#include <x.h>\n").file("a.dts", "#include \"n.dtsi\"\n");
        memo.include("i1");
        plain.include("i1");
        assertEquals("X1", both("a.dts").tokens());
        memo.includeDirs.add(0, tmp.resolve("i2"));
        plain.includeDirs.add(0, tmp.resolve("i2"));
        assertEquals("X2", both("a.dts").tokens());
        assertEquals(0, hits());
    }

    @Test
    void replayedWorkStillCountsAgainstTheExpansionBudget() {
        file("big.h", "#define A1 x x x x\n#define A2 A1 A1 A1 A1\n#define A3 A2 A2 A2 A2\nA3 A3\n");
        file("a.dts", "#include \"big.h\"\n");
        both("a.dts").assertClean();
        memo.maxSteps = 40;
        plain.maxSteps = 40;
        both("a.dts").one("cpp-macro-expansion-limit");
        assertEquals(0, hits());
    }

    @Test
    void cyclesAndIncludesInsideMacroArgumentsBehaveAsWithoutTheMemo() {
        file("self.h", "s\n#include \"self.h\"\n");
        file("rec.h", "#ifndef R\n#define R\n#include \"rec.h\"\nr\n#endif\n");
        file("arg.h", "1, 2\n");
        file("a.dts", "#include \"self.h\"\n");
        file("b.dts", "#include \"rec.h\"\n");
        file("c.dts", "#define F(a, b) a+b\nF(\n#include \"arg.h\"\n)\n");
        both("a.dts").one("cpp-include-cycle");
        both("a.dts").one("cpp-include-cycle");
        assertEquals("r", both("b.dts").tokens());
        assertEquals("r", both("b.dts").tokens());
        both("c.dts");
        both("c.dts");
    }

    @Test
    void aSmallBudgetEvictsAndStaysCorrect() {
        memo = new CppHarness(tmp, new SourceCache(16 << 10));
        String line = "p = <0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 0x9 0xa 0xb 0xc 0xd 0xe 0xf>;\n";
        file("param.h", "v = <V>;\n" + line.repeat(10));
        for (int f = 0; f < 12; f++) {
            file("h" + f + ".h", line.repeat(10));
        }
        for (int b = 0; b < 12; b++) {
            StringBuilder sb = new StringBuilder("#define V " + b + "\n#include \"param.h\"\n");
            for (int f = 0; f < 12; f++) {
                sb.append("#include \"h").append((f + b) % 12).append(".h\"\n");
            }
            file("b" + b + ".dts", sb.toString());
            both("b" + b + ".dts");
            both("b" + b + ".dts");
        }
        ExpansionMemo.Stats s = memo.cache.memoStats();
        assertTrue(s.evicted() > 0, s::toString);
        assertTrue(s.bytes() <= 16 << 10, s::toString);
        assertTrue(s.hits() > 0, s::toString);
    }

    @Test
    void filesDroppedByTheCacheAndReadAgainChangeNothing() {
        // room for about one small file: every include reads its file again, while memo entries and the
        // board's include stack hold earlier copies of the same files (cycles are found by path)
        memo = new CppHarness(tmp, new SourceCache(SourceCache.DEFAULT_MEMO_BYTES, 200));
        file("self.h", "s\n#include \"self.h\"\n");
        file("rec.h", "#ifndef R\n#define R\n#include \"rec.h\"\nr\n#endif\n");
        file("x.h", "#include \"y.h\"\nx\n");
        file("y.h", "#ifndef Y\n#define Y\n#include \"x.h\"\ny\n#endif\n");
        file("a.dts", "#include \"self.h\"\n");
        file("b.dts", "#include \"rec.h\"\n#include \"x.h\"\n#include \"y.h\"\n#include \"x.h\"\n");
        for (int i = 0; i < 3; i++) {
            both("a.dts").one("cpp-include-cycle");
            both("b.dts");
        }
        SourceCache.FileStats f = memo.cache.fileStats();
        assertTrue(f.rereads() > 0, f::toString);
        assertTrue(f.files() <= 2, f::toString);
        assertTrue(hits() > 0, () -> memo.cache.memoStats().toString());
    }
}
