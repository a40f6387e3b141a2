package dev.iommuc.parse;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boards of one run share the trees of their common statements, and nobody can tell from the output. */
class SharedTreesTest {

    @TempDir
    Path dir;

    private final SourceCache cache = new SourceCache();

    private static final String SOC = """
            / {
            \t#address-cells = <1>;
            \t#size-cells = <1>;
            \tsoc: soc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges;
            \t\tuart0: serial@1000 { compatible = "ns16550"; reg = <0x1000 0x100>; status = "disabled"; };
            \t\tnoreg@2000 { compatible = "acme,thing"; };
            \t};
            };
            &uart0 { clock-frequency = <100>; };
            """;

    /** A board including soc.dtsi after {@code blank} blank lines, then enabling the UART. */
    private Path board(String name, int blank, String extra) throws IOException {
        Files.writeString(dir.resolve("soc.dtsi"), SOC);
        Path b = dir.resolve(name);
        Files.writeString(b, "/dts-v1/;\n" + "\n".repeat(blank) + "#include \"soc.dtsi\"\n"
                + "/ { model = \"" + name + "\"; };\n&uart0 { status = \"okay\"; };\n" + extra);
        return b;
    }

    private DeviceTree load(Path board, SharedTrees shared, Diagnostics diags) {
        LoadOptions lo = new LoadOptions(List.of(dir), Map.of(), CppMode.JAVA, Fixups.Options.DEFAULT, 0);
        return new TreeLoader(lo, cache, shared).load(board, diags);
    }

    @Test
    void laterBoardsStartFromTheSharedTreeWithTheirOwnIncludeLines() throws IOException {
        SharedTrees shared = new SharedTrees();
        Path b1 = board("b1.dts", 1, "");
        Path b2 = board("b2.dts", 4, "");
        Path b3 = board("b3.dts", 9, "&{/soc/noreg@2000} { x; };\n");
        for (Path b : List.of(b1, b2)) {
            assertNotNull(load(b, shared, new Diagnostics()));
        }
        Diagnostics sharedDiags = new Diagnostics();
        DeviceTree viaShared = load(b3, shared, sharedDiags);
        Diagnostics wholeDiags = new Diagnostics();
        DeviceTree whole = load(b3, null, wholeDiags);
        assertNull(TreeSame.diff(whole, viaShared));
        assertEquals(wholeDiags.all(), sharedDiags.all());
        // b1 parses its 4 statements and keeps the tree after soc.dtsi's two; b2 and b3 start from it
        assertEquals(new SharedTrees.Stats(3, 2, 4, 9), shared.stats());
        // the dtc warning about the SoC's node points into soc.dtsi, included from b3's own line 11
        Diagnostic w = sharedDiags.all().stream().filter(d -> d.check().equals("unit_address_vs_reg")).findFirst()
                .orElseThrow();
        assertEquals("soc.dtsi", Path.of(w.pos().file()).getFileName().toString());
        assertEquals(b3.toString(), w.pos().from().file());
        assertEquals(11, w.pos().from().line());
    }

    @Test
    void aPrefixThatReportedAnythingIsNeverShared() throws IOException {
        SharedTrees shared = new SharedTrees();
        Files.writeString(dir.resolve("bad.dtsi"), "/ { x = /bits/ 8 <300>; };\n");
        for (String name : List.of("p.dts", "q.dts", "r.dts")) {
            Path b = dir.resolve(name);
            Files.writeString(b, "/dts-v1/;\n#include \"bad.dtsi\"\n/ { model = \"" + name + "\"; };\n");
            Diagnostics d = new Diagnostics();
            load(b, shared, d);
            assertEquals(1, d.errorCount(), name + " reports the bad cell itself");
            assertEquals("cell-overflow", d.all().get(0).check());
        }
        assertEquals(0, shared.stats().resumed());
    }

    @Test
    void pluginsAndIncbinGoTheWholeFileWay() throws IOException {
        SharedTrees shared = new SharedTrees();
        Path overlay = dir.resolve("o.dts");
        Files.writeString(overlay, "/dts-v1/;\n/plugin/;\n&uart0 { status = \"okay\"; };\n");
        Diagnostics d = new Diagnostics();
        DeviceTree t = load(overlay, shared, d);
        assertNull(TreeSame.diff(load(overlay, null, new Diagnostics()), t));
        assertEquals(0, shared.stats().boards(), "a /plugin/ is parsed whole");

        Files.write(dir.resolve("blob.bin"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("inc.dtsi"), "/ { blob = /incbin/(\"blob.bin\"); };\n");
        for (String name : List.of("i1.dts", "i2.dts", "i3.dts")) {
            Path b = dir.resolve(name);
            Files.writeString(b, "/dts-v1/;\n#include \"inc.dtsi\"\n/ { model = \"" + name + "\"; };\n");
            assertNotNull(load(b, shared, new Diagnostics()));
        }
        assertEquals(0, shared.stats().resumed(), "a statement reading a file is not shared");
    }

    @Test
    void snapshotsStayWithinTheirBudget() throws IOException {
        SharedTrees tiny = new SharedTrees(5);   // smaller than any tree here: nothing is kept
        for (String name : List.of("s1.dts", "s2.dts", "s3.dts")) {
            assertNotNull(load(board(name, 1, ""), tiny, new Diagnostics()));
        }
        assertEquals(0, tiny.stats().resumed());
        SharedTrees roomy = new SharedTrees();
        for (String name : List.of("s1.dts", "s2.dts", "s3.dts")) {
            assertNotNull(load(board(name, 1, ""), roomy, new Diagnostics()));
        }
        assertTrue(roomy.stats().resumed() >= 2);
    }

    /**
     * Text given as chars reaches the front end as ISO-8859-1 bytes, as files do, so a char beyond
     * Latin-1 reads as '?' with or without our cpp, and a board with one shares the kept tree as the
     * same board with '?' would: statements are keyed by those bytes.
     */
    @Test
    void textBeyondLatin1ReadsAsQuestionMarks() throws IOException {
        Files.writeString(dir.resolve("soc.dtsi"), SOC);
        String text = "/dts-v1/;\n/include/ \"soc.dtsi\"\n/ { model = \"X\"; };\n";
        String name = dir.resolve("t.dts").toString();
        for (CppMode mode : List.of(CppMode.NONE, CppMode.JAVA)) {
            LoadOptions lo = new LoadOptions(List.of(dir), Map.of(), mode, Fixups.Options.DEFAULT, 0);
            SharedTrees shared = new SharedTrees();
            DeviceTree asked = new TreeLoader(lo, cache, shared).loadText(name, text.replace("X", "\u0100\u00e9"),
                    new Diagnostics());
            DeviceTree read = new TreeLoader(lo, cache, shared).loadText(name, text.replace("X", "?\u00e9"),
                    new Diagnostics());
            DeviceTree whole = new TreeLoader(lo, cache, null).loadText(name, text.replace("X", "?\u00e9"),
                    new Diagnostics());
            assertNotNull(whole);
            assertNull(TreeSame.diff(whole, asked), mode.toString());
            assertNull(TreeSame.diff(whole, read), mode.toString());
            assertEquals(1, shared.stats().resumed(), mode.toString());
            assertEquals("?\u00e9", new String(whole.root().property("model").value().bytes(), 0, 2,
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
