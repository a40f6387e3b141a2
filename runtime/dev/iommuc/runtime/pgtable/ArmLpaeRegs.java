package dev.iommuc.runtime.pgtable;

/**
 * What io-pgtable-arm writes back for the driver (reference/arm-smmu-v2.md §5.3–5.4): the field values
 * the SMMU driver packs into TCR/TCR2/VTCR, the MAIR value and the table base.
 *
 * @param ttbr pgd physical address (TTBR for stage 1, VTTBR for stage 2)
 * @param tg   granule encoding (TG0, or TG1 with the TTBR1 quirk)
 * @param ips  output size encoding (IPS for stage 1, PS for stage 2)
 * @param tsz  64 − ias
 * @param sl0  stage 2 only: VTCR.SL0 from the final start level; 0 for stage 1
 * @param mair stage 1 only: 0x00000000F404FF44 in 6.12; 0 for stage 2
 */
public record ArmLpaeRegs(long ttbr, int tg, int sh, int irgn, int orgn, int ips, int tsz, int sl0, long mair) {
}
