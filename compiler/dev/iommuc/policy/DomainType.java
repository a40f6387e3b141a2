package dev.iommuc.policy;

import java.util.Locale;

/**
 * The domain types of the Linux IOMMU core (arm-smmu-v2.md §6.1). A policy chooses one per master
 * as its default domain; driver-managed domains are always {@link #UNMANAGED}.
 */
public enum DomainType {
    /** A paging domain owned by the DMA API (DMA, DMA_FQ): one context bank / page table per domain. */
    DMA,
    /** Bypass: no translation, no context bank (S2CR BYPASS, STE bypass, DART bypass). */
    IDENTITY,
    /** All DMA faults (S2CR FAULT, STE abort). */
    BLOCKED,
    /**
     * No default domain of its own: the master is used only through the driver domain that lists it
     * (as drm/msm and VFIO do).
     */
    UNMANAGED;

    /** The YAML spelling. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
