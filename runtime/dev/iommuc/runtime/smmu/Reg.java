package dev.iommuc.runtime.smmu;

/**
 * Register offsets and field positions of an SMMUv1/v2 as the Linux arm-smmu driver uses them
 * (reference/arm-smmu-v2.md §8.1 layout, §1.4 ID registers, §2.4 SMR/S2CR, §5.5 TCR/TCR2/VTCR,
 * §7.3 sCR0, §8.2 CBAR/CBA2R/SCTLR). Offsets are within a page: GR0 is page 0, GR1 page 1, CB n
 * page NUMPAGE + n.
 */
final class Reg {

    private Reg() {
    }

    // ---- GR0 (§8.1) ----
    static final int SCR0 = 0x00;
    static final int SACR = 0x10;
    static final int IDR0 = 0x20;
    static final int IDR1 = 0x24;
    static final int IDR2 = 0x28;
    static final int IDR7 = 0x3c;
    static final int SGFSR = 0x48;
    static final int SGFSYNR0 = 0x50;
    static final int SGFSYNR1 = 0x54;
    static final int SGFSYNR2 = 0x58;
    static final int TLBIVMID = 0x64;
    static final int TLBIALLNSNH = 0x68;
    static final int TLBIALLH = 0x6c;
    static final int STLBGSYNC = 0x70;
    static final int STLBGSTATUS = 0x74;
    static final int SMR_BASE = 0x800;
    static final int S2CR_BASE = 0xc00;

    static int smr(int n) {
        return SMR_BASE + 4 * n;
    }

    static int s2cr(int n) {
        return S2CR_BASE + 4 * n;
    }

    // ---- GR1 (§8.1) ----
    static int cbar(int n) {
        return 4 * n;
    }

    static int cbfrsynra(int n) {
        return 0x400 + 4 * n;
    }

    static int cba2r(int n) {
        return 0x800 + 4 * n;
    }

    // ---- context bank (§8.1) ----
    static final int CB_SCTLR = 0x00;
    static final int CB_ACTLR = 0x04;
    static final int CB_RESUME = 0x08;
    static final int CB_TCR2 = 0x10;
    static final int CB_TTBR0 = 0x20;
    static final int CB_TTBR1 = 0x28;
    static final int CB_TCR = 0x30;
    static final int CB_CONTEXTIDR = 0x34;
    static final int CB_MAIR0 = 0x38;
    static final int CB_MAIR1 = 0x3c;
    static final int CB_PAR = 0x50;
    static final int CB_FSR = 0x58;
    static final int CB_FAR = 0x60;
    static final int CB_FSYNR0 = 0x68;
    static final int CB_FSYNR1 = 0x6c;
    static final int CB_TLBIVA = 0x600;
    static final int CB_TLBIASID = 0x610;
    static final int CB_TLBIVAL = 0x620;
    static final int CB_TLBIIPAS2 = 0x630;
    static final int CB_TLBIIPAS2L = 0x638;
    static final int CB_TLBSYNC = 0x7f0;
    static final int CB_TLBSTATUS = 0x7f4;

    // ---- sCR0 (§7.3) ----
    static final int SCR0_CLIENTPD = 1;
    static final int SCR0_GFRE = 1 << 1;
    static final int SCR0_GFIE = 1 << 2;
    static final int SCR0_EXIDENABLE = 1 << 3;
    static final int SCR0_GCFGFRE = 1 << 4;
    static final int SCR0_GCFGFIE = 1 << 5;
    static final int SCR0_USFCFG = 1 << 10;
    static final int SCR0_VMIDPNE = 1 << 11;
    static final int SCR0_PTM = 1 << 12;
    static final int SCR0_FB = 1 << 13;
    static final int SCR0_BSU = 3 << 14;
    static final int SCR0_VMID16EN = 1 << 31;

    // ---- sACR, MMU-500 (§7.3 step 6) ----
    static final int SACR_SMTNMB_TLBEN = 1 << 8;
    static final int SACR_S2CRB_TLBEN = 1 << 10;
    static final int SACR_CACHE_LOCK = 1 << 26;
    static final int ACTLR_CPRE = 1 << 1;

    // ---- IDR0 (§1.4) ----
    static final int IDR0_S1TS = 1 << 30;
    static final int IDR0_S2TS = 1 << 29;
    static final int IDR0_NTS = 1 << 28;
    static final int IDR0_SMS = 1 << 27;
    static final int IDR0_ATOSNS = 1 << 26;
    static final int IDR0_PTFS_NO_AARCH32 = 1 << 25;
    static final int IDR0_PTFS_NO_AARCH32S = 1 << 24;
    static final int IDR0_CTTW = 1 << 14;
    static final int IDR0_NUMSIDB_SHIFT = 9;
    static final int IDR0_EXIDS = 1 << 8;

    // ---- IDR1 / IDR2 (§1.4) ----
    static final int IDR1_PAGESIZE = 1 << 31;
    static final int IDR1_NUMPAGENDXB_SHIFT = 28;
    static final int IDR1_NUMS2CB_SHIFT = 16;
    static final int IDR2_PTFS_4K = 1 << 12;
    static final int IDR2_PTFS_16K = 1 << 13;
    static final int IDR2_PTFS_64K = 1 << 14;
    static final int IDR2_VMID16 = 1 << 15;

    // ---- sGFSR (architectural global fault classes) ----
    static final int GFSR_ICF = 1;
    static final int GFSR_USF = 1 << 1;
    static final int GFSR_SMCF = 1 << 2;
    static final int GFSR_MULTI = 1 << 31;
    static final int GFSYNR0_WNR = 1 << 1;

    // ---- SMR / S2CR (§2.4) ----
    static final int SMR_VALID = 1 << 31;
    static final int S2CR_TYPE_SHIFT = 16;
    static final int S2CR_EXIDVALID = 1 << 10;
    static final int S2CR_PRIVCFG_SHIFT = 24;

    // ---- CBAR / CBA2R (§8.2) ----
    static final int CBAR_TYPE_SHIFT = 16;
    static final int CBAR_TYPE_S2_TRANS = 0;
    static final int CBAR_TYPE_S1_TRANS_S2_BYPASS = 1;
    static final int CBAR_TYPE_S1_TRANS_S2_FAULT = 2;
    static final int CBAR_TYPE_S1_TRANS_S2_TRANS = 3;
    static final int CBAR_BPSHCFG_NSH = 3 << 8;
    static final int CBAR_MEMATTR_WB = 0xf << 12;
    static final int CBAR_IRPTNDX_SHIFT = 24;
    static final int CBA2R_VA64 = 1;
    static final int CBA2R_VMID16_SHIFT = 16;

    // ---- SCTLR (§8.2, §4.7) ----
    static final int SCTLR_M = 1;
    static final int SCTLR_TRE = 1 << 1;
    static final int SCTLR_AFE = 1 << 2;
    static final int SCTLR_CFRE = 1 << 5;
    static final int SCTLR_CFIE = 1 << 6;
    static final int SCTLR_CFCFG = 1 << 7;
    static final int SCTLR_HUPCF = 1 << 8;
    static final int SCTLR_ASIDPNE = 1 << 12;

    // ---- TCR / TCR2 / VTCR (§5.5) ----
    static final int TCR_EPD0 = 1 << 7;
    static final int TCR_A1 = 1 << 22;
    static final int TCR_EPD1 = 1 << 23;
    static final int TCR_EAE = 1 << 31;
    static final int TCR2_AS = 1 << 4;
    static final int TCR2_SEP_UPSTREAM = 7 << 15;
    static final int VTCR_RES1 = 1 << 31;

    // ---- FSR / FSYNR0 (architectural context fault record) ----
    static final int FSR_TF = 1 << 1;
    static final int FSR_AFF = 1 << 2;
    static final int FSR_PF = 1 << 3;
    static final int FSR_EF = 1 << 4;
    static final int FSR_TLBMCF = 1 << 5;
    static final int FSR_TLBLKF = 1 << 6;
    static final int FSR_ASF = 1 << 7;
    static final int FSR_UUT = 1 << 8;
    static final int FSR_SS = 1 << 30;
    static final int FSR_MULTI = 1 << 31;
    /** The bits the driver writes to clear a bank's fault record at reset (§7.3 step 3). */
    static final int FSR_FAULT = FSR_MULTI | FSR_SS | FSR_UUT | FSR_ASF | FSR_TLBLKF | FSR_TLBMCF | FSR_EF | FSR_PF
            | FSR_AFF | FSR_TF;
    static final int FSYNR0_WNR = 1 << 4;

    /** Qualcomm "don't care" value for TLB invalidate and sync writes (§7.3 step 4). */
    static final int QCOM_DUMMY_VAL = 0xffffffff;
}
