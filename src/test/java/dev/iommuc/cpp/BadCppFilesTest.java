package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code bad/bad-cpp-*.dts}: its first line {@code / * expect: <check-id> <line> * /}
 * names the error the preprocessor must report, and where in that file.
 */
class BadCppFilesTest {

    private static final Pattern EXPECT = Pattern.compile("^/\\*\\s*expect:\\s*(\\S+)\\s+(\\d+)\\s*\\*/");

    @TestFactory
    Stream<DynamicTest> badFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(BadCppFilesTest.class.getResource("/bad").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("bad-cpp-.*\\.dts")).sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(files.size() >= 11, "bad-cpp files present");
        SourceCache cache = new SourceCache();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, cache)));
    }

    private static void check(Path file, SourceCache cache) throws IOException {
        String first = Files.readAllLines(file, Preprocessor.CHARSET).get(0);
        Matcher m = EXPECT.matcher(first);
        assertTrue(m.find(), "first line must be /* expect: <check-id> <line> */: " + first);
        String check = m.group(1);
        int line = Integer.parseInt(m.group(2));
        Diagnostics diags = new Diagnostics();
        new Preprocessor(new CppOptions(List.of(), Map.of()), diags, cache).preprocess(file);
        List<Diagnostic> hits = diags.all().stream().filter(d -> d.check().equals(check)).collect(Collectors.toList());
        String all = diags.all().stream().map(Diagnostic::headline).collect(Collectors.joining("\n"));
        assertEquals(1, hits.size(), () -> "expected one " + check + ", got:\n" + all);
        Diagnostic d = hits.get(0);
        assertEquals(Severity.ERROR, d.severity(), d::headline);
        assertEquals(line, d.pos().line(), d::headline);
        assertEquals(file.getFileName().toString(), Path.of(d.pos().file()).getFileName().toString(), d::headline);
    }
}
