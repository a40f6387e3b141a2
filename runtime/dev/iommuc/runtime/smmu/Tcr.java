package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.ArmLpaeRegs;

/** The arm-smmu.h helpers that pack io-pgtable's fields into CB registers (reference/arm-smmu-v2.md §5.5). */
final class Tcr {

    private Tcr() {
    }

    private static int t0(ArmLpaeRegs r) {
        return (r.tg() & 3) << 14 | (r.sh() & 3) << 12 | (r.orgn() & 3) << 10 | (r.irgn() & 3) << 8 | (r.tsz() & 0x3f);
    }

    /**
     * {@code arm_smmu_lpae_tcr}: TG0/SH0/ORGN0/IRGN0/T0SZ plus EPD1; with the TTBR1 quirk the value moves
     * up 16 bits into the TTBR1 fields, A1 is cleared (ASID from TTBR0) and EPD0 is set.
     */
    static int lpaeTcr(ArmLpaeRegs r, boolean ttbr1) {
        int tcr = t0(r);
        if (ttbr1) {
            return (tcr << 16) & ~Reg.TCR_A1 | Reg.TCR_EPD0;
        }
        return tcr | Reg.TCR_EPD1;
    }

    /** {@code arm_smmu_lpae_tcr2}: PASIZE = ips, SEP = upstream (AS is added by the caller for AArch64). */
    static int lpaeTcr2(ArmLpaeRegs r) {
        return (r.ips() & 0xf) | Reg.TCR2_SEP_UPSTREAM;
    }

    /** {@code arm_smmu_lpae_vtcr}: RES1, PS, TG0, SH0, ORGN0, IRGN0, SL0, T0SZ. */
    static int vtcr(ArmLpaeRegs r) {
        return Reg.VTCR_RES1 | (r.ips() & 7) << 16 | t0(r) | (r.sl0() & 3) << 6;
    }
}
