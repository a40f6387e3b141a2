package dev.iommuc.checks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code bad/bad-check-*.dts} files are run end to end once the parser exists; until then this
 * keeps their headers honest: a known error-level check, and a line inside the file. (Their lines
 * were confirmed with dtc 1.6.1, except node_name_not_empty, which is new in dtc 1.8.)
 */
class BadCheckFilesTest {

    private static final Pattern HEADER = Pattern.compile("/\\* expect: ([a-z0-9_]+) (\\d+) \\*/");

    private static List<Path> files() throws IOException, URISyntaxException {
        Path dir = Path.of(BadCheckFilesTest.class.getResource("/bad").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("bad-check-.*\\.dts")).sorted().toList();
        }
    }

    @Test
    void everyErrorLevelStructureCheckHasABadFile() throws Exception {
        Set<String> covered = new TreeSet<>();
        for (Path f : files()) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            Matcher m = HEADER.matcher(lines.get(0));
            assertTrue(m.matches(), f + ": first line must be /* expect: <check_id> <line> */");
            Check c = CheckRegistry.byName(m.group(1));
            assertNotNull(c, f + ": unknown check " + m.group(1));
            assertEquals(Check.Level.ERROR, c.level(), f.toString());
            int line = Integer.parseInt(m.group(2));
            assertTrue(line > 1 && line <= lines.size() && !lines.get(line - 1).isBlank(), f + ": line " + line);
            assertEquals("/dts-v1/;", lines.get(1), f.toString());
            covered.add(c.id());
        }
        Set<String> wanted = CheckRegistry.all().stream()
                .filter(c -> c.level() == Check.Level.ERROR && c.kind() == Check.Kind.TREE)
                .map(Check::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(wanted, covered);
    }
}
