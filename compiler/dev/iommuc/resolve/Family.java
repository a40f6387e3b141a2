package dev.iommuc.resolve;

/** The hardware family of an IOMMU provider; each has its own runtime emulation (SPEC §4). */
public enum Family {
    /** Arm SMMUv1/v2 and MMU-400/401/500, with Qualcomm, NVIDIA, … implementations. */
    ARM_SMMU("arm-smmu-v2"),
    /** Arm SMMUv3. */
    ARM_SMMU_V3("arm-smmu-v3"),
    /** Apple DART (t8103, t6000, t8110 and later variants). */
    APPLE_DART("apple-dart"),
    /** Any other provider (Rockchip, MediaTek, Tegra MC, IPMMU, Exynos SysMMU, …): grouped and reported only. */
    GENERIC("generic");

    private final String model;

    Family(String model) {
        this.model = model;
    }

    /** The report's {@code model} value. */
    public String model() {
        return model;
    }
}
