package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

/**
 * The kernel configuration the plan assumes. In a loaded file a field is null when the file does not
 * set it; after {@link PolicyLayering#layer} every field is set.
 *
 * @param pageSize        CPU page size in bytes (4K, 16K or 64K): decides DART bypass (A.6)
 * @param defaultDomain   {@code iommu.passthrough} / Kconfig default: {@link DomainType#DMA} or
 *                        {@link DomainType#IDENTITY}
 * @param disableBypass   {@code arm-smmu.disable_bypass}: unmatched streams fault (§6.4)
 * @param dartSmallPages  DART behaviour when the CPU page is smaller than the DART page
 * @param qcomBypassQuirk firmware turns S2CR bypass into fault, so qcom-smmu reserves the last
 *                        context bank for bypass (§7.4)
 */
public record KernelFacts(Long pageSize, DomainType defaultDomain, Boolean disableBypass,
                          DartSmallPages dartSmallPages, Boolean qcomBypassQuirk, SourcePos pos) {

    /** Nothing set. */
    public static final KernelFacts UNSET = new KernelFacts(null, null, null, null, null, SourcePos.UNKNOWN);

    /**
     * What a 6.12 arm64 defconfig kernel does when nothing says otherwise: 4K pages, DMA default
     * domains, ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y, mainline DART force-bypass, no firmware quirk.
     */
    public static final KernelFacts FALLBACK = new KernelFacts(4096L, DomainType.DMA, true,
            DartSmallPages.FORCE_BYPASS, false, SourcePos.UNKNOWN);

    /** This file's facts where set, else {@code base}'s. */
    public KernelFacts over(KernelFacts base) {
        return new KernelFacts(
                pageSize != null ? pageSize : base.pageSize,
                defaultDomain != null ? defaultDomain : base.defaultDomain,
                disableBypass != null ? disableBypass : base.disableBypass,
                dartSmallPages != null ? dartSmallPages : base.dartSmallPages,
                qcomBypassQuirk != null ? qcomBypassQuirk : base.qcomBypassQuirk,
                pos.known() ? pos : base.pos);
    }
}
