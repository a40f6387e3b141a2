package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * reference/arm-smmu-v2.md §5.4 register fields, packed as §5.5 does and checked against the
 * precomputed values of §8.3 and the worked examples of §9.
 */
class ArmRegsTest {

    private static final long SZ_2M = 1L << 21;

    /** §8.3 S1 TCR and TCR2 values (AArch64, 4K). */
    @ParameterizedTest(name = "ias {0} oas {1} coherent {2} ttbr1 {3} outer {4}: TCR 0x{5}")
    @CsvSource({
        "48, 48, true, false, false, 00803510, 00038015",
        "48, 48, false, false, false, 00802010, 00038015",
        "40, 40, false, false, false, 00802018, 00038012",
        "48, 48, true, true, false, B5100080, 00038015",
        "48, 48, false, true, false, A0100080, 00038015",
        "48, 48, false, true, true, A4100080, 00038015",
    })
    void stage1Tcr(int ias, int oas, boolean coherent, boolean ttbr1, boolean outer, String tcr, String tcr2) {
        PageTableConfig cfg = ttbr1 && outer ? Lpae.s1(SZ_4K, ias, oas, coherent, Quirk.ARM_TTBR1, Quirk.ARM_OUTER_WBWA)
                : ttbr1 ? Lpae.s1(SZ_4K, ias, oas, coherent, Quirk.ARM_TTBR1)
                : outer ? Lpae.s1(SZ_4K, ias, oas, coherent, Quirk.ARM_OUTER_WBWA)
                : Lpae.s1(SZ_4K, ias, oas, coherent);
        SimulatedMemory mem = new SimulatedMemory();
        PageTableOps pt = PageTables.alloc(cfg, mem);
        ArmLpaeRegs r = pt.armRegs();
        assertEquals(Long.parseLong(tcr, 16), Lpae.tcr(r, ttbr1));
        assertEquals(Long.parseLong(tcr2, 16), Lpae.tcr2(r));
        assertEquals(0xF404FF44L, r.mair() & 0xFFFF_FFFFL, "MAIR0");
        assertEquals(0, r.mair() >>> 32, "MAIR1");
        assertEquals(0, r.sl0());
        assertEquals(SimulatedMemory.DEFAULT_BASE, r.ttbr(), "ttbr = pgd PA, the first block of the memory");
    }

    /** §9 example 1, CB0: coherent, ias = oas = 48, 4K, 4 levels from L0, 512-entry pgd. */
    @Test
    void example1() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true));
        ArmLpaeRegs r = pt.armRegs();
        assertEquals(0x00803510L, Lpae.tcr(r, false));
        assertEquals(0x00038015L, Lpae.tcr2(r));
        assertEquals(pt.pgd(), r.ttbr());
        assertEquals(4, pt.layout().levels());
        assertEquals(0, pt.layout().startLevel());
        assertEquals(512, pt.geometry().pgdEntries());
        assertEquals(0x40201000L, pt.layout().pgsizeBitmap());
        assertEquals(0x00803510L, Lpae.tcr(Lpae.alloc(new PageTableConfig(PageTableFormat.ARM_LPAE_S1,
                0x60211000L, 48, 48, true, java.util.Set.of(), SZ_4K)).armRegs(), false), "from the SMMU's bitmap");

        // a 2 MiB mapping at 0x4020_0000 is an L2 block (type 1) at L2 index 1 under L1 index 1
        assertEquals(Errno.OK, pt.mapPages(0x4020_0000L, 0x4020_0000L, SZ_2M, 1, Prot.READ | Prot.WRITE));
        SimulatedMemory mem = (SimulatedMemory) pt.memory();
        long l0 = mem.read64(r.ttbr());
        assertEquals(3, l0 & 3, "L0[0] is a table");
        long l1 = mem.read64((l0 & LpaePte.ADDR_MASK) + 8 * 1);
        assertEquals(3, l1 & 3, "L1[1] is a table");
        long l2 = mem.read64((l1 & LpaePte.ADDR_MASK) + 8 * 1);
        assertEquals(1, l2 & 3, "L2[1] is a block");
        assertEquals(0x4020_0000L, l2 & LpaePte.ADDR_MASK);
        Walk w = pt.walk(0x4020_0000L + 0x1234, true);
        assertEquals(2, w.level());
        assertEquals(l2, w.pte());
        assertEquals(0x4020_1234L, w.pa());
    }

    /** §9 example 2, CB0 and the first per-process table: TTBR1 split, non-coherent. */
    @Test
    void example2() {
        for (boolean outer : new boolean[] {false, true}) {
            PageTableConfig gpu = outer
                    ? Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_TTBR1, Quirk.ARM_OUTER_WBWA)
                    : Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_TTBR1);
            ArmLpaeRegs global = PageTables.alloc(gpu, new SimulatedMemory()).armRegs();
            assertEquals(outer ? 0xA4100080L : 0xA0100080L, Lpae.tcr(global, true));
            assertEquals(2, global.tg(), "TG1 4K");
            assertEquals(0x00038015L, Lpae.tcr2(global));
            // drm/msm copies the cfg without TTBR1 for a per-process table (§5.6)
            PageTableConfig proc = outer ? Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_OUTER_WBWA)
                    : Lpae.s1(SZ_4K, 48, 48, false);
            ArmLpaeRegs ttbr0 = PageTables.alloc(proc, new SimulatedMemory()).armRegs();
            assertEquals(outer ? 0x00802410L : 0x00802010L, Lpae.tcr(ttbr0, false));
            long enabled = (Lpae.tcr(global, true) | Lpae.tcr(ttbr0, false)) & ~(Lpae.EPD0 | Lpae.EPD1);
            assertEquals(outer ? 0xA4102410L : 0xA0102010L, enabled);
        }
    }

    /** §9 example 3: S1 ias 40 non-coherent; S2 ias = oas = 40 and oas 48 under both rules. */
    @Test
    void example3() {
        ArmLpaePageTable s1 = Lpae.alloc(Lpae.s1(SZ_4K, 40, 40, false));
        assertEquals(0x00802018L, Lpae.tcr(s1.armRegs(), false));
        assertEquals(0x00038012L, Lpae.tcr2(s1.armRegs()));
        assertEquals(4, s1.layout().levels());
        assertEquals(2, s1.geometry().pgdEntries());
        assertEquals(64, s1.layout().pgdBytes(), "64-byte allocation");

        ArmLpaePageTable s2 = Lpae.alloc(Lpae.s2(SZ_4K, 40, 40, false));
        assertEquals(0x80022058L, Lpae.vtcr(s2.armRegs()));
        assertEquals(1, s2.layout().startLevel());
        assertEquals(8192, s2.layout().pgdBytes());
        assertEquals(1, s2.armRegs().sl0());
        assertEquals(0, s2.armRegs().mair());
        assertEquals(s2.pgd(), s2.armRegs().ttbr(), "VTTBR = pgd, no VMID");
        assertEquals(0x80022058L, Lpae.vtcr(Lpae.alloc(Lpae.s2(SZ_4K, 40, 40, false),
                S2ConcatRule.MANDATORY_ONLY).armRegs()));

        assertEquals(0x80052058L, Lpae.vtcr(Lpae.alloc(Lpae.s2(SZ_4K, 40, 48, false)).armRegs()), "older rule");
        assertEquals(0x80052098L, Lpae.vtcr(Lpae.alloc(Lpae.s2(SZ_4K, 40, 48, false),
                S2ConcatRule.MANDATORY_ONLY).armRegs()), "newer rule");
    }

    /** §5.4: TG0 4K 0, 64K 1, 16K 2; TG1 (TTBR1) 16K 1, 4K 2, 64K 3; S2 always TG0. */
    @ParameterizedTest
    @CsvSource({"4096, 0, 2", "16384, 2, 1", "65536, 1, 3"})
    void granuleEncodings(long granule, int tg0, int tg1) {
        assertEquals(tg0, Lpae.alloc(Lpae.s1(granule, 48, 48, true)).armRegs().tg());
        assertEquals(tg1, Lpae.alloc(Lpae.s1(granule, 48, 48, true, Quirk.ARM_TTBR1)).armRegs().tg());
        assertEquals(tg0, Lpae.alloc(Lpae.s2(granule, 48, 48, true)).armRegs().tg());
    }

    /** §5.4: ips from oas, at both stages; tsz = 64 − ias. */
    @ParameterizedTest
    @CsvSource({"32, 0", "36, 1", "40, 2", "42, 3", "44, 4", "48, 5", "52, 6"})
    void ipsFromOas(int oas, int ips) {
        long granule = oas == 52 ? SZ_64K : SZ_16K;
        ArmLpaeRegs s1 = Lpae.alloc(Lpae.s1(granule, 36, oas, true)).armRegs();
        ArmLpaeRegs s2 = Lpae.alloc(Lpae.s2(granule, 36, oas, true)).armRegs();
        assertEquals(ips, s1.ips());
        assertEquals(ips, s2.ips());
        assertEquals(28, s1.tsz());
        assertEquals(28, s2.tsz());
    }

    /** §5.4 shareability and cacheability of the walk. */
    @Test
    void walkAttributes() {
        ArmLpaeRegs coherent = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true)).armRegs();
        assertEquals(3, coherent.sh());
        assertEquals(1, coherent.irgn());
        assertEquals(1, coherent.orgn());
        ArmLpaeRegs nc = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, false)).armRegs();
        assertEquals(2, nc.sh());
        assertEquals(0, nc.irgn());
        assertEquals(0, nc.orgn());
        ArmLpaeRegs outer = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_OUTER_WBWA)).armRegs();
        assertEquals(0, outer.irgn());
        assertEquals(1, outer.orgn());
        ArmLpaeRegs s2 = Lpae.alloc(Lpae.s2(SZ_16K, 48, 48, true)).armRegs();
        assertEquals(3, s2.sh());
        assertEquals(1, s2.irgn());
        assertEquals(1, s2.orgn());
    }
}
