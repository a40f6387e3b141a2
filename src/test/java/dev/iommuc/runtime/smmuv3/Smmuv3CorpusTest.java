package dev.iommuc.runtime.smmuv3;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.report.ReportModel;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus board with an {@code arm,smmu-v3} node runs through the executor and the report model
 * without an internal error; every master grouped behind a probed SMMUv3 has an STE shown for each of its
 * SIDs on that SMMU (type abort, bypass, s1-trans or s2-trans, ste0 valid), and every stage-1 STE's SMMU
 * shows its CDs.
 */
@Tag("corpus")
class Smmuv3CorpusTest {

    private static final Set<String> TYPES = Set.of("abort", "bypass", "s1-trans", "s2-trans");

    @Test
    void corpus() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int boards = 0;
        for (Corpus.Board b : Corpus.boards()) {
            if (!Files.readString(b.pre()).contains("arm,smmu-v3")) {
                continue;
            }
            boards++;
            Diagnostics diags = new Diagnostics();
            Plan plan = Corpus.plan(b, cache, diags);
            if (plan == null) {
                problems.add(b.name() + ": no plan");
                continue;
            }
            RunResult r;
            try {
                r = Executor.run(plan);
                ReportModel.build(plan, r, diags.all());
            } catch (RuntimeException e) {
                problems.add(b.name() + ": internal error " + e);
                continue;
            }
            Map<String, IommuState> v3 = new HashMap<>();
            for (IommuState i : r.iommus()) {
                boolean isV3 = plan.iommus().stream().anyMatch(p -> p.id().equals(i.id())
                        && p.family() == IommuFamily.ARM_SMMU_V3);
                if (isV3) {
                    v3.put(i.id(), i);
                    counts.merge("smmuv3 " + i.status(), 1, Integer::sum);
                    if (i.streamMap().stream().anyMatch(e -> e.type().equals("s1-trans")) && i.contextBanks().isEmpty()) {
                        problems.add(b.name() + ": " + i.id() + " has stage-1 STEs but no CDs shown");
                    }
                }
            }
            r.events().forEach(e -> counts.merge("event " + e.check(), 1, Integer::sum));
            for (MasterState m : r.masters()) {
                if (m.group() == null) {
                    continue;
                }
                for (PlanStream s : m.streams()) {
                    IommuState i = v3.get(s.iommu());
                    if (i == null || !i.status().equals("okay")) {
                        continue;
                    }
                    counts.merge("stes checked", 1, Integer::sum);
                    boolean shown = i.streamMap().stream().anyMatch(e -> e.sid() == s.sid() && TYPES.contains(e.type())
                            && (e.registers().get("ste0") & 1) == 1 && m.group().equals(e.group()));
                    if (!shown) {
                        problems.add(b.name() + ": " + m.id() + " SID 0x" + Long.toHexString(s.sid())
                                + " has no STE in the report of " + i.id());
                    }
                }
            }
        }
        System.out.printf("SMMUv3 corpus: %d boards with arm,smmu-v3%n", boards);
        counts.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        problems.stream().limit(40).forEach(p -> System.out.println("  " + p));
        assertTrue(boards > 0, "no arm,smmu-v3 board in the corpus");
        assertEquals(List.of(), problems);
    }
}
