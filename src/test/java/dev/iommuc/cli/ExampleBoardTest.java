package dev.iommuc.cli;

import dev.iommuc.dtb.Dtc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** README's first command on the example board: clean, and the same DTB as the kernel's cpp + dtc recipe. */
class ExampleBoardTest {

    @TempDir
    Path tmp;

    @Test
    void readmeCommandCompilesTheDemoBoard() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run("compile",
                "dts-examples/boards/demo-board.dts", "-I", "dts-examples/include");
        assertEquals(0, code, err.toString());
        String plan = out.toString();
        // the demo SoC's own facts: DEMO_SID(1, 0x80) = 0x480 and 0x481 for the display, USB at 0x840,
        // the SD controller deleted by the board, four context interrupts after one global one
        org.junit.jupiter.api.Assertions.assertTrue(plan.contains("sid: 0x480\n") && plan.contains("sid: 0x481\n")
                && plan.contains("sid: 0x840\n") && !plan.contains("mmc@6000000"), plan);
        org.junit.jupiter.api.Assertions.assertTrue(plan.contains("num-context-banks:\n      value: 4\n"), plan);
    }

    @Test
    void demoBoardMatchesCppAndDtc() throws Exception {
        Path out = tmp.resolve("demo.dtb");
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(new StringWriter()), new PrintWriter(err)).run("tree",
                "dts-examples/boards/demo-board.dts", "-I", "dts-examples/include", "-O", "dtb", "-o", out.toString());
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString(), "the example board is warning-free");
        Assumptions.assumeTrue(Dtc.available(), "dtc not installed");
        Process cpp = new ProcessBuilder("cpp", "-nostdinc", "-I", "dts-examples/include", "-I", "dts-examples/boards",
                "-undef", "-D__DTS__", "-x", "assembler-with-cpp", "dts-examples/boards/demo-board.dts")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pre = new String(cpp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        Assumptions.assumeTrue(cpp.waitFor() == 0, "host cpp not available");
        assertArrayEquals(Dtc.dtsToDtb(pre), Files.readAllBytes(out));
    }
}
