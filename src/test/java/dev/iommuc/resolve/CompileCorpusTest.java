package dev.iommuc.resolve;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.plan.PlanWriter;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 3, acceptance 1 and 4 over the whole corpus: {@code compile} (default profile) succeeds on
 * every board or fails only with diagnostics about the board, never an internal error; every plan
 * master's streams equal an independent decoding of dtc's reference DTB; plans are byte-identical
 * between a 1-worker and a 2-worker run.
 */
@Tag("corpus")
class CompileCorpusTest {

    private record Outcome(String yaml, String firstError, Map<String, List<FdtOracle.Stream>> streams) {
    }

    @Test
    void compileEveryBoard() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        List<Corpus.Board> boards = Corpus.boards();
        Map<String, Outcome> one = run(boards, 1);
        Map<String, Outcome> two = run(boards, 2);
        int ok = 0;
        int masters = 0;
        int streams = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> errors = new TreeMap<>();
        for (Corpus.Board b : boards) {
            Outcome o = one.get(b.name());
            assertEquals(o.yaml(), two.get(b.name()).yaml(), b.name() + ": plan differs between -j 1 and -j 2");
            if (o.yaml() == null) {
                errors.merge(o.firstError(), 1, Integer::sum);
                continue;
            }
            ok++;
            Map<String, List<FdtOracle.Stream>> expected = new FdtOracle(Files.readAllBytes(b.dtb())).masters();
            if (!expected.equals(o.streams())) {
                failures.add(b.name() + ": plan streams differ from the DTB");
            }
            masters += o.streams().size();
            for (List<FdtOracle.Stream> s : o.streams().values()) {
                streams += s.size();
            }
        }
        System.out.printf("compile: %d/%d boards planned, %d masters, %d streams equal to the DTB; failures by check: %s%n",
                ok, boards.size(), masters, streams, errors);
        failures.stream().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures);
        assertEquals(boards.size(), ok, "boards without a plan: " + errors);
    }

    private static Map<String, Outcome> run(List<Corpus.Board> boards, int jobs) throws Exception {
        SourceCache cache = new SourceCache();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        Map<String, Future<Outcome>> fs = new LinkedHashMap<>();
        for (Corpus.Board b : boards) {
            fs.put(b.name(), pool.submit(() -> compile(b, cache)));
        }
        Map<String, Outcome> out = Collections.synchronizedMap(new LinkedHashMap<>());
        for (Map.Entry<String, Future<Outcome>> e : fs.entrySet()) {
            out.put(e.getKey(), e.getValue().get());
        }
        pool.shutdown();
        return out;
    }

    private static Outcome compile(Corpus.Board b, SourceCache cache) {
        Diagnostics diags = new Diagnostics();
        Plan plan = Corpus.plan(b, cache, diags);
        if (plan == null) {
            String first = diags.all().stream().filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::check)
                    .findFirst().orElse("?");
            return new Outcome(null, first, Map.of());
        }
        Map<String, List<FdtOracle.Stream>> streams = new LinkedHashMap<>();
        for (PlanMaster m : plan.masters()) {
            List<FdtOracle.Stream> s = new ArrayList<>();
            for (PlanStream ps : m.streams()) {
                s.add(new FdtOracle.Stream(ps.iommu(), ps.sid(), ps.mask()));
            }
            streams.put(m.id(), s);
        }
        return new Outcome(PlanWriter.write(plan), null, streams);
    }

}
