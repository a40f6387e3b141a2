package dev.iommuc.plan;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.report.BoardReport;
import dev.iommuc.runtime.plan.Plan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link YamlBlockWriter} writes byte for byte what SnakeYAML writes with {@link YamlOut}'s options:
 * on hand-picked scalars at every quoting rule, random documents, the example boards' plans and
 * reports, and every corpus board's plan and report. Where it declines, {@link YamlOut} falls back to
 * SnakeYAML; the corpus part also holds it to never declining on real output.
 */
class YamlBlockWriterTest {

    private static void same(Object doc) {
        String fast = YamlBlockWriter.write(doc);
        assertNotNull(fast, () -> "declined: " + doc);
        assertEquals(YamlOut.snakeYaml(doc), fast, () -> "document: " + doc);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Each quoting rule of the emitter's scalar analysis and of the resolver, as value and as key. */
    private static final List<String> SCALARS = List.of("", "a", " a", "a ", "a b", "- a", "-a", "-", "--", "---x",
            "...x", "..x", "a: b", "a:b", "a:", ":a", ": a", "?a", "? a", "a?b", "a,b", ",a", "a#b", "a #b", "#a",
            "[a]", "a[0]", "{a}", "&a", "*a", "!a", "|a", ">a", "'a", "a'b", "it's", "\"a\"", "%a", "@a", "`a", "a@b",
            "0x10", "0x1G", "0", "00", "0_", "0_9", "0a", "09x", "0.0", "0b101", "0o17", "017", "08", "12", "-12", "+12", "1_000", "1:20", "1:70", "1.5", ".5",
            "1e3", "1.0e+3", ".inf", "-.inf", ".nan", "~", "null", "Null", "NULL", "nul", "true", "True", "yes", "Yes",
            "no", "NO", "on", "off", "Off", "y", "n", "Y", "<<", "<", "2026-11-22", "2026-11-22T10:00:00Z", "2026-1-2",
            "=", "\u00a7", "\u00a71.3 x", "caf\u00e9", "a\u00a0", "\u00a0a", "\ue000", "\ufffd",
            "/soc@0/iommu@15000000", "qcom,sm8550-smmu-500", "arm,mmu-500", "cb[3]", "a  b", "a   ");

    @Test
    void scalarsAsValuesAndKeys() {
        for (String s : SCALARS) {
            same(map("k", s));
            same(List.of(s, List.of(s)));
            if (!s.isEmpty()) {
                same(map(s, 1));
            }
        }
    }

    @Test
    void numbersHexBooleansNullsAndEmptyCollections() {
        same(map("i", 0, "l", -5L, "max", Long.MAX_VALUE, "h", new Hex(0x880), "neg", new Hex(-1),
                "t", true, "f", false, "n", null, "el", List.of(), "em", Map.of()));
        same(List.of(List.of(), Map.of(), List.of(List.of(1, 2), List.of()), map("a", List.of())));
        Map<Object, Object> intKeys = new LinkedHashMap<>();
        intKeys.put(1, "one");
        intKeys.put(2L, map("x", 1));
        intKeys.put(new Hex(0x10), List.of(3));
        same(intKeys);
    }

    @Test
    void nesting() {
        same(map("a", map("b", map("c", List.of(map("d", 1, "e", List.of(1, 2)), List.of(map("f", "g")))))));
        same(List.of(map("a", 1, "b", map("c", List.of(1)), "d", List.of(List.of(map("e", 1))))));
    }

    @Test
    void longStringsAreNeverSplit() {
        String words = String.join(" ", java.util.Collections.nCopies(60, "word"));
        same(map("plain", words, "quoted", "'" + words, "key", List.of(words, words + ":")));
    }

    @Test
    void declinesWhatOnlySnakeYamlWrites() {
        assertNull(YamlBlockWriter.write(map("k", "line\nbreak")));
        assertNull(YamlBlockWriter.write(map("k", "tab\there")));
        assertNull(YamlBlockWriter.write(map("k", "line\u2028separator")));
        assertNull(YamlBlockWriter.write(map("k", "next\u0085line")));
        assertNull(YamlBlockWriter.write(map("k", "bom\ufeff")));
        assertNull(YamlBlockWriter.write(map("k", "\ud83d\ude00")));
        assertNull(YamlBlockWriter.write(map("", 1)));
        assertNull(YamlBlockWriter.write(map("k", 1.5)));
        assertNull(YamlBlockWriter.write(map("k".repeat(128), 1)));
        assertNull(YamlBlockWriter.write(map("k", List.of(java.math.BigInteger.ONE))));
        assertNull(YamlBlockWriter.write("scalar"));
        assertNull(YamlBlockWriter.write(Map.of()));
        assertEquals(YamlOut.snakeYaml(map("k", "line\nbreak")), YamlOut.dump(map("k", "line\nbreak")));
        assertNotNull(YamlBlockWriter.write(map("k".repeat(127), 1)));
    }

    @Test
    void randomDocuments() {
        Random r = new Random(7);
        String alphabet = "ab0x9 :-#?,'\"[]{}&*!|>%@`.~yYnNtT_+e/<=\u00a7\u00e9";
        for (int round = 0; round < 3000; round++) {
            same(randomCollection(r, alphabet, 0));
        }
    }

    private static Object randomCollection(Random r, String alphabet, int depth) {
        int n = 1 + r.nextInt(4);
        if (r.nextBoolean()) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String key = randomString(r, alphabet);
                m.put(r.nextInt(8) == 0 ? (Object) r.nextInt(100) : key.isEmpty() ? "k" : key, randomValue(r, alphabet, depth));
            }
            return m;
        }
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(randomValue(r, alphabet, depth));
        }
        return l;
    }

    private static Object randomValue(Random r, String alphabet, int depth) {
        return switch (depth < 3 ? r.nextInt(8) : 4 + r.nextInt(4)) {
            case 0, 1 -> randomCollection(r, alphabet, depth + 1);
            case 2 -> List.of();
            case 3 -> Map.of();
            case 4 -> r.nextInt(5) == 0 ? null : r.nextBoolean();
            case 5 -> r.nextBoolean() ? (Object) (long) r.nextInt() : new Hex(r.nextLong() >>> r.nextInt(64));
            default -> randomString(r, alphabet);
        };
    }

    private static String randomString(Random r, String alphabet) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Test
    void exampleBoards() throws Exception {
        List<Path[]> runs = new ArrayList<>(); // board, policy (null: the default profile)
        runs.add(new Path[] {Path.of("dts-examples/boards/demo-board.dts"), null});
        try (Stream<Path> s = Files.list(Path.of("dts-examples/scenarios"))) {
            for (Path dir : s.sorted().toList()) {
                runs.add(new Path[] {dir.resolve("board.dts"), null});
                try (Stream<Path> p = Files.list(dir)) {
                    p.filter(f -> f.getFileName().toString().matches("policy.*\\.yaml")).sorted()
                            .forEach(f -> runs.add(new Path[] {dir.resolve("board.dts"), f}));
                }
            }
        }
        assertTrue(runs.size() >= 10, () -> runs.size() + " runs");
        LoadOptions lo = new LoadOptions(List.of(Path.of("dts-examples/include")), Map.of(),
                dev.iommuc.pipeline.CppMode.JAVA, dev.iommuc.model.Fixups.Options.DEFAULT, 0);
        int compared = 0;
        for (Path[] run : runs) {
            Diagnostics d = new Diagnostics();
            Plan plan = new PlanCompiler(lo, SourceCache.forOneBoard(), run[1]).compile(run[0], d);
            if (plan == null) {
                continue; // a scenario's policy that is meant to fail
            }
            same(PlanWriter.doc(plan));
            same(BoardReport.run(plan, d.all()).doc());
            compared++;
        }
        assertTrue(compared >= 10, "compared " + compared);
    }

    @Test
    @Tag("corpus")
    void everyCorpusBoardsPlanAndReport() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        int n = 0;
        for (Corpus.Board b : Corpus.boards()) {
            Diagnostics d = new Diagnostics();
            Plan plan = Corpus.plan(b, cache, d);
            if (plan == null) {
                continue;
            }
            same(PlanWriter.doc(plan));
            same(BoardReport.run(plan, d.all()).doc());
            n++;
        }
        assertTrue(n > 1000, "boards compared: " + n);
    }
}
