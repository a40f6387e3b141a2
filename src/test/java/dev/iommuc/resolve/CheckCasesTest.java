package dev.iommuc.resolve;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every check id has a positive case ({@code <id>-bad*.dts}, it must fire) and a negative one
 * ({@code <id>-ok*.dts}, it must not) under {@code src/test/resources/resolve/checks/}. Each file lists
 * the resolver diagnostics it must produce, exactly, as {@code // expect: <check-id> <subject>} lines;
 * {@code // override: <provider> <name>=<value>} and {@code // rids: <host> <rid>,<rid>} lines give it a
 * policy.
 */
class CheckCasesTest {

    private static Path dir() throws URISyntaxException {
        return Path.of(CheckCasesTest.class.getResource("/resolve/checks").toURI());
    }

    @Test
    void everyCheckHasPositiveAndNegativeCases() throws Exception {
        List<String> missing = new ArrayList<>();
        for (IommuCheck c : IommuCheck.values()) {
            for (String kind : List.of("bad", "ok")) {
                try (Stream<Path> s = Files.list(dir())) {
                    if (s.noneMatch(p -> p.getFileName().toString().startsWith(c.id() + "-" + kind))) {
                        missing.add(c.id() + "-" + kind);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @TestFactory
    Stream<DynamicTest> cases() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir())) {
            files = s.filter(p -> p.toString().endsWith(".dts")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(f)));
    }

    private static void run(Path f) throws IOException {
        List<String> expected = new ArrayList<>();
        Map<String, Map<String, Long>> overrides = new LinkedHashMap<>();
        Map<String, List<Long>> rids = new LinkedHashMap<>();
        for (String line : Files.readAllLines(f)) {
            String t = line.strip();
            if (t.startsWith("// expect:")) {
                expected.add(t.substring("// expect:".length()).strip());
            } else if (t.startsWith("// override:")) {
                String[] w = t.substring("// override:".length()).strip().split("\\s+|=");
                overrides.computeIfAbsent(w[0], k -> new LinkedHashMap<>()).put(w[1], Long.decode(w[2]));
            } else if (t.startsWith("// rids:")) {
                String[] w = t.substring("// rids:".length()).strip().split("\\s+");
                List<Long> l = new ArrayList<>();
                for (String r : w[1].split(",")) {
                    l.add(Long.decode(r));
                }
                rids.put(w[0], l);
            }
        }
        String name = f.getFileName().toString();
        String id = null;
        boolean bad = false;
        for (IommuCheck c : IommuCheck.values()) {
            for (String kind : List.of("-bad", "-ok")) {
                if (name.startsWith(c.id() + kind) && (id == null || c.id().length() > id.length())) {
                    id = c.id();
                    bad = kind.equals("-bad");
                }
            }
        }
        assertTrue(id != null, name + " is not named <check-id>-bad|ok*.dts");
        Fixture.Result r = Fixture.resolve(f, new ResolveOptions(rids, overrides));
        assertEquals(expected, r.ids(), () -> name + ": " + r.diags().stream().map(d -> d.headline()).toList());
        String check = id;
        boolean fires = r.ids().stream().anyMatch(s -> s.startsWith(check + " "));
        assertEquals(bad, fires, name);
        assertTrue(expected.stream().allMatch(e -> e.startsWith("iommu-")), name);
    }
}
