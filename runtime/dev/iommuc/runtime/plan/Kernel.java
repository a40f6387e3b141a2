package dev.iommuc.runtime.plan;

/**
 * Kernel facts the drivers depend on.
 *
 * @param pageSize        CPU page size in bytes (4096, 16384, 65536): picks granules and DART behaviour
 * @param defaultDomain   global default domain type when no driver or policy prefers one
 * @param disableBypass   arm-smmu.disable_bypass: unused S2CRs fault instead of bypassing
 * @param dartSmallPages  what happens when the CPU page is smaller than a DART's page
 * @param qcomBypassQuirk firmware turns S2CR bypass into fault: the qcom driver reserves the last bank
 */
public record Kernel(long pageSize, DomainType defaultDomain, boolean disableBypass, DartSmallPages dartSmallPages,
                     boolean qcomBypassQuirk) {

    /** Policy for a 4K kernel on a 16K DART (reference/dart-smmuv3-of.md A.6). */
    public enum DartSmallPages { FORCE_BYPASS, REFUSE }
}
