package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.SourceText;
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
 * The {@code bad/bad-check-*.dts} files (also run through the CLI by BadInputTest): each names a
 * known error-level check and the line it must point at, and parsing, fixing up and checking the file
 * reports exactly that. (The lines were confirmed with dtc 1.6.1, except node_name_not_empty, which
 * is new in dtc 1.8.)
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
            assertReported(f, c.id(), line);
        }
        Set<String> wanted = CheckRegistry.all().stream()
                .filter(c -> c.level() == Check.Level.ERROR && c.kind() == Check.Kind.TREE)
                .map(Check::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(wanted, covered);
    }

    private static void assertReported(Path f, String check, int line) throws IOException {
        Diagnostics diags = new Diagnostics();
        String name = f.getFileName().toString();
        SourceText.Result src = SourceText.of(Files.readString(f, StandardCharsets.ISO_8859_1), f, name, List.of(), diags);
        DeviceTree tree = DtsFrontend.parse(src, f.getParent(), List.of(), diags);
        assertNotNull(tree, name + ": " + diags.all());
        Fixups.apply(tree, diags, Fixups.Options.DEFAULT);
        assertTrue(TreeChecks.run(tree, diags), name + ": no error-level failure");
        // the one error about a place in the file; dependents may add "Failed prerequisite" lines
        List<Diagnostic> errors = diags.all().stream()
                .filter(d -> d.severity() == Severity.ERROR && d.pos().known()).toList();
        List<String> shown = errors.stream().map(Diagnostic::headline).toList();
        assertEquals(List.of(check + " " + name + ":" + line),
                errors.stream().map(d -> d.check() + " " + d.pos().file() + ":" + d.pos().line()).toList(),
                shown::toString);
    }
}
