package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes small source trees into a directory and preprocesses them. */
final class CppHarness {

    /** A run's text and diagnostics. */
    record Result(String out, Diagnostics diags) {

        /** The output without line markers, each line's white space collapsed, blank lines dropped. */
        String tokens() {
            return out.lines().filter(l -> !l.startsWith("# ")).map(l -> l.trim().replaceAll("\\s+", " "))
                    .filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
        }

        List<Diagnostic> all(String check) {
            return diags.all().stream().filter(d -> d.check().equals(check)).collect(Collectors.toList());
        }

        Diagnostic one(String check) {
            List<Diagnostic> l = all(check);
            assertEquals(1, l.size(), () -> "expected one " + check + " in " + describe());
            return l.get(0);
        }

        void assertClean() {
            assertTrue(diags.all().isEmpty(), this::describe);
        }

        /** Asserts exactly one diagnostic of {@code check} at {@code line} of a file ending in {@code file}. */
        Diagnostic expect(String check, String file, int line) {
            Diagnostic d = one(check);
            assertTrue(d.pos().file().endsWith(file), () -> "file of " + d.headline());
            assertEquals(line, d.pos().line(), () -> "line of " + d.headline());
            return d;
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic d : diags.all()) {
                sb.append(d.headline()).append('\n');
                for (Diagnostic.Note n : d.notes()) {
                    sb.append("    ").append(n.pos()).append(": note: ").append(n.message()).append('\n');
                }
            }
            return sb.append("--- output:\n").append(out).toString();
        }

        int errors() {
            return (int) diags.all().stream().filter(d -> d.severity() == Severity.ERROR).count();
        }
    }

    final Path dir;
    final List<Path> includeDirs = new ArrayList<>();
    final Map<String, String> defines = new LinkedHashMap<>();
    final SourceCache cache;
    long maxSteps = -1;
    long maxChars = -1;

    CppHarness(Path dir) {
        this(dir, new SourceCache());
    }

    /** A harness over {@code dir} with its own cache (e.g. {@code new SourceCache(0)}: no include memo). */
    CppHarness(Path dir, SourceCache cache) {
        this.dir = dir;
        this.cache = cache;
    }

    CppHarness file(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    CppHarness include(String d) {
        includeDirs.add(dir.resolve(d));
        return this;
    }

    CppHarness define(String name, String value) {
        defines.put(name, value);
        return this;
    }

    Result run(String main) {
        Diagnostics diags = new Diagnostics();
        Preprocessor pp = new Preprocessor(new CppOptions(includeDirs, defines), diags, cache);
        if (maxSteps > 0) {
            pp.setLimits(maxSteps, maxChars > 0 ? maxChars : 64L << 20);
        }
        String out = pp.preprocess(dir.resolve(main));
        return new Result(out, diags);
    }

    /** Preprocesses {@code text} as the file {@code main.dts}. */
    Result text(String text) {
        file("main.dts", text);
        return run("main.dts");
    }

    static void fails(String message) {
        fail(message);
    }
}
