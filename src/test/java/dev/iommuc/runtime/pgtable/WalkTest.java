package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hardware's walk: output addresses and the faults of each kind. */
class WalkTest {

    private static final long SZ_2M = 1L << 21;
    private static final long SZ_1G = 1L << 30;

    @Test
    void translatesWithTheOffset() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true));
        assertEquals(Errno.OK, pt.mapPages(0x7000, 0x1_2345_6000L, SZ_4K, 1, Prot.READ | Prot.WRITE));
        Walk w = pt.walk(0x7ABC, true);
        assertTrue(w.ok());
        assertNull(w.fault());
        assertEquals(0x1_2345_6ABCL, w.pa());
        assertEquals(3, w.level());
    }

    @Test
    void translationFaults() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true));
        Walk empty = pt.walk(0x1000, false);
        assertEquals(Walk.Fault.TRANSLATION, empty.fault());
        assertEquals(0, empty.level(), "the pgd entry is invalid");
        assertEquals(0, empty.pa());
        assertEquals(Errno.OK, pt.mapPages(0x1000, 0x1000, SZ_4K, 1, Prot.READ));
        assertEquals(3, pt.walk(0x2000, false).level(), "invalid L3 entry");
        assertEquals(2, pt.walk(SZ_2M, false).level(), "invalid L2 entry");
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(1L << 48, false).fault(), "outside ias");
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(-SZ_4K, false).fault(), "TTBR1 half without the quirk");
    }

    @Test
    void ttbr1Range() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_TTBR1));
        long va = 0xFFFF_0000_1000_0000L;
        assertEquals(Errno.OK, pt.mapPages(va, 0x8_0000_0000L, SZ_2M, 1, Prot.READ | Prot.WRITE));
        assertEquals(0x8_0000_0123L, pt.walk(va + 0x123, false).pa());
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(0x0000_0000_1000_0000L, false).fault(), "TTBR0 half");
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(0xFFFE_0000_1000_0000L, false).fault(), "not sign-extended");
        // iova_to_phys, like the kernel's, does not look at the bits above ias
        assertEquals(0x8_0000_0123L, pt.iovaToPhys(0x0000_0000_1000_0123L));
    }

    @Test
    void stage1Permissions() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true));
        assertEquals(Errno.OK, pt.mapPages(0x1000, 0x1000, SZ_4K, 1, Prot.READ));
        assertEquals(Errno.OK, pt.mapPages(0x2000, 0x2000, SZ_4K, 1, Prot.WRITE));
        assertEquals(Errno.OK, pt.mapPages(SZ_1G, SZ_1G, SZ_1G, 1, Prot.READ | Prot.NOEXEC));
        assertTrue(pt.walk(0x1000, false).ok());
        Walk w = pt.walk(0x1000, true);
        assertEquals(Walk.Fault.PERMISSION, w.fault(), "AP[2] read-only");
        assertEquals(3, w.level());
        assertTrue((w.pte() & LpaePte.AP_RDONLY) != 0);
        assertTrue(pt.walk(0x2000, true).ok());
        assertTrue(pt.walk(0x2000, false).ok(), "stage 1 has no write-only");
        assertEquals(Walk.Fault.PERMISSION, pt.walk(SZ_1G + 5, true).fault());
        assertEquals(1, pt.walk(SZ_1G + 5, true).level());
    }

    @Test
    void stage2Permissions() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s2(SZ_4K, 40, 40, true));
        assertEquals(Errno.OK, pt.mapPages(0x1000, 0x1000, SZ_4K, 1, Prot.READ));
        assertEquals(Errno.OK, pt.mapPages(0x2000, 0x2000, SZ_4K, 1, Prot.WRITE));
        assertTrue(pt.walk(0x1000, false).ok());
        assertEquals(Walk.Fault.PERMISSION, pt.walk(0x1000, true).fault(), "no HAP write");
        assertTrue(pt.walk(0x2000, true).ok());
        assertEquals(Walk.Fault.PERMISSION, pt.walk(0x2000, false).fault(), "no HAP read");
    }

    /** Descriptors io-pgtable never writes, planted in memory: what the hardware would do with them. */
    @Test
    void foreignDescriptors() {
        SimulatedMemory mem = new SimulatedMemory();
        ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(Lpae.s1(SZ_4K, 48, 40, true), mem);
        assertEquals(Errno.OK, pt.mapPages(0x1000, 0x1000, SZ_4K, 2, Prot.READ | Prot.WRITE));
        long l3 = l3Table(mem, pt);
        long good = mem.read64(l3 + 8);

        mem.write64(l3 + 8, good | 1L << 42); // output address beyond oas 40
        Walk w = pt.walk(0x1000, false);
        assertEquals(Walk.Fault.ADDRESS_SIZE, w.fault());
        assertEquals(-1, pt.translate(0x1000, false));
        assertEquals(3, w.level());

        mem.write64(l3 + 8, good & ~LpaePte.AF);
        assertEquals(Walk.Fault.ACCESS_FLAG, pt.walk(0x1000, false).fault());

        mem.write64(l3 + 8, (good & ~3L) | 1); // type 1 at L3 is reserved
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(0x1000, false).fault());
        assertEquals(0, pt.iovaToPhys(0x1000));

        mem.write64(l3 + 8, good & ~1L); // invalid with other bits set
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(0x1000, false).fault());

        // a block at L0 does not exist with 4K granules
        long l0 = mem.read64(pt.pgd());
        mem.write64(pt.pgd(), (l0 & ~3L) | 1);
        assertEquals(Walk.Fault.TRANSLATION, pt.walk(0x2000, false).fault());
        assertEquals(0, pt.walk(0x2000, false).level());
        mem.write64(pt.pgd(), l0);
        assertTrue(pt.walk(0x2000, false).ok());

        // a table address beyond oas
        mem.write64(pt.pgd(), l0 | 1L << 44);
        assertEquals(Walk.Fault.ADDRESS_SIZE, pt.walk(0x2000, false).fault());
        assertEquals(-1, pt.translate(0x2000, false));
    }

    @Test
    void sixtyFourKFoldsTheTopAddressBits() {
        SimulatedMemory mem = new SimulatedMemory();
        ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(Lpae.s1(SZ_64K, 52, 52, true), mem);
        long pa = 0x000A_BCDE_0001_0000L; // PA[51:48] = 0xA
        assertEquals(Errno.OK, pt.mapPages(SZ_64K, pa, SZ_64K, 1, Prot.READ));
        Walk w = pt.walk(SZ_64K + 0x10, false);
        assertEquals(pa + 0x10, w.pa());
        assertEquals(0xA, (w.pte() >>> 12) & 0xF, "PA[51:48] in bits [15:12]");
        assertEquals(0, w.pte() & 0x000F_0000_0000_0000L, "bits [51:48] of the descriptor are not the address");
        assertEquals(pa + 0x10, pt.iovaToPhys(SZ_64K + 0x10));
        assertEquals(pa, LpaePte.pteToPaddr(LpaePte.paddrToPte(pa), SZ_64K));
    }

    /** translate() is the walk without its record: the same address, or −1 for any fault. */
    @Test
    void translateAgreesWithWalk() {
        SimulatedMemory mem = new SimulatedMemory();
        for (PageTableConfig cfg : new PageTableConfig[] {Lpae.s1(SZ_4K, 48, 40, true),
                Lpae.s2(SZ_4K, 40, 40, true), Lpae.s1(SZ_64K, 52, 52, false, Quirk.ARM_TTBR1)}) {
            ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(cfg, mem);
            long top = cfg.quirks().contains(Quirk.ARM_TTBR1) ? -1L << 52 : 0;
            long g = pt.layout().granule();
            assertEquals(Errno.OK, pt.mapPages(top | g, 5 * g, g, 1, Prot.READ));
            assertEquals(Errno.OK, pt.mapPages(top | 2 * g, 6 * g, g, 1, Prot.WRITE));
            long block = pt.geometry().blockSize(2);
            assertEquals(Errno.OK, pt.mapPages(top | block, block, block, 1, Prot.READ | Prot.WRITE));
            for (long iova : new long[] {g + 7, 2 * g + 8, 3 * g, block + 99, 2 * block, 1L << 39}) {
                for (boolean write : new boolean[] {false, true}) {
                    Walk w = pt.walk(top | iova, write);
                    assertEquals(w.ok() ? w.pa() : -1, pt.translate(top | iova, write), Long.toHexString(iova));
                }
            }
            assertEquals(-1, pt.translate(top ^ (1L << 62), false), "outside the input range");
        }
    }

    private static long l3Table(SimulatedMemory mem, ArmLpaePageTable pt) {
        long t = pt.pgd();
        for (int l = 0; l < 3; l++) {
            t = mem.read64(t) & LpaePte.ADDR_MASK;
        }
        return t;
    }
}
