package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.ArmLpaeRegs;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * The STE and CD words the Linux driver builds (reference/dart-smmuv3-of.md B.4, B.5): abort and bypass
 * STEs ({@code arm_smmu_make_abort_ste}/{@code _bypass_ste}: dword 0 only, no SHCFG because the model
 * has no IDR1.ATTR_TYPES_OVR), the CD-table STE of a stage-1 domain ({@code arm_smmu_make_cdtable_ste}),
 * the stage-2 STE ({@code arm_smmu_make_s2_domain_ste}) and the stage-1 CD ({@code arm_smmu_make_s1_cd}).
 * Arrays are the eight 64-bit words of the STE or CD.
 */
final class Descriptors {

    private Descriptors() {
    }

    /** dword0 = V (0x1). */
    static long[] abortSte() {
        long[] s = new long[8];
        s[0] = bit(STE_V) | put(STE_CFG_HI, STE_CFG_LO, CFG_ABORT);
        return s;
    }

    /** dword0 = V | Config 4 (0x9). */
    static long[] bypassSte() {
        long[] s = new long[8];
        s[0] = bit(STE_V) | put(STE_CFG_HI, STE_CFG_LO, CFG_BYPASS);
        return s;
    }

    /**
     * A stage-1 STE pointing at a CD table (worked example 2: dword0 = V | Config 5 | S1Fmt | S1ContextPtr |
     * S1CDMax; dword1 = S1DSS SSID0 | S1CIR/S1COR WBRA | S1CSH ISH, S1STALLD when the SMMU can stall and the
     * master did not ask to; NS-EL1 stream world, no ATS).
     */
    static long[] cdTableSte(long cdTable, int s1fmt, int s1cdmax, boolean stallDisable) {
        long[] s = new long[8];
        s[0] = bit(STE_V) | put(STE_CFG_HI, STE_CFG_LO, CFG_S1) | put(STE_S1FMT_HI, STE_S1FMT_LO, s1fmt)
                | (cdTable & PTR_MASK) | put(STE_S1CDMAX_HI, STE_S1CDMAX_LO, s1cdmax);
        s[1] = put(STE1_S1DSS_HI, STE1_S1DSS_LO, S1DSS_SSID0) | put(STE1_S1CIR_HI, STE1_S1CIR_LO, CACHE_WBRA)
                | put(STE1_S1COR_HI, STE1_S1COR_LO, CACHE_WBRA) | put(STE1_S1CSH_HI, STE1_S1CSH_LO, SH_ISH)
                | (stallDisable ? bit(STE1_S1STALLD) : 0);
        return s;
    }

    /** A stage-2 STE: dword2 = S2VMID | VTCR | S2AA64 | S2PTW | S2R, dword3 = S2TTB (B.4). */
    static long[] s2Ste(int vmid, ArmLpaeRegs r) {
        long[] s = new long[8];
        s[0] = bit(STE_V) | put(STE_CFG_HI, STE_CFG_LO, CFG_S2);
        long vtcr = put(VTCR_T0SZ_HI, VTCR_T0SZ_LO, r.tsz()) | put(VTCR_SL0_HI, VTCR_SL0_LO, r.sl0())
                | put(VTCR_IR0_HI, VTCR_IR0_LO, r.irgn()) | put(VTCR_OR0_HI, VTCR_OR0_LO, r.orgn())
                | put(VTCR_SH0_HI, VTCR_SH0_LO, r.sh()) | put(VTCR_TG_HI, VTCR_TG_LO, r.tg())
                | put(VTCR_PS_HI, VTCR_PS_LO, r.ips());
        s[2] = put(STE2_S2VMID_HI, STE2_S2VMID_LO, vmid) | put(STE2_VTCR_HI, STE2_VTCR_LO, vtcr)
                | bit(STE2_S2AA64) | bit(STE2_S2PTW) | bit(STE2_S2R);
        s[3] = r.ttbr() & TTB_MASK;
        return s;
    }

    /**
     * {@code arm_smmu_make_s1_cd} (6.12, read from the kernel source: the reference leaves the write-time
     * bits open, see its "Uncertainties"): dword0 = T0SZ | TG0 | IRGN0 | ORGN0 | SH0 | EPD1 | V | IPS | AA64
     * | S (stall) | R | A | ASET | ASID; dword1 = TTB0; dword3 = MAIR.
     */
    static long[] s1Cd(ArmLpaeRegs r, int asid, boolean stall) {
        long[] c = new long[8];
        c[0] = put(CD_T0SZ_HI, CD_T0SZ_LO, r.tsz()) | put(CD_TG0_HI, CD_TG0_LO, r.tg())
                | put(CD_IRGN0_HI, CD_IRGN0_LO, r.irgn()) | put(CD_ORGN0_HI, CD_ORGN0_LO, r.orgn())
                | put(CD_SH0_HI, CD_SH0_LO, r.sh()) | bit(CD_EPD1) | bit(CD_V) | put(CD_IPS_HI, CD_IPS_LO, r.ips())
                | bit(CD_AA64) | (stall ? bit(CD_S) : 0) | bit(CD_R) | bit(CD_A) | bit(CD_ASET)
                | put(CD_ASID_HI, CD_ASID_LO, asid);
        c[1] = r.ttbr() & TTB_MASK;
        c[3] = r.mair();
        return c;
    }

    /** An L1 CD descriptor: V | L2PTR [51:12] (B.5). */
    static long l1Cd(long leaf) {
        return (leaf & L1CD_PTR_MASK) | bit(L1CD_V);
    }

    /** The Config field of an STE's dword 0. */
    static int config(long dword0) {
        return (int) get(dword0, STE_CFG_HI, STE_CFG_LO);
    }
}
