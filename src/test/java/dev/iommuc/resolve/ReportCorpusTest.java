package dev.iommuc.resolve;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.report.ReportModel;
import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;
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
 * Issue 4, acceptance 3 as far as the runtime goes today: every corpus board runs through the
 * executor and produces a report without an internal error; on every board whose Adreno SMMU serves
 * a GPU (SID 0, qcom,adreno) the GPU's domain is on context bank 0.
 */
@Tag("corpus")
class ReportCorpusTest {

    @Test
    void everyBoardRuns() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        Map<String, Integer> events = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int boards = 0;
        int gpus = 0;
        for (Corpus.Board b : Corpus.boards()) {
            LoadOptions lo = new LoadOptions(List.of(b.dts().getParent(), Corpus.includePrefixes()), Map.of(),
                    CppMode.NONE, Fixups.Options.DEFAULT, 0);
            Diagnostics diags = new Diagnostics();
            Plan plan = new PlanCompiler(lo, cache, null).compile(b.pre(), diags);
            if (plan == null) {
                failures.add(b.name() + ": no plan");
                continue;
            }
            RunResult r = Executor.run(plan);
            ReportModel.build(plan, r, diags.all());
            boards++;
            r.events().forEach(e -> events.merge(e.check(), 1, Integer::sum));
            for (PlanMaster m : plan.masters()) {
                boolean gpu = m.compatible().contains("qcom,adreno") && m.noIommu() == null
                        && m.streams().stream().anyMatch(s -> s.sid() == 0);
                String iommu = m.streams().isEmpty() ? null : m.streams().get(0).iommu();
                boolean adreno = plan.iommus().stream().anyMatch(i -> i.id().equals(iommu)
                        && "qcom-adreno-smmu".equals(i.impl()));
                if (!gpu || !adreno) {
                    continue;
                }
                gpus++;
                MasterState ms = r.masters().stream().filter(x -> x.id().equals(m.id())).findFirst().orElseThrow();
                DomainState d = r.domains().stream().filter(x -> x.id().equals(ms.domain())).findFirst().orElse(null);
                if (d == null || d.contextBank() == null || d.contextBank() != 0) {
                    failures.add(b.name() + ": GPU " + m.id() + " not on context bank 0 (" + ms.domain() + ")");
                }
            }
            for (IommuState i : r.iommus()) {
                if (i.emulation().equals("register") && i.status().equals("probe-failed") && i.compatible().isEmpty()) {
                    failures.add(b.name() + ": " + i.id());
                }
            }
        }
        System.out.printf("report: %d boards run, %d Adreno GPUs checked; runtime events: %s%n", boards, gpus, events);
        failures.stream().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures);
    }
}
