package dev.iommuc.runtime.plan;

/** IOMMU domain types as the Linux core knows them (reference/arm-smmu-v2.md §6.1). */
public enum DomainType {
    /** Translated through an IOVA allocator-managed page table (the DMA API). */
    DMA,
    /** Bypass: IOVA = PA, no context bank. */
    IDENTITY,
    /** Every transaction faults. */
    BLOCKED,
    /** A page table owned by a driver (drm/msm, VFIO) rather than the DMA API. */
    UNMANAGED
}
