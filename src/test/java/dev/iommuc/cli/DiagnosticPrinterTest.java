package dev.iommuc.cli;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The source lines under diagnostics: counted at '\n' as cpp and dtc count them, a CRLF file's '\r'
 * not shown, the last line found without a final line break, one byte per column, and nothing shown
 * for a line past the end or a file that cannot be read.
 */
class DiagnosticPrinterTest {

    @TempDir
    Path tmp;

    /** The lines printed under the headline: the source line and its caret, or nothing. */
    private static String shown(Path file, int line, int col) {
        Diagnostics d = new Diagnostics();
        d.report(Severity.WARNING, "some-check", SourcePos.of(file.toString(), line, col), "", "message", List.of());
        StringWriter out = new StringWriter();
        DiagnosticPrinter.print(d, new PrintWriter(out));
        String s = out.toString();
        return s.substring(s.indexOf('\n') + 1);
    }

    @Test
    void linesAsThePositionsCountThem() throws Exception {
        Path f = tmp.resolve("a.dts");
        Files.write(f, new byte[] {'a', '\r', '\n', 'b', 'c', '\n', '\n', 'x', (byte) 0xe9, 'y'});
        assertEquals("  a\n  ^\n", shown(f, 1, 1));
        assertEquals("  bc\n   ^\n", shown(f, 2, 2));
        assertEquals("  \n  ^\n", shown(f, 3, 1));
        assertEquals("  x\u00e9y\n    ^\n", shown(f, 4, 3));
        assertEquals("", shown(f, 5, 1));
        assertEquals("", shown(tmp.resolve("gone.dts"), 1, 1));
    }
}
