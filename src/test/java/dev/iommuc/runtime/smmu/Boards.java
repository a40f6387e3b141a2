package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plan records for the SMMUs and masters of reference/arm-smmu-v2.md §9, and small variations. */
final class Boards {

    private Boards() {
    }

    static final long SZ_4K = 1L << 12;
    static final long SZ_64K = 1L << 16;

    /** §9 assumption: arm64, 4K pages, default domain DMA, disable_bypass = 1. */
    static Kernel kernel() {
        return new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false);
    }

    static Kernel kernel(boolean disableBypass, boolean qcomBypassQuirk) {
        return new Kernel(4096, DomainType.DMA, disableBypass, Kernel.DartSmallPages.FORCE_BYPASS, qcomBypassQuirk);
    }

    /** Parameters as the resolver names them. */
    static Map<String, Long> params(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    static PlanIommu iommu(String id, List<String> compatible, String impl, String version, Map<String, Long> params) {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, new PlanParam(v, "test", "test")));
        return new PlanIommu(id, null, compatible, IommuFamily.ARM_SMMU, impl, version, true, 2, false, p);
    }

    /** Example 1: generic MMU-500, NUMCB 8, NUMS2CB 0, NUMSMRG 16, 1 + 8 interrupts, dma-coherent. */
    static PlanIommu example1() {
        return iommu("/smmu", List.of("arm,mmu-500"), "mmu-500", "smmu-v2", example1Params());
    }

    static Map<String, Long> example1Params() {
        return params("num-context-banks", 8, "num-s2-context-banks", 0, "num-smrs", 16, "stream-matching", 1,
                "sid-bits", 15, "smr-mask-bits", 15, "exids", 0, "ias", 48, "oas", 48, "ubs", 48,
                "granules", SZ_4K | SZ_64K, "vmid16", 0, "coherent-walk", 1, "num-global-irqs", 1,
                "num-context-irqs", 8);
    }

    /** Example 2: sc7280 Adreno SMMU-500, NUMCB 5, 2 + 5 interrupts, not coherent. */
    static PlanIommu example2() {
        return example2(List.of("qcom,sc7280-smmu-500", "qcom,adreno-smmu", "qcom,smmu-500", "arm,mmu-500"));
    }

    static PlanIommu example2(List<String> compatible) {
        return iommu("/adreno_smmu", compatible, "qcom-adreno-smmu", "smmu-v2",
                params("num-context-banks", 5, "num-s2-context-banks", 0, "num-smrs", 8, "stream-matching", 1,
                        "sid-bits", 15, "smr-mask-bits", 15, "ias", 48, "oas", 48, "ubs", 48,
                        "granules", SZ_4K | SZ_64K, "coherent-walk", 0, "num-global-irqs", 2,
                        "num-context-irqs", 5));
    }

    /** Example 3: generic arm,smmu-v2, stream indexing with NUMSIDB 7, NUMCB 4, NUMS2CB 2, 40 bits, 4K. */
    static PlanIommu example3(Object... extra) {
        Map<String, Long> p = params("num-context-banks", 4, "num-s2-context-banks", 2, "stream-matching", 0,
                "sid-bits", 7, "ias", 40, "oas", 40, "ubs", 40, "granules", SZ_4K, "coherent-walk", 0,
                "num-global-irqs", 1, "num-context-irqs", 4);
        p.putAll(params(extra));
        return iommu("/smmu3", List.of("arm,smmu-v2"), "generic", "smmu-v2", p);
    }

    /** A master whose streams are (sid, mask) pairs on {@code iommu}. */
    static PlanMaster master(String id, PlanIommu iommu, DomainType requested, List<String> compatible, long... sidMask) {
        List<PlanStream> streams = new ArrayList<>();
        for (int i = 0; i < sidMask.length; i += 2) {
            streams.add(new PlanStream(iommu.id(), sidMask[i], sidMask[i + 1], "iommus", null));
        }
        return new PlanMaster(id, null, compatible, streams, requested, requested == null ? null : "test policy", 0,
                null);
    }

    static PlanMaster master(String id, PlanIommu iommu, long... sidMask) {
        return master(id, iommu, null, List.of(), sidMask);
    }
}
