package dev.iommuc.resolve;

import dev.iommuc.diag.SourcePos;

import java.util.List;
import java.util.Map;

/**
 * A node with {@code #iommu-cells}: an IOMMU instance, classified by {@code compatible}.
 *
 * @param path       full node path (the provider's identity in plans and reports)
 * @param label      first live label, or null
 * @param family     hardware family
 * @param impl       implementation within the family: for ARM_SMMU {@code generic}, {@code mmu-500},
 *                   {@code qcom-smmu-v2}, {@code qcom-smmu-500}, {@code qcom-adreno-smmu},
 *                   {@code nvidia-smmu-500}, {@code cavium-smmu-v2}, …; for APPLE_DART the variant
 *                   ({@code t8103}, {@code t6000}, {@code t8110}); for GENERIC the driver name
 *                   ({@code rockchip}, {@code mtk-m4u}, {@code tegra-smmu}, {@code ipmmu-vmsa}, …)
 * @param version    ARM_SMMU architecture version ({@code smmu-v1}, {@code smmu-v1-64k}, {@code smmu-v2}), else null
 * @param enabled    false when {@code status} is not okay: its masters then have no IOMMU
 * @param iommuCells value of {@code #iommu-cells}; -1 when absent (an SMMU using only the legacy binding)
 * @param legacy     the SMMU uses the deprecated {@code mmu-masters} binding
 * @param params     hardware parameters by name, in a stable order
 * @param probeFailure why the driver fails to probe this instance (e.g. missing {@code #global-interrupts},
 *                   too few context interrupts, legacy/generic binding mix), or null when it probes; its
 *                   masters then have no IOMMU, like those of a disabled provider
 */
public record Provider(String path, String label, List<String> compatible, Family family, String impl,
                       String version, boolean enabled, int iommuCells, boolean legacy,
                       Map<String, Param> params, String probeFailure, SourcePos pos) {

    public Provider {
        compatible = List.copyOf(compatible);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** Enabled and probing: its masters are translated (or bypassed) by it. */
    public boolean usable() {
        return enabled && probeFailure == null;
    }

    /** Value of a parameter, or {@code dflt} when the parameter is not known for this provider. */
    public long param(String name, long dflt) {
        Param p = params.get(name);
        return p == null ? dflt : p.value();
    }
}
