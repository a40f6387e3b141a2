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
 * Every bad policy through the command line ({@code iommuc compile BOARD --policy bad.yaml}): exit
 * code 1, the expected check at the expected line of the policy file, no stack trace, no plan written.
 */
class BadPolicyCliTest {

    static final Path DIR = Path.of("src/test/resources/policy");
    private static final Pattern EXPECT = Pattern.compile("expect:\\s*(\\S+)\\s+(\\d+)");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> badPolicies() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(p -> p.getFileName().toString().matches("bad-.*\\.yaml")).sorted().toList();
        }
        assertTrue(cases.size() >= 20, "at least 20 bad policies, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), c.toUri(), () -> check(c)));
    }

    private void check(Path c) throws IOException {
        String first = Files.readAllLines(c, StandardCharsets.UTF_8).get(0);
        Matcher m = EXPECT.matcher(first);
        assertTrue(m.find(), c + ": first line must say '# expect: <check> <line>'");
        Path out = tmp.resolve("plan.yaml");
        StringWriter se = new StringWriter();
        int code = new Main(new PrintWriter(new StringWriter()), new PrintWriter(se)).run("compile",
                DIR.resolve("board.dts").toString(), "--cpp=none", "--policy", c.toString(), "-o", out.toString());
        String err = se.toString();
        assertEquals(1, code, c + ": exit code; stderr:\n" + err);
        assertFalse(Files.exists(out), "no plan on errors");
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace:\n" + err);
        String where = c.getFileName() + ":" + m.group(2) + ":";
        assertTrue(err.lines().anyMatch(l -> l.contains(where) && l.contains("[" + m.group(1) + "]")),
                c + ": expected [" + m.group(1) + "] at " + where + "\n" + err);
    }
}
