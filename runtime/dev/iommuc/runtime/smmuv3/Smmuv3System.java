package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.smmu.PageTableAllocator;

import java.util.BitSet;

/**
 * What the arm-smmu-v3 driver shares between SMMU instances of one boot: the ASID space
 * {@code arm_smmu_asid_xa}, one xarray for all instances (reference/dart-smmuv3-of.md B.6). Each
 * allocation is bounded by the calling SMMU's asid_bits. Every instance is created through it.
 */
public final class Smmuv3System {

    private final BitSet asids = new BitSet();

    /** An unprobed instance; stream tables, CD tables and page tables live in {@code memory}. */
    public Smmuv3 create(PlanIommu iommu, Kernel kernel, PhysMemory memory, PageTableAllocator pageTables) {
        return new Smmuv3(this, iommu, kernel, memory, pageTables);
    }

    /**
     * {@code xa_alloc(&arm_smmu_asid_xa, …, XA_LIMIT(1, (1 << asidBits) - 1))}: the lowest free ASID in the
     * range, or -1 when it is full (the xarray's -EBUSY). ASID 0 is never handed out.
     */
    int allocAsid(int asidBits) {
        int asid = asids.nextClearBit(1);
        if (asid > (1 << asidBits) - 1) {
            return -1;
        }
        asids.set(asid);
        return asid;
    }

    void freeAsid(int asid) {
        asids.clear(asid);
    }
}
