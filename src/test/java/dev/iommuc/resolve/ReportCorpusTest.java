package dev.iommuc.resolve;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.report.ReportModel;
import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.exec.GroupState;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 4, acceptance 3: every corpus board runs through the executor and produces a report without an
 * internal error. On every board whose Adreno SMMU serves a GPU (SID 0, qcom,adreno) the GPU's domain is
 * on context bank 0 and bank 0 has the TTBR1 split (TCR.EPD1 clear, TTBR1 set) except on
 * qcom,msm8996-smmu-v2 (reference/arm-smmu-v2.md §7.5); masters the profile sends to identity (the
 * Qualcomm client list) have default domains without a bank.
 */
@Tag("corpus")
class ReportCorpusTest {

    /** TCR.EPD1: walks through TTBR1 disabled (arm-smmu-v2.md §8.2). */
    private static final long TCR_EPD1 = 1L << 23;

    @Test
    void everyBoardRuns() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        Map<String, Integer> events = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int boards = 0;
        int smmuBoards = 0;
        int gpus = 0;
        int identity = 0;
        for (Corpus.Board b : Corpus.boards()) {
            Diagnostics diags = new Diagnostics();
            Plan plan = Corpus.plan(b, cache, diags);
            if (plan == null) {
                failures.add(b.name() + ": no plan");
                continue;
            }
            RunResult r;
            try {
                r = Executor.run(plan);
                ReportModel.build(plan, r, diags.all());
            } catch (RuntimeException e) {
                failures.add(b.name() + ": internal error " + e);
                continue;
            }
            boards++;
            if (plan.iommus().stream().anyMatch(i -> i.family() == IommuFamily.ARM_SMMU)) {
                smmuBoards++;
            }
            r.events().forEach(e -> events.merge(e.check(), 1, Integer::sum));
            for (PlanMaster m : plan.masters()) {
                if (m.noIommu() != null || m.streams().isEmpty()) {
                    continue;
                }
                MasterState ms = find(r.masters(), MasterState::id, m.id());
                PlanIommu iommu = find(plan.iommus(), PlanIommu::id, m.streams().get(0).iommu());
                if (iommu.family() == IommuFamily.ARM_SMMU && m.requested() == DomainType.IDENTITY
                        && ms.group() != null) {
                    identity++;
                    GroupState g = find(r.groups(), GroupState::id, ms.group());
                    DomainState d = find(r.domains(), DomainState::id, g.defaultDomain());
                    if (d != null && d.contextBank() != null) {
                        failures.add(b.name() + ": " + m.id() + " asked for identity; default domain on bank "
                                + d.contextBank());
                    }
                }
                boolean gpu = m.compatible().contains("qcom,adreno") && m.streams().stream().anyMatch(s -> s.sid() == 0);
                if (gpu && "qcom-adreno-smmu".equals(iommu.impl())) {
                    gpus++;
                    checkGpu(b.name(), r, iommu, ms, failures);
                }
            }
        }
        System.out.printf("report: %d boards run (%d with SMMUv1/v2), %d Adreno GPUs and %d identity masters checked;"
                + " runtime events: %s%n", boards, smmuBoards, gpus, identity, events);
        failures.stream().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures);
    }

    private static void checkGpu(String board, RunResult r, PlanIommu iommu, MasterState ms, List<String> failures) {
        DomainState d = find(r.domains(), DomainState::id, ms.domain());
        if (d == null || d.contextBank() == null || d.contextBank() != 0) {
            failures.add(board + ": GPU " + ms.id() + " not on context bank 0 (" + ms.domain() + ")");
            return;
        }
        IommuState.ContextBank cb0 = find(find(r.iommus(), IommuState::id, iommu.id()).contextBanks(),
                IommuState.ContextBank::index, 0);
        boolean split = (cb0.registers().get("TCR") & TCR_EPD1) == 0 && cb0.registers().get("TTBR1") != 0;
        boolean msm8996 = iommu.compatible().contains("qcom,msm8996-smmu-v2");
        if (split == msm8996) {
            failures.add(board + ": GPU " + ms.id() + (split ? " split on msm8996" : " without the TTBR1 split"));
        }
    }

    private static <T, K> T find(List<T> list, java.util.function.Function<T, K> key, K want) {
        return list.stream().filter(x -> want.equals(key.apply(x))).findFirst().orElse(null);
    }
}
