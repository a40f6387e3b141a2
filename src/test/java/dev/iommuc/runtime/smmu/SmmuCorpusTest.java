package dev.iommuc.runtime.smmu;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
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
 * Every corpus board with an SMMUv1/v2 runs through the emulator without an internal error; where an
 * Adreno SMMU serves the GPU (SID 0, {@code qcom,adreno}), the GPU's domain is on bank 0 with the TTBR1
 * split unless the SMMU is {@code qcom,msm8996-smmu-v2}; identity-requesting masters' default domains
 * use no bank (issue 4 acceptance 3, runtime part). Page tables are the test fake.
 */
@Tag("corpus")
class SmmuCorpusTest {

    @Test
    void corpus() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        int boards = 0;
        int withSmmu = 0;
        int gpus = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Corpus.Board b : Corpus.boards()) {
            boards++;
            LoadOptions lo = new LoadOptions(List.of(b.dts().getParent(), Corpus.includePrefixes()), Map.of(),
                    CppMode.NONE, Fixups.Options.DEFAULT, 0);
            Plan plan = new PlanCompiler(lo, cache, null).compile(b.pre(), new Diagnostics());
            if (plan == null || plan.iommus().stream().noneMatch(i -> i.family() == IommuFamily.ARM_SMMU)) {
                continue;
            }
            withSmmu++;
            PlanRunner run;
            try {
                run = new PlanRunner(plan, new FakePageTables()).run();
            } catch (RuntimeException e) {
                problems.add(b.name() + ": internal error " + e);
                continue;
            }
            run.probes.forEach((k, r) -> outcomes.merge("probe " + (r.isOk() ? "ok" : r.toString()), 1, Integer::sum));
            run.failures.forEach(f -> outcomes.merge(f.replaceAll(".*: (-[A-Z]+).*", "$1"), 1, Integer::sum));
            if (System.getProperty("smmu.corpus.verbose") != null) {
                run.failures.forEach(f -> System.out.println("  " + b.name() + ": " + f));
            }
            for (PlanMaster m : plan.masters()) {
                for (ArmSmmu s : run.smmusOf(m)) {
                    if (!s.probed() || !s.deviceResults().getOrDefault(m.id(), Result.error(Errno.ENODEV, "")).isOk()) {
                        continue;
                    }
                    gpus += checkGpu(b.name(), s, m, problems);
                    SmmuDomain def = s.defaultDomainOf(m.id());
                    if (m.requested() == DomainType.IDENTITY && def != null && def.contextBank() >= 0) {
                        problems.add(b.name() + ": " + m.id() + " asked for identity but its default domain has a bank");
                    }
                }
            }
        }
        System.out.printf("SMMU corpus: %d boards, %d with SMMUv1/v2, %d Adreno GPUs checked%n", boards, withSmmu, gpus);
        outcomes.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        problems.stream().limit(40).forEach(p -> System.out.println("  " + p));
        assertEquals(List.of(), problems);
    }

    private static int checkGpu(String board, ArmSmmu s, PlanMaster m, List<String> problems) {
        boolean sid0 = m.streams().stream().anyMatch(st -> st.iommu().equals(s.id()) && (st.sid() & 0xffff) == 0);
        if (!s.implName().startsWith("qcom-adreno") || !sid0 || !m.compatible().contains("qcom,adreno")) {
            return 0;
        }
        SmmuDomain d = s.domainOf(m.id());
        if (d == null || d.type() != DomainType.UNMANAGED) {
            return 0;
        }
        if (d.contextBank() != 0) {
            problems.add(board + ": GPU " + m.id() + " on bank " + d.contextBank());
        }
        boolean split = (s.cbRead(0, Reg.CB_TCR) & Reg.TCR_EPD1) == 0;
        boolean msm8996 = s.compatible().contains("qcom,msm8996-smmu-v2");
        if (split == msm8996) {
            problems.add(board + ": GPU " + m.id() + (split ? " split on msm8996" : " without the TTBR1 split"));
        }
        return 1;
    }
}
