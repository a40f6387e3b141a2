package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.PageTables;
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

/** Plan records for SMMUv3 tests, built by hand, and one emulated boot to run them on. */
final class V3Boards {

    static final long SZ_4K = 1L << 12;
    static final long SZ_16K = 1L << 14;
    static final long SZ_64K = 1L << 16;

    private V3Boards() {
    }

    static Kernel kernel(boolean disableBypass) {
        return new Kernel(4096, DomainType.DMA, disableBypass, Kernel.DartSmallPages.FORCE_BYPASS, false);
    }

    static Kernel kernel(boolean disableBypass, DomainType dflt) {
        return new Kernel(4096, dflt, disableBypass, Kernel.DartSmallPages.FORCE_BYPASS, false);
    }

    /** The catalogue row arm-smmu-v3, with {@code kv} overriding. */
    static PlanIommu smmu(String id, Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sid-bits", 16L);
        m.put("ssid-bits", 20L);
        m.put("asid-bits", 16L);
        m.put("vmid-bits", 16L);
        m.put("stage1", 1L);
        m.put("stage2", 1L);
        m.put("stream-table-levels", 2L);
        m.put("granules", SZ_4K | SZ_16K | SZ_64K);
        m.put("oas", 48L);
        m.put("ias", 48L);
        m.put("coherent", 1L);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return smmuCells(id, 1, m);
    }

    static PlanIommu smmuCells(String id, int cells, Map<String, Long> params) {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, new PlanParam(v, "test", "test")));
        return new PlanIommu(id, null, List.of("arm,smmu-v3"), IommuFamily.ARM_SMMU_V3, "arm-smmu-v3", null, true,
                cells, false, p);
    }

    static PlanMaster master(String id, PlanIommu smmu, DomainType requested, int pasidBits, long... sids) {
        List<PlanStream> streams = new ArrayList<>();
        for (long sid : sids) {
            streams.add(new PlanStream(smmu.id(), sid, 0, "iommus", null));
        }
        return new PlanMaster(id, null, List.of(), streams, requested, null, pasidBits, null);
    }

    static PlanMaster master(String id, PlanIommu smmu, long... sids) {
        return master(id, smmu, null, 0, sids);
    }

    /** One boot: memory, the shared ASID space, instances created on demand. */
    static final class Boot {
        final SimulatedMemory mem;
        final Smmuv3System system = new Smmuv3System();
        final Kernel kernel;

        Boot(Kernel kernel) {
            this(kernel, new SimulatedMemory());
        }

        Boot(Kernel kernel, SimulatedMemory mem) {
            this.kernel = kernel;
            this.mem = mem;
        }

        Smmuv3 create(PlanIommu iommu) {
            PhysMemory m = mem;
            return system.create(iommu, kernel, m, cfg -> PageTables.alloc(cfg, m));
        }

        /** Created and probed (the probe must succeed). */
        Smmuv3 probed(PlanIommu iommu) {
            Smmuv3 s = create(iommu);
            if (!s.probe().isOk()) {
                throw new AssertionError("probe failed: " + s.probeResult());
            }
            return s;
        }
    }

    /** The 8 words of the STE of {@code sid}, read from memory through STRTAB_BASE(_CFG) as hardware would. */
    static long[] steWords(Smmuv3 s, long sid) {
        long pa = steAddress(s, sid);
        long[] w = new long[8];
        for (int i = 0; i < 8; i++) {
            w[i] = s.mem.read64(pa + 8L * i);
        }
        return w;
    }

    /** STE address by the register values: linear base + sid × 64, or L1[sid >> 8].L2PTR + (sid & 0xff) × 64. */
    static long steAddress(Smmuv3 s, long sid) {
        long base = s.regs.read64(Fields.STRTAB_BASE) & 0x000f_ffff_ffff_ffc0L;
        int cfg = s.regs.read32(Fields.STRTAB_BASE_CFG);
        if ((cfg >>> 16 & 3) == 0) {
            return base + sid * 64;
        }
        long l1 = s.mem.read64(base + (sid >>> 8) * 8);
        return (l1 & 0x000f_ffff_ffff_ffc0L) + (sid & 0xff) * 64;
    }
}
