package dev.iommuc.resolve;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 3 acceptance 1 for the resolver: every corpus board resolves without an internal error and
 * with only the diagnostics real boards are expected to raise, and every master's providers and
 * decoded streams equal an independent decoding of dtc's reference DTB ({@link FdtOracle}).
 */
@Tag("corpus")
class ResolveCorpusTest {

    /**
     * Diagnostics real boards raise by design: requester IDs outside an {@code iommu-map} are
     * info-level in Linux too. In the corpus these are the bus-0 root ports of Apple and msm8998
     * hosts, whose maps start at bus 1 on purpose, and LS1028A's RCEC at 00:1f.0 outside its ENETC map.
     */
    private static final Set<String> EXPECTED = Set.of("iommu-map-no-translation");

    @Test
    void everyBoardResolvesAndMatchesTheDtb() throws Exception {
        run(false);
    }

    /** The same from dtc's DTB through our reader, the path {@code iommuc compile BOARD.dtb} takes. */
    @Test
    void everyDtbResolvesAndMatches() throws Exception {
        run(true);
    }

    private static void run(boolean fromDtb) throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present (run shared/corpus/kernel-dts.sh)");
        List<Corpus.Board> boards = Corpus.boards();
        SourceCache cache = new SourceCache();
        Map<String, AtomicInteger> histogram = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger masters = new AtomicInteger();
        AtomicInteger streams = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (Corpus.Board b : boards) {
            jobs.add(pool.submit(() -> board(b, fromDtb, cache, histogram, failures, masters, streams)));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("resolve (%s): %d boards, %d masters, %d streams identical%n", fromDtb ? ".dtb" : ".pre.dts",
                boards.size(), masters.get(), streams.get());
        new TreeMap<>(histogram).forEach((k, v) -> System.out.printf("  %-32s %d%n", k, v.get()));
        failures.stream().sorted().limit(40).forEach(System.out::println);
        assertEquals(List.of(), failures.subList(0, Math.min(failures.size(), 40)));
    }

    private static void board(Corpus.Board b, boolean fromDtb, SourceCache cache, Map<String, AtomicInteger> histogram,
                              List<String> failures, AtomicInteger masterCount, AtomicInteger streamCount) {
        try {
            LoadOptions lo = new LoadOptions(List.of(b.dts().getParent(), Corpus.includePrefixes()), Map.of(),
                    CppMode.NONE, Fixups.Options.DEFAULT, 0);
            Diagnostics diags = new Diagnostics();
            DeviceTree tree = new TreeLoader(lo, cache).load(fromDtb ? b.dtb() : b.pre(), diags);
            if (tree == null) {
                failures.add(b.name() + ": does not load");
                return;
            }
            int before = diags.all().size();
            Topology topo = TopologyResolver.resolve(tree, diags, ResolveOptions.NONE);
            for (Diagnostic d : diags.all().subList(before, diags.all().size())) {
                histogram.computeIfAbsent(d.check(), k -> new AtomicInteger()).incrementAndGet();
                if (!EXPECTED.contains(d.check())) {
                    failures.add(b.name() + ": " + d.headline());
                }
            }
            Map<String, List<FdtOracle.Stream>> expected = new FdtOracle(Files.readAllBytes(b.dtb())).masters();
            Map<String, List<FdtOracle.Stream>> actual = new java.util.LinkedHashMap<>();
            for (Master m : topo.masters()) {
                List<FdtOracle.Stream> s = new ArrayList<>();
                m.streams().forEach(r -> s.add(new FdtOracle.Stream(r.provider(), r.sid(), r.mask())));
                actual.put(m.path(), s);
            }
            // order matters too: masters come in DT pre-order, RIDs at their host's position
            if (!new ArrayList<>(expected.entrySet()).equals(new ArrayList<>(actual.entrySet()))) {
                failures.add(b.name() + ": masters differ from the DTB: " + firstDifference(expected, actual));
                return;
            }
            masterCount.addAndGet(actual.size());
            actual.values().forEach(s -> streamCount.addAndGet(s.size()));
        } catch (Exception | StackOverflowError e) {
            failures.add(b.name() + ": internal error " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : ""));
        }
    }

    private static String firstDifference(Map<String, List<FdtOracle.Stream>> expected,
                                          Map<String, List<FdtOracle.Stream>> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            Set<String> only = new java.util.TreeSet<>(expected.keySet());
            only.removeAll(actual.keySet());
            Set<String> extra = new java.util.TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            return "only in DTB " + only + ", only resolved " + extra
                    + (only.isEmpty() && extra.isEmpty() ? " (order differs)" : "");
        }
        for (String k : expected.keySet()) {
            if (!expected.get(k).equals(actual.get(k))) {
                return k + ": DTB " + expected.get(k) + " vs " + actual.get(k);
            }
        }
        return "?";
    }
}
