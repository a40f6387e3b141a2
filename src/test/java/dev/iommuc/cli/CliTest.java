package dev.iommuc.cli;

import dev.iommuc.dtb.Dtc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: help, version, usage errors, exit codes, atomic output. */
class CliTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new Main(new PrintWriter(out), new PrintWriter(err)).run(args);
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("iommuc tree") || out.toString().contains("tree BOARD"));
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("iommuc "));
        assertEquals(0, run("tree", "--help"));
    }

    @Test
    void noArgumentsIsUsage() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("usage"));
    }

    @Test
    void unknownCommandIsUsage() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().contains("unknown command"));
    }

    @Test
    void badOptionValuesAreUsage() {
        assertEquals(2, run("tree", "x.dts", "-O", "yaml"));
        assertEquals(2, run("tree", "x.dts", "--cpp=gcc"));
        assertEquals(2, run("tree", "x.dts", "-D", "1BAD"));
        assertEquals(2, run("tree", "x.dts", "-H", "odd"));
        assertEquals(2, run("tree"));
        assertEquals(2, run("tree", "--no-such-option", "x.dts"));
    }

    @Test
    void missingInputIsAnIoProblem() {
        assertEquals(2, run("tree", tmp.resolve("absent.dts").toString(), "-O", "dtb"));
        assertTrue(err.toString().contains("absent.dts"), err.toString());
        assertTrue(err.toString().contains("[io]"), err.toString());
    }

    @Test
    void writesDtbAtomicallyAndMatchesDtc() throws Exception {
        Path src = tmp.resolve("b.dts");
        Files.writeString(src, "/dts-v1/;\n/ {\n\tmodel = \"m\";\n\tn: node { p = <&n 1>; };\n};\n");
        Path outFile = tmp.resolve("b.dtb");
        Files.writeString(outFile, "old contents");
        assertEquals(0, run("tree", src.toString(), "-O", "dtb", "-o", outFile.toString()), err.toString());
        byte[] ours = Files.readAllBytes(outFile);
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no temporary file left beside the output");
        }
        if (Dtc.available()) {
            assertArrayEquals(Dtc.dtsToDtb(Files.readString(src)), ours);
        }
    }

    @Test
    void failedRunLeavesExistingOutputUntouched() throws Exception {
        Path src = tmp.resolve("bad.dts");
        Files.writeString(src, "/dts-v1/;\n/ { p = <(1/0)>; };\n");
        Path outFile = tmp.resolve("out.dtb");
        Files.writeString(outFile, "previous");
        assertEquals(1, run("tree", src.toString(), "-O", "dtb", "-o", outFile.toString()));
        assertEquals("previous", Files.readString(outFile));
        assertTrue(err.toString().contains("bad.dts:2:"), err.toString());
        assertTrue(err.toString().contains("^"), "caret under the column: " + err);
    }

    @Test
    void dtbInputToDts() throws Exception {
        Path src = tmp.resolve("c.dts");
        Files.writeString(src, "/dts-v1/;\n/ { a { b = \"x\"; }; };\n");
        Path dtb = tmp.resolve("c.dtb");
        assertEquals(0, run("tree", src.toString(), "-O", "dtb", "-o", dtb.toString()));
        Path dts = tmp.resolve("c.out.dts");
        assertEquals(0, run("tree", dtb.toString(), "-O", "dts", "-o", dts.toString()), err.toString());
        String text = Files.readString(dts);
        assertTrue(text.startsWith("/dts-v1/;"), text);
        assertTrue(text.contains("b = \"x\";"), text);
    }

    @Test
    void unknownCheckNameIsAWarningNotFatal() throws Exception {
        Path src = tmp.resolve("d.dts");
        Files.writeString(src, "/dts-v1/;\n/ { };\n");
        assertEquals(0, run("tree", src.toString(), "-O", "dtb", "-o", tmp.resolve("d.dtb").toString(),
                "-W", "no-such-check"));
        assertTrue(err.toString().contains("unknown check name"), err.toString());
        assertFalse(err.toString().contains("Exception"));
    }
}
