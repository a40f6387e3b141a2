package dev.iommuc.corpus;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Acceptance 1 of the front end: every corpus board, compiled by iommuc to a DTB, is byte-identical
 * to dtc 1.6.1's reference — from the original .dts through our preprocessor, and from the kernel's
 * .pre.dts with no preprocessing.
 */
@Tag("corpus")
class CorpusTreeTest {

    @Test
    void preprocessedBoardsMatchDtc() throws Exception {
        run(CppMode.NONE);
    }

    @Test
    void sourceBoardsMatchDtc() throws Exception {
        run(CppMode.JAVA);
    }

    /** Acceptance 2: every board's {@code -O dts} output, compiled by dtc, gives the reference DTB. */
    @Test
    void dtsOutputCompiledByDtcMatches() throws Exception {
        dev.iommuc.dtb.Dtc.assume();
        run(null);
    }

    private static void run(CppMode mode) throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present (run shared/corpus/kernel-dts.sh)");
        List<Corpus.Board> boards = Corpus.boards();
        SourceCache cache = new SourceCache();
        // from the .dts the boards go the way `iommuc check` takes them: 2 workers sharing trees of
        // common statements; from the .pre.dts each is parsed whole, so both ways are held to dtc
        dev.iommuc.parse.SharedTrees shared = mode == CppMode.JAVA ? new dev.iommuc.parse.SharedTrees() : null;
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Corpus.Board b : boards) {
            results.add(pool.submit(() -> mode == null ? checkDts(b, cache, failures) : check(b, mode, cache, shared, failures)));
        }
        int same = 0;
        for (Future<Boolean> f : results) {
            if (f.get()) {
                same++;
            }
        }
        pool.shutdown();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d/%d boards identical to dtc (%.1f s)%n",
                mode == null ? "tree -O dts | dtc" : mode == CppMode.NONE ? "tree -O dtb (.pre.dts, --cpp=none)"
                        : "tree -O dtb (.dts, --cpp=java)", same, boards.size(), secs);
        failures.stream().sorted().limit(30).forEach(System.out::println);
        assertEquals(boards.size(), same, "boards differing from dtc: " + failures.size());
    }

    private static boolean checkDts(Corpus.Board b, SourceCache cache, List<String> failures) {
        try {
            LoadOptions lo = new LoadOptions(List.of(b.dts().getParent(), Corpus.includePrefixes()), Map.of(),
                    CppMode.NONE, Fixups.Options.DEFAULT, 0);
            Diagnostics diags = new Diagnostics();
            DeviceTree tree = new TreeLoader(lo, cache).load(b.pre(), diags);
            if (tree == null || diags.hasErrors()) {
                failures.add(b.name() + ": errors");
                return false;
            }
            byte[] viaDtc = dev.iommuc.dtb.Dtc.dtsToDtb(dev.iommuc.dts.DtsWriter.write(tree));
            if (!Arrays.equals(viaDtc, Files.readAllBytes(b.dtb()))) {
                failures.add(b.name() + ": -O dts compiled by dtc differs");
                return false;
            }
            return true;
        } catch (Exception e) {
            failures.add(b.name() + ": exception " + e);
            return false;
        }
    }

    private static boolean check(Corpus.Board b, CppMode mode, SourceCache cache, dev.iommuc.parse.SharedTrees shared,
                                 List<String> failures) {
        try {
            Path input = mode == CppMode.NONE ? b.pre() : b.dts();
            List<Path> inc = List.of(b.dts().getParent(), Corpus.includePrefixes());
            LoadOptions lo = new LoadOptions(inc, Map.of(), mode, Fixups.Options.DEFAULT, 0);
            Diagnostics diags = new Diagnostics();
            DeviceTree tree = new TreeLoader(lo, cache, shared).load(input, diags);
            if (tree == null || diags.hasErrors()) {
                Diagnostic first = diags.all().stream().filter(d -> d.severity() == Severity.ERROR).findFirst().orElse(null);
                failures.add(b.name() + ": errors: " + (first == null ? "?" : first.headline()));
                return false;
            }
            byte[] ours = DtbWriter.write(tree);
            byte[] ref = Files.readAllBytes(b.dtb());
            if (!Arrays.equals(ours, ref)) {
                failures.add(b.name() + ": differs (ours " + ours.length + " bytes, dtc " + ref.length + ")");
                return false;
            }
            return true;
        } catch (Exception | StackOverflowError e) {
            failures.add(b.name() + ": exception " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] + " < " + e.getStackTrace()[Math.min(2, e.getStackTrace().length - 1)] : ""));
            return false;
        }
    }
}
