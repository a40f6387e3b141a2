package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iommuc.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #include search, line markers and include-related diagnostics. */
class IncludeTest {

    @TempDir
    Path tmp;
    CppHarness h;

    @BeforeEach
    void setUp() {
        h = new CppHarness(tmp);
    }

    private String rel(CppHarness.Result r) {
        return r.out().replace(tmp + "/", "");
    }

    @Test
    void nestedIncludesHaveExactLineMarkers() {
        h.file("b/soc.dtsi", "#include <dt-bindings/irq.h>\n/ {\n\tirq = <IRQ>;\n};\n");
        h.file("inc/dt-bindings/irq.h", "#ifndef IRQ_H\n#define IRQ_H\n\n#define IRQ 4\n\n#endif\n");
        h.include("inc");
        h.file("b/board.dts", "/dts-v1/;\n\n#include \"soc.dtsi\"\n#include <dt-bindings/irq.h>\n/ { x = <IRQ>; };\n");
        CppHarness.Result r = h.run("b/board.dts");
        r.assertClean();
        assertEquals("# 1 \"b/board.dts\"\n"
                + "/dts-v1/;\n"
                + "\n"
                + "# 1 \"b/soc.dtsi\" 1\n"
                + "# 1 \"inc/dt-bindings/irq.h\" 1\n"
                + "# 2 \"b/soc.dtsi\" 2\n"
                + "/ {\n"
                + "\tirq = <4>;\n"
                + "};\n"
                + "# 4 \"b/board.dts\" 2\n"
                + "\n" // the guarded header is not entered again (no markers), like GNU cpp
                + "/ { x = <4>; };\n", rel(r));
    }

    @Test
    void quoteIncludesSearchTheIncludingFilesDirectoryFirst() {
        h.file("a/x.h", "A\n").file("inc/x.h", "INC\n").file("a/main.dts", "#include \"x.h\"\n#include <x.h>\n");
        h.include("inc");
        CppHarness.Result r = h.run("a/main.dts");
        r.assertClean();
        assertEquals("A\nINC", r.tokens());
    }

    @Test
    void includeNextContinuesTheSearch() {
        h.file("i1/x.h", "ONE\n#include_next <x.h>\n").file("i2/x.h", "TWO\n").file("main.dts", "#include <x.h>\n");
        h.include("i1").include("i2");
        CppHarness.Result r = h.run("main.dts");
        r.assertClean();
        assertEquals("ONE\nTWO", r.tokens());
    }

    @Test
    void includeNameFromMacro() {
        h.file("inc/y.h", "Y\n").include("inc");
        assertEquals("Y\nY", h.text("#define H <y.h>\n#define Q \"inc/y.h\"\n#include H\n#include Q\n").tokens());
    }

    @Test
    void pragmaOnce() {
        h.file("o.h", "#pragma once\nO\n");
        CppHarness.Result r = h.text("#include \"o.h\"\n#include \"o.h\"\n");
        r.assertClean();
        assertEquals("O", r.tokens());
    }

    @Test
    void includeNotFoundIsFatal() {
        CppHarness.Result r = h.text("a\n#include \"nope.h\"\nb\n");
        Diagnostic d = r.expect("cpp-include-not-found", "main.dts", 2);
        assertEquals("nope.h: No such file or directory", d.message());
        assertEquals(10, d.pos().col());
        assertEquals("a", r.tokens());
    }

    @Test
    void angleIncludesDoNotSearchTheCurrentDirectory() {
        h.file("x.h", "X\n");
        h.text("#include <x.h>\n").expect("cpp-include-not-found", "main.dts", 1);
    }

    @Test
    void diagnosticsInIncludedFilesCarryTheIncludeTrail() {
        h.file("inc/a.dtsi", "#include \"b.dtsi\"\n").file("inc/b.dtsi", "\n#error deep\n");
        CppHarness.Result r = h.text("x\n#include \"inc/a.dtsi\"\n");
        Diagnostic d = r.expect("cpp-error", "inc/b.dtsi", 2);
        assertEquals("#error deep", d.message());
        assertEquals(2, d.notes().size(), r::describe);
        assertEquals("in file included from " + tmp.resolve("inc/a.dtsi") + ":1", d.notes().get(0).message());
        assertEquals(tmp.resolve("main.dts") + ":2:2", d.notes().get(1).pos().toString());
    }

    @Test
    void unguardedSelfIncludeIsACycle() {
        CppHarness.Result r = h.text("a\n#include \"main.dts\"\n");
        r.expect("cpp-include-cycle", "main.dts", 2);
        assertEquals("a", r.tokens());
    }

    @Test
    void cycleThroughAHelperIsReportedInTheFileThatStartsIt() {
        h.file("inc/c.dtsi", "#include \"../main.dts\"\n");
        CppHarness.Result r = h.text("/* x */\n#include \"inc/c.dtsi\"\n");
        Diagnostic d = r.expect("cpp-include-cycle", "main.dts", 2);
        assertTrue(d.message().contains("main.dts -> " + tmp.resolve("inc/c.dtsi")), d.message());
        assertEquals(tmp.resolve("inc/c.dtsi") + ":1:2", d.notes().get(0).pos().toString());
    }

    @Test
    void guardedMutualIncludesAreFine() {
        h.file("p.h", "#ifndef P\n#define P\n#include \"q.h\"\nP_BODY\n#endif\n");
        h.file("q.h", "#ifndef Q\n#define Q\n#include \"p.h\"\nQ_BODY\n#endif\n");
        CppHarness.Result r = h.text("#include \"p.h\"\n");
        r.assertClean();
        assertEquals("Q_BODY\nP_BODY", r.tokens());
    }

    @Test
    void recursionThatDependsOnCounterHitsTheDepthLimitInstead() {
        h.file("r.h", "#if __COUNTER__ < 1000\n#include \"r.h\"\n#endif\n");
        CppHarness.Result r = h.text("#include \"r.h\"\n");
        assertEquals(1, r.all("cpp-include-depth").size(), r::describe);
        assertEquals(0, r.all("cpp-include-cycle").size(), r::describe);
    }

    @Test
    void boundedSelfInclusionIsNoCycle() {
        h.file("self.h", "#if __INCLUDE_LEVEL__ < 5\n#include \"self.h\"\n#endif\nL\n");
        CppHarness.Result r = h.text("#include \"self.h\"\n");
        r.assertClean();
        assertEquals("L\nL\nL\nL\nL", r.tokens());
    }

    @Test
    void depthLimit() {
        for (int i = 0; i < 205; i++) {
            h.file("d" + i + ".h", "#include \"d" + (i + 1) + ".h\"\n");
        }
        h.file("d205.h", "END\n");
        CppHarness.Result r = h.text("#include \"d0.h\"\n");
        Diagnostic d = r.one("cpp-include-depth");
        assertTrue(d.pos().file().endsWith("d198.h"), d::headline);
        assertEquals(199, d.notes().size());
    }

    @Test
    void includingADirectoryIsAnIoError() throws Exception {
        Files.createDirectories(tmp.resolve("dir.h"));
        h.text("#include \"dir.h\"\n").expect("cpp-io", "main.dts", 1);
    }

    @Test
    void missingMainFileIsAnIoError() {
        CppHarness.Result r = h.run("absent.dts");
        assertEquals("", r.out());
        assertEquals(1, r.all("cpp-io").size());
    }

    @Test
    void includeSyntaxErrors() {
        CppHarness.Result r = h.text("#include\n#include foo\n#include <unterminated\n#include \"\"\n");
        assertEquals(4, r.all("cpp-directive").size(), r::describe);
    }

    @Test
    void sourceCacheSharesFilesAcrossSpellings() {
        h.file("s/x.h", "X\n");
        LexedFile a = h.cache.get(tmp.resolve("s/x.h"));
        LexedFile b = h.cache.get(tmp.resolve("s/../s/./x.h"));
        assertSame(a, b);
        assertEquals(1, h.cache.size());
        assertEquals(null, h.cache.get(tmp.resolve("s/none.h")));
    }
}
