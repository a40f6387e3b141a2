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
        Map<String, List<String>> files = new HashMap<>();
        DiagnosticRenderer r = new DiagnosticRenderer((file, line) -> {
            List<String> lines = files.computeIfAbsent(file, f -> {
                try {
                    return Files.readAllLines(Path.of(f), StandardCharsets.ISO_8859_1);
                } catch (IOException | RuntimeException e) {
                    return List.of();
                }
            });
            return line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
        });
        for (Diagnostic d : diags.all()) {
            err.print(r.render(d));
        }
        err.flush();
    }
}
