package dev.iommuc.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code bad-*.dts} cases (dtc's tests/bad-*.dts idea): each file states on its first line
 * {@code expect: <check-id> <line> [file]}; running {@code iommuc tree} on it must exit 1, report that
 * check at that line (of that file, default the case itself), print no stack trace and write no output.
 * A second line {@code args: …} adds command-line arguments. Binary cases ({@code bad-*.dtb}) carry the expectation in a sidecar {@code .expect} file.
 */
class BadInputTest {

    static final Path DIR = Path.of("src/test/resources/bad");
    private static final Pattern EXPECT = Pattern.compile("expect:\\s*(\\S+)\\s+(\\d+)(?:\\s+([^\\s*]\\S*))?");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> badInputs() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(p -> p.getFileName().toString().startsWith("bad-")
                    && !p.getFileName().toString().endsWith(".expect")).sorted().toList();
        }
        assertTrue(cases.size() >= 40, "at least 40 bad-* cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), c.toUri(), () -> check(c)));
    }

    private void check(Path c) throws IOException {
        String name = c.getFileName().toString();
        Path expectSrc = name.endsWith(".dts") ? c : c.resolveSibling(name + ".expect");
        List<String> head = Files.readAllLines(expectSrc, StandardCharsets.ISO_8859_1);
        String first = head.get(0);
        // optional second line "/* args: … */": extra command-line arguments for this case
        List<String> extra = head.size() > 1 && head.get(1).contains("args:")
                ? List.of(head.get(1).substring(head.get(1).indexOf("args:") + 5).replace("*/", "").trim().split("\\s+"))
                : List.of();
        Matcher m = EXPECT.matcher(first);
        assertTrue(m.find(), name + ": first line must say 'expect: <check> <line> [file]'");
        String check = m.group(1);
        String line = m.group(2);
        String file = m.group(3) == null ? name : m.group(3);

        Path out = tmp.resolve(name + ".out");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("tree", c.toString(), "-O", "dtb", "-o", out.toString(),
                "-I", DIR.resolve("inc").toString()));
        args.addAll(extra);
        int code = new Main(new PrintWriter(so), new PrintWriter(se)).run(args.toArray(String[]::new));
        String err = se.toString();
        assertEquals(1, code, name + ": exit code; stderr:\n" + err);
        assertFalse(Files.exists(out), name + ": no output file may be left behind");
        assertFalse(err.contains("Exception") || err.contains("\tat "), name + ": no stack trace:\n" + err);
        boolean found = err.lines().anyMatch(l -> l.contains(file + ":" + line + ":") && l.contains("[" + check + "]"));
        assertTrue(found, name + ": expected [" + check + "] at " + file + ":" + line + ", got:\n" + err);
    }
}
