package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;

/**
 * What the arm-smmu driver keeps across SMMU instances of one system (reference/arm-smmu-v2.md §1.2,
 * §1.6): the legacy-or-generic binding decision and the Cavium ASID/VMID base. One per emulated boot;
 * every instance is created through it.
 */
public final class SmmuSystem {

    private Boolean legacy;
    private int caviumContexts;

    /** An unprobed instance for {@code iommu}; {@code pageTables} allocates its domains' tables. */
    public ArmSmmu create(PlanIommu iommu, Kernel kernel, PageTableAllocator pageTables) {
        return new ArmSmmu(this, iommu, kernel, pageTables);
    }

    /** Whether the system uses the legacy {@code mmu-masters} binding (decided by the first SMMU probed). */
    public boolean usingLegacyBinding() {
        return Boolean.TRUE.equals(legacy);
    }

    /** §1.2 step 2: the first SMMU decides legacy or generic; a later one of the other kind fails. */
    Result bind(boolean usesLegacy, ArmSmmu smmu) {
        if (legacy == null) {
            legacy = usesLegacy;
            if (usesLegacy) {
                smmu.notice("deprecated \"mmu-masters\" DT property in use; DMA API support unavailable");
            }
            return Result.ok();
        }
        if (legacy != usesLegacy) {
            return Result.error(Errno.ENODEV, "not probing due to mismatched DT properties");
        }
        return Result.ok();
    }

    /** Cavium erratum #27704: the banks of earlier Cavium SMMUs, then counts this one's (§1.6). */
    int caviumIdBase(int numCb) {
        int base = caviumContexts;
        caviumContexts += numCb;
        return base;
    }
}
