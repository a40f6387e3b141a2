package dev.iommuc.runtime.plan;

/** The hardware family the runtime emulates for an IOMMU instance (SPEC §4). */
public enum IommuFamily {
    /** Arm SMMUv1/v2, MMU-400/401/500 and their vendor implementations. */
    ARM_SMMU,
    /** Arm SMMUv3. */
    ARM_SMMU_V3,
    /** Apple DART. */
    APPLE_DART,
    /** Other providers: grouped and reported, no register model. */
    GENERIC
}
