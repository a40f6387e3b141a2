package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.DeviceTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code policy/bad-*.yaml} files: each states on its first line the check it must raise and the
 * line of the offending YAML node ({@code # expect: <check-id> <line>}). A file is loaded, layered
 * over its profile and bound to the test board; the first error must be the expected one and the
 * stage that reported it must return null.
 */
class BadPolicyFilesTest {

    private static final Pattern HEADER = Pattern.compile("# expect: (policy-[a-z-]+) (\\d+)");
    private static DeviceTree board;

    @BeforeAll
    static void loadBoard() {
        board = PolicyTests.board();
    }

    static Stream<Named<Path>> files() throws IOException {
        try (Stream<Path> s = Files.list(PolicyTests.resource("board.dts").getParent())) {
            return s.filter(p -> p.getFileName().toString().matches("bad-.*\\.yaml")).sorted()
                    .map(p -> Named.of(p.getFileName().toString(), p)).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsTheExpectedCheckAtTheExpectedLine(Path file) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        Matcher m = HEADER.matcher(first);
        assertTrue(m.matches(), file + ": first line must be # expect: <check-id> <line>");
        Diagnostics d = new Diagnostics();
        Object result = PolicyLoader.load(file, d);
        if (result != null) {
            result = PolicyBinder.bind(PolicyLayering.effective((Policy) result), board, d);
        }
        assertNull(result, () -> file + " was accepted: " + PolicyTests.lines(d));
        Diagnostic error = d.all().stream().filter(x -> x.severity() == Severity.ERROR).findFirst().orElseThrow();
        assertEquals(m.group(1) + " " + m.group(2), error.check() + " " + error.pos().line(), () -> PolicyTests.lines(d).toString());
        assertEquals(file.toString(), error.pos().file());
    }

    @Test
    void enoughFilesAndEveryErrorCheckIsCovered() throws IOException {
        List<Path> all = files().map(Named::getPayload).toList();
        assertTrue(all.size() >= 22, "only " + all.size() + " bad policy files");
        Set<String> covered = new TreeSet<>();
        for (Path f : all) {
            Matcher m = HEADER.matcher(Files.readAllLines(f, StandardCharsets.UTF_8).get(0));
            assertTrue(m.matches(), f.toString());
            covered.add(m.group(1));
        }
        Set<String> expected = new TreeSet<>(PolicyChecks.ALL);
        // the one warning cannot fail a load; PolicyBinderTest covers it
        expected.remove(PolicyChecks.UNMATCHED_COMPATIBLE);
        expected.removeAll(covered);
        assertEquals(Set.of(), expected, "error checks without a bad file");
    }
}
