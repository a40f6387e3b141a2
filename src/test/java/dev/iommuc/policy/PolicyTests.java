package dev.iommuc.policy;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Shared helpers of the policy tests: policy text, the test board, compact diagnostics. */
final class PolicyTests {

    static final String FILE = "t.yaml";
    static final String HEAD = "apiVersion: iommuc.policy/v1\n";

    private PolicyTests() {
    }

    static Path resource(String name) {
        try {
            return Path.of(PolicyTests.class.getResource("/policy/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test board (src/test/resources/policy/board.dts), through the real front end. */
    static DeviceTree board() {
        Diagnostics d = new Diagnostics();
        DeviceTree t = new TreeLoader(LoadOptions.defaults(), new SourceCache()).load(resource("board.dts"), d);
        assertNotNull(t, () -> lines(d).toString());
        assertEquals(0, d.errorCount(), () -> lines(d).toString());
        return t;
    }

    /** Lines joined with newlines, after the apiVersion line. */
    static String yaml(String... lines) {
        return HEAD + String.join("\n", lines) + "\n";
    }

    static Policy load(String text, Diagnostics d) {
        return PolicyLoader.load(text, FILE, d);
    }

    /** Loads text that must be clean. */
    static Policy ok(String text) {
        Diagnostics d = new Diagnostics();
        Policy p = load(text, d);
        assertEquals(List.of(), lines(d));
        assertNotNull(p);
        return p;
    }

    /** "severity check line:col message" per diagnostic. */
    static List<String> lines(Diagnostics d) {
        return d.all().stream().map(PolicyTests::line).toList();
    }

    static String line(Diagnostic x) {
        return x.severity().label() + " " + x.check() + " " + x.pos().line() + ":" + x.pos().col() + " " + x.message();
    }

    /** Loads text that must fail with exactly one error; returns it as {@link #line}. */
    static String error(String text) {
        Diagnostics d = new Diagnostics();
        Policy p = load(text, d);
        assertEquals(1, d.all().size(), () -> lines(d).toString());
        assertEquals(Severity.ERROR, d.all().get(0).severity());
        assertEquals(null, p);
        return line(d.all().get(0));
    }
}
