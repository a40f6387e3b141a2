package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;

import java.util.EnumSet;
import java.util.Set;

/** Test helpers: configs for one granule, and the register packing arm-smmu does (reference §5.5). */
final class Lpae {

    static final long SZ_4K = 1L << 12;
    static final long SZ_16K = 1L << 14;
    static final long SZ_64K = 1L << 16;
    /** §5.1: the sizes each granule keeps. */
    static final long BITMAP_4K = 0x40201000L;
    static final long BITMAP_16K = 0x02004000L;
    static final long BITMAP_64K = 0x20010000L;

    private Lpae() {
    }

    static long bitmap(long granule) {
        return granule == SZ_4K ? BITMAP_4K : granule == SZ_16K ? BITMAP_16K : BITMAP_64K;
    }

    static PageTableConfig s1(long granule, int ias, int oas, boolean coherent, Quirk... quirks) {
        return cfg(PageTableFormat.ARM_LPAE_S1, granule, ias, oas, coherent, quirks);
    }

    static PageTableConfig s2(long granule, int ias, int oas, boolean coherent, Quirk... quirks) {
        return cfg(PageTableFormat.ARM_LPAE_S2, granule, ias, oas, coherent, quirks);
    }

    static PageTableConfig cfg(PageTableFormat format, long granule, int ias, int oas, boolean coherent,
                               Quirk... quirks) {
        Set<Quirk> q = EnumSet.noneOf(Quirk.class);
        q.addAll(Set.of(quirks));
        return new PageTableConfig(format, bitmap(granule), ias, oas, coherent, q, granule);
    }

    static ArmLpaePageTable alloc(PageTableConfig cfg) {
        return (ArmLpaePageTable) PageTables.alloc(cfg, new SimulatedMemory());
    }

    static ArmLpaePageTable alloc(PageTableConfig cfg, S2ConcatRule rule) {
        return (ArmLpaePageTable) PageTables.alloc(cfg, new SimulatedMemory(), rule);
    }

    // §5.5 arm_smmu_lpae_tcr / tcr2 / vtcr, as arm-smmu packs the io-pgtable fields

    static final long EPD0 = 1L << 7;
    static final long EPD1 = 1L << 23;
    static final long A1 = 1L << 22;

    /** TCR fields in the TTBR0 positions: TG0 [15:14], SH0 [13:12], ORGN0 [11:10], IRGN0 [9:8], T0SZ. */
    static long lpaeTcrFields(ArmLpaeRegs r) {
        return ((long) r.tg() << 14) | ((long) r.sh() << 12) | ((long) r.orgn() << 10) | ((long) r.irgn() << 8)
                | r.tsz();
    }

    /** S1 TCR: EPD1 without TTBR1; with it, the fields shifted by 16, A1 clear and EPD0 set. */
    static long tcr(ArmLpaeRegs r, boolean ttbr1) {
        long v = lpaeTcrFields(r);
        return ttbr1 ? ((v << 16) & ~A1) | EPD0 : v | EPD1;
    }

    /** TCR2: PASIZE = ips, SEP = upstream (0b111 at [17:15]), AS (bit 4) for AArch64. */
    static long tcr2(ArmLpaeRegs r) {
        return r.ips() | (7L << 15) | (1L << 4);
    }

    /** VTCR: RES1 bit 31, PS [18:16], TG0/SH0/ORGN0/IRGN0, SL0 [7:6], T0SZ. */
    static long vtcr(ArmLpaeRegs r) {
        return (1L << 31) | ((long) r.ips() << 16) | lpaeTcrFields(r) | ((long) r.sl0() << 6);
    }
}
