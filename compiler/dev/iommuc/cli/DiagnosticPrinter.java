package dev.iommuc.cli;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.DiagnosticRenderer;
import dev.iommuc.diag.Diagnostics;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints a board's diagnostics with source lines and carets; files are read once, lazily. */
final class DiagnosticPrinter {

    private DiagnosticPrinter() {
    }

    static void print(Diagnostics diags, PrintWriter err) {
        if (diags.all().isEmpty()) {
            return;
        }
        Map<String, Lines> files = new HashMap<>();
        DiagnosticRenderer r = new DiagnosticRenderer((file, line) -> files.computeIfAbsent(file, Lines::read).get(line));
        for (Diagnostic d : diags.all()) {
            err.print(r.render(d));
        }
        err.flush();
    }

    /**
     * A file's lines as the positions count them: split at '\n' only (a '\r' before it dropped), as
     * cpp and dtc count lines. Read as ISO-8859-1, a byte per character, so a caret lands under the
     * byte its column counts; the whole file is one Latin-1 string, and a line is cut out only when a
     * diagnostic shows it.
     */
    private record Lines(String text, int[] starts, int count) {

        static Lines read(String file) {
            String text;
            try {
                text = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                return new Lines("", new int[1], 0);
            }
            int[] starts = new int[64];
            int count = 0;
            int at = 0;
            while (at < text.length()) {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = at;
                int nl = text.indexOf('\n', at);
                at = nl < 0 ? text.length() : nl + 1;
            }
            return new Lines(text, starts, count);
        }

        /** Line {@code line} (1-based) without its line break, or null past the end. */
        String get(int line) {
            if (line < 1 || line > count) {
                return null;
            }
            int from = starts[line - 1];
            int next = line < count ? starts[line] : text.length();   // after this line's '\n', if any
            int to = next > from && text.charAt(next - 1) == '\n' ? next - 1 : next;
            if (to > from && text.charAt(to - 1) == '\r') {
                to--;
            }
            return text.substring(from, to);
        }
    }
}
