package dev.iommuc.runtime.smmuv3;

/**
 * What {@code arm_smmu_device_hw_probe} derived from the ID registers (reference/dart-smmuv3-of.md B.2).
 *
 * @param twoLevelStrtab ARM_SMMU_FEAT_2_LVL_STRTAB: IDR0.ST_LVL = 1 and sid_bits > 8 (B.3)
 * @param twoLevelCd     ARM_SMMU_FEAT_2_LVL_CDTAB: IDR0.CD2L
 * @param coherent       ARM_SMMU_FEAT_COHERENCY (the firmware's {@code dma-coherent} wins, B.1)
 * @param stalls         ARM_SMMU_FEAT_STALLS: IDR0.STALL_MODEL 0 or 2
 * @param ssidBits       IDR1.SSIDSIZE ({@code max_pasids = 1 << ssidBits})
 * @param pgsizeBitmap   page sizes from IDR5.GRAN* (B.2)
 * @param ias            max(40 with AArch32 tables else 0, oas) (B.2)
 * @param vax            IDR5.VAX = 1: 52-bit stage-1 input
 */
public record Smmuv3Cfg(boolean stage1, boolean stage2, boolean twoLevelStrtab, boolean twoLevelCd, boolean coherent,
                        boolean stalls, int asidBits, int vmidBits, int sidBits, int ssidBits, long pgsizeBitmap,
                        int ias, int oas, boolean vax) {
}
