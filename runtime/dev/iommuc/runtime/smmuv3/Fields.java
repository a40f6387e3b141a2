package dev.iommuc.runtime.smmuv3;

/**
 * Register, STE, CD and descriptor field positions of the SMMUv3 as the Linux header names them
 * (reference/dart-smmuv3-of.md B.2 ID registers, B.3 stream table, B.4 STE, B.5 CD; SMMU-h). Fields are
 * {@code [hi:lo]} pairs read with {@link #get} and built with {@link #put}, the GENMASK/FIELD_PREP idiom
 * (D.5 item 6).
 */
final class Fields {

    private Fields() {
    }

    /** {@code (v >>> lo) & mask(hi - lo + 1)}. */
    static long get(long v, int hi, int lo) {
        return (v >>> lo) & mask(hi - lo + 1);
    }

    /** {@code value} placed at {@code [hi:lo]} (masked to the field). */
    static long put(int hi, int lo, long value) {
        return (value & mask(hi - lo + 1)) << lo;
    }

    /** GENMASK(hi, lo). */
    static long genmask(int hi, int lo) {
        return mask(hi - lo + 1) << lo;
    }

    static long bit(int n) {
        return 1L << n;
    }

    private static long mask(int width) {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    // ---- register offsets (page 0) ----
    static final int IDR0 = 0x00;
    static final int IDR1 = 0x04;
    static final int IDR5 = 0x14;
    static final int CR0 = 0x20;
    static final int CR0ACK = 0x24;
    static final int CR1 = 0x28;
    static final int CR2 = 0x2c;
    static final int GBPA = 0x44;
    static final int STRTAB_BASE = 0x80;
    static final int STRTAB_BASE_CFG = 0x88;

    // ---- IDR0 (B.2) ----
    static final int IDR0_S2P = 0;
    static final int IDR0_S1P = 1;
    static final int IDR0_TTF_HI = 3, IDR0_TTF_LO = 2;
    static final int IDR0_COHACC = 4;
    static final int IDR0_ASID16 = 12;
    static final int IDR0_VMID16 = 18;
    static final int IDR0_CD2L = 19;
    static final int IDR0_TTENDIAN_HI = 22, IDR0_TTENDIAN_LO = 21;
    static final int IDR0_STALL_HI = 25, IDR0_STALL_LO = 24;
    static final int IDR0_TERM_MODEL = 26;
    static final int IDR0_ST_LVL_HI = 28, IDR0_ST_LVL_LO = 27;
    static final int TTF_AARCH64 = 2;
    static final int TTF_AARCH32_64 = 3;
    /** TTENDIAN: 0 mixed, 2 little-endian only, 3 big-endian only. */
    static final int TTENDIAN_LE = 2;
    static final int TTENDIAN_BE = 3;
    /** STALL_MODEL 1: stalls not supported (QEMU's value, D.1). */
    static final int STALL_NONE = 1;

    // ---- IDR1 (B.2) ----
    static final int IDR1_SIDSIZE_HI = 5, IDR1_SIDSIZE_LO = 0;
    static final int IDR1_SSIDSIZE_HI = 10, IDR1_SSIDSIZE_LO = 6;
    static final int IDR1_PRIQS_HI = 15, IDR1_PRIQS_LO = 11;
    static final int IDR1_EVTQS_HI = 20, IDR1_EVTQS_LO = 16;
    static final int IDR1_CMDQS_HI = 25, IDR1_CMDQS_LO = 21;
    static final int IDR1_REL = 28;
    static final int IDR1_QUEUES_PRESET = 29;
    static final int IDR1_TABLES_PRESET = 30;

    // ---- IDR5 (B.2) ----
    static final int IDR5_OAS_HI = 2, IDR5_OAS_LO = 0;
    static final int IDR5_GRAN4K = 4;
    static final int IDR5_GRAN16K = 5;
    static final int IDR5_GRAN64K = 6;
    static final int IDR5_VAX_HI = 11, IDR5_VAX_LO = 10;
    /** OAS encodings 0..6 in bits (B.2). */
    static final int[] OAS_BITS = {32, 36, 40, 42, 44, 48, 52};

    // ---- CR0, GBPA ----
    static final int CR0_SMMUEN = 0;
    static final int CR0_EVTQEN = 2;
    static final int CR0_CMDQEN = 3;
    static final int GBPA_ABORT = 20;

    // ---- STRTAB_BASE / STRTAB_BASE_CFG (B.3) ----
    static final int STRTAB_BASE_RA = 62;
    static final int CFG_FMT_HI = 17, CFG_FMT_LO = 16;
    static final int CFG_SPLIT_HI = 10, CFG_SPLIT_LO = 6;
    static final int CFG_LOG2SIZE_HI = 5, CFG_LOG2SIZE_LO = 0;
    static final int FMT_LINEAR = 0;
    static final int FMT_2LVL = 1;
    /** STRTAB_SPLIT: each L2 table covers 2^8 SIDs. */
    static final int STRTAB_SPLIT = 8;
    /** STRTAB_MAX_L1_ENTRIES. */
    static final int STRTAB_MAX_L1_ENTRIES = 1 << 17;
    static final int STE_BYTES = 64;
    static final int L1_DESC_BYTES = 8;
    /** L1 stream table descriptor: L2PTR [51:6], SPAN [4:0]. */
    static final int L1_SPAN_HI = 4, L1_SPAN_LO = 0;

    // ---- STE (B.4) ----
    static final int STE_V = 0;
    static final int STE_CFG_HI = 3, STE_CFG_LO = 1;
    static final int STE_S1FMT_HI = 5, STE_S1FMT_LO = 4;
    static final int STE_S1CDMAX_HI = 63, STE_S1CDMAX_LO = 59;
    static final int CFG_ABORT = 0;
    static final int CFG_BYPASS = 4;
    static final int CFG_S1 = 5;
    static final int CFG_S2 = 6;
    static final int CFG_NESTED = 7;
    static final int S1FMT_LINEAR = 0;
    static final int S1FMT_4K_L2 = 1;
    static final int S1FMT_64K_L2 = 2;
    static final int STE1_S1DSS_HI = 1, STE1_S1DSS_LO = 0;
    static final int STE1_S1CIR_HI = 3, STE1_S1CIR_LO = 2;
    static final int STE1_S1COR_HI = 5, STE1_S1COR_LO = 4;
    static final int STE1_S1CSH_HI = 7, STE1_S1CSH_LO = 6;
    static final int STE1_S1STALLD = 27;
    static final int STE1_EATS_HI = 29, STE1_EATS_LO = 28;
    static final int STE1_STRW_HI = 31, STE1_STRW_LO = 30;
    static final int S1DSS_TERMINATE = 0;
    static final int S1DSS_BYPASS = 1;
    static final int S1DSS_SSID0 = 2;
    static final int CACHE_WBRA = 1;
    static final int SH_ISH = 3;
    static final int STE2_S2VMID_HI = 15, STE2_S2VMID_LO = 0;
    static final int STE2_VTCR_HI = 50, STE2_VTCR_LO = 32;
    static final int STE2_S2AA64 = 51;
    static final int STE2_S2ENDI = 52;
    static final int STE2_S2PTW = 54;
    static final int STE2_S2R = 58;
    /** VTCR sub-fields inside STE dword 2 bits 50:32 (T0SZ, SL0, IR0, OR0, SH0, TG, PS). */
    static final int VTCR_T0SZ_HI = 5, VTCR_T0SZ_LO = 0;
    static final int VTCR_SL0_HI = 7, VTCR_SL0_LO = 6;
    static final int VTCR_IR0_HI = 9, VTCR_IR0_LO = 8;
    static final int VTCR_OR0_HI = 11, VTCR_OR0_LO = 10;
    static final int VTCR_SH0_HI = 13, VTCR_SH0_LO = 12;
    static final int VTCR_TG_HI = 15, VTCR_TG_LO = 14;
    static final int VTCR_PS_HI = 18, VTCR_PS_LO = 16;
    /** STE dword 3 S2TTB [51:4], CD dword 1 TTB0 [51:4]. */
    static final long TTB_MASK = genmask(51, 4);
    /** S1ContextPtr, L2PTR and STRTAB_BASE address fields [51:6]. */
    static final long PTR_MASK = genmask(51, 6);

    // ---- CD (B.5) ----
    static final int CD_BYTES = 64;
    static final int CD_T0SZ_HI = 5, CD_T0SZ_LO = 0;
    static final int CD_TG0_HI = 7, CD_TG0_LO = 6;
    static final int CD_IRGN0_HI = 9, CD_IRGN0_LO = 8;
    static final int CD_ORGN0_HI = 11, CD_ORGN0_LO = 10;
    static final int CD_SH0_HI = 13, CD_SH0_LO = 12;
    static final int CD_EPD0 = 14;
    static final int CD_ENDI = 15;
    static final int CD_EPD1 = 30;
    static final int CD_V = 31;
    static final int CD_IPS_HI = 34, CD_IPS_LO = 32;
    static final int CD_AA64 = 41;
    static final int CD_HD = 42;
    static final int CD_HA = 43;
    static final int CD_S = 44;
    static final int CD_R = 45;
    static final int CD_A = 46;
    static final int CD_ASET = 47;
    static final int CD_ASID_HI = 63, CD_ASID_LO = 48;
    /** CTXDESC_L2_ENTRIES: CDs per leaf table of a 2-level (64K_L2) CD table. */
    static final int CD_L2_ENTRIES = 1024;
    /** CTXDESC_LINEAR_CDMAX: log2(64 KiB / 64). */
    static final int CD_LINEAR_CDMAX = 10;
    /** L1 CD descriptor: V bit 0, L2PTR [51:12]. */
    static final int L1CD_V = 0;
    static final long L1CD_PTR_MASK = genmask(51, 12);
}
