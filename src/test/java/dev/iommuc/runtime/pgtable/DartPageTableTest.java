package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * io-pgtable-dart (reference/dart-smmuv3-of.md A.5 and worked examples 1a, 1b, 1c): geometry, the
 * allocation rules, descriptor words and map/unmap error rules.
 */
class DartPageTableTest {

    static final long SZ_4K = 1L << 12;
    static final long SZ_16K = 1L << 14;
    static final int RW = Prot.READ | Prot.WRITE;

    static PageTableConfig cfg(PageTableFormat f, long page, int ias, int oas) {
        return new PageTableConfig(f, page, ias, oas, true, Set.of(), SZ_16K);
    }

    /** Memory whose first blocks land where worked example 1 puts them (L1 0x8_1000_0000, L2a, L2b after it). */
    static SimulatedMemory example1Memory() {
        return new SimulatedMemory(0x8_1000_0000L, 1L << 30);
    }

    static DartPageTable alloc(PageTableConfig cfg, SimulatedMemory mem) {
        return (DartPageTable) PageTables.alloc(cfg, mem);
    }

    /** A.5 "Worked geometries": n_levels (with the TTBR), n_ttbrs, start level, shifts. */
    @ParameterizedTest
    @CsvSource({
        // page, ias, n_levels, n_ttbrs, start level, root index shift, TTBR index shift
        "16384, 32, 3, 1, 1, 25, 36",
        "16384, 36, 3, 1, 1, 25, 36",
        "16384, 37, 4, 1, 0, 36, 47",
        "16384, 42, 4, 1, 0, 36, 47",
        "4096, 32, 3, 4, 1, 21, 30",
    })
    void geometries(long page, int ias, int nLevels, int nTtbrs, int start, int rootShift, int ttbrShift) {
        DartGeometry g = DartGeometry.of(cfg(PageTableFormat.APPLE_DART2, page, ias, 42));
        assertEquals(nLevels, g.nLevels());
        assertEquals(nTtbrs, g.nTtbrs());
        assertEquals(start, g.startLevel());
        assertEquals(rootShift, g.shift(start));
        assertEquals(page == SZ_16K ? 14 : 12, g.shift(2));
        assertEquals(1L << (ttbrShift - 1), (1L << ttbrShift) >> 1);
        assertEquals(1, g.ttbrIndex(1L << ttbrShift));
        assertEquals(0, g.ttbrIndex((1L << ttbrShift) - 1));
    }

    /** A.5 allocation rules: coherent walk, oas 36/42, ias ≤ oas, 4K/16K; anything else NULL → -ENOMEM. */
    @ParameterizedTest
    @CsvSource({
        "APPLE_DART, 16384, 32, 40, true, neither 36 nor 42",
        "APPLE_DART, 16384, 40, 36, true, ias 40 > oas 36",
        "APPLE_DART2, 65536, 32, 42, true, neither 4K nor 16K",
        "APPLE_DART2, 20480, 32, 42, true, neither 4K nor 16K",
        "APPLE_DART2, 16384, 32, 42, false, coherent walk",
        // 4K pages: 3 table levels of 9 bits + 2 TTBR bits + 12 = 41 bits at most
        "APPLE_DART2, 4096, 42, 42, true, more than 4",
    })
    void allocationRules(PageTableFormat f, long page, int ias, int oas, boolean coherent, String why) {
        PageTableConfig c = new PageTableConfig(f, page, ias, oas, coherent, Set.of(), SZ_16K);
        PageTableException e = assertThrows(PageTableException.class, () -> PageTables.alloc(c, new SimulatedMemory()));
        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    /** Worked example 1a: t8103 DART1, 64 MiB at IOVA 0 → PA 0x8_2000_0000; every word of the table. */
    @Test
    void example1aTables() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART, SZ_16K, 32, 36), mem);
        assertArrayEquals(new long[] {0x8_1000_0000L}, pt.ttbrs());
        assertEquals(Errno.OK, pt.mapPages(0, 0x8_2000_0000L, SZ_16K, 4096, RW));
        assertEquals(0x0000_0008_1000_4001L, mem.read64(0x8_1000_0000L));          // L1[0] → L2a
        assertEquals(0x0000_0008_1000_8001L, mem.read64(0x8_1000_0000L + 8));      // L1[1] → L2b
        assertEquals(0, mem.read64(0x8_1000_0000L + 16));                          // L1[2] empty
        assertEquals(0x000F_FF08_2000_0003L, mem.read64(0x8_1000_4000L));          // L2a[0]
        assertEquals(0x000F_FF08_21FF_C003L, mem.read64(0x8_1000_4000L + 2047 * 8)); // L2a[2047]
        assertEquals(0x000F_FF08_2200_0003L, mem.read64(0x8_1000_8000L));          // L2b[0]
        assertEquals(0x000F_FF08_23FF_C003L, mem.read64(0x8_1000_8000L + 2047 * 8)); // L2b[2047]
        // 3 × 16 KiB of tables: the L1 and two L2s
        TableLayout t = pt.layout();
        assertEquals(48 * 1024, t.tableBytes());
        assertEquals(48 * 1024, mem.bytesAllocated());
        assertEquals(List.of(1, 2), t.tablesPerLevel());
        assertEquals(2, t.levels());
        assertEquals(1, t.startLevel());
        assertEquals(SZ_16K, t.granule());
        // walk check: masked 0x0123_4567 → L1[0], L2[0x48D], offset 0x567
        assertEquals(0x8_2123_4567L, pt.iovaToPhys(0x0123_4567L));
        assertEquals(0x8_2123_4567L, pt.walk(0x0123_4567L, true).pa());
    }

    /** 1a: the same page read-only ORs NO_WRITE (…0083), write-only NO_READ (…0103). */
    @Test
    void example1aProtections() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART, SZ_16K, 32, 36), mem);
        assertEquals(Errno.OK, pt.mapPages(0, 0x8_2000_0000L, SZ_16K, 1, Prot.READ));
        assertEquals(Errno.OK, pt.mapPages(SZ_16K, 0x8_2000_0000L, SZ_16K, 1, Prot.WRITE));
        assertEquals(0x000F_FF08_2000_0083L, mem.read64(0x8_1000_4000L));
        assertEquals(0x000F_FF08_2000_0103L, mem.read64(0x8_1000_4008L));
        assertEquals(Walk.Fault.PERMISSION, pt.walk(0x10, true).fault());
        assertTrue(pt.walk(0x10, false).ok());
        assertEquals(Walk.Fault.PERMISSION, pt.walk(SZ_16K + 0x10, false).fault());
    }

    /** 1a mainline: IOVA 0x1_0000_0000 on ias 32 is not range-checked and fills L1[128..129]. */
    @Test
    void example1aAboveIasLandsInL1Entry128() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART, SZ_16K, 32, 36), mem);
        assertEquals(Errno.OK, pt.mapPages(0x1_0000_0000L, 0x8_2000_0000L, SZ_16K, 4096, RW));
        assertEquals(0, mem.read64(0x8_1000_0000L));
        assertEquals(0x0000_0008_1000_4001L, mem.read64(0x8_1000_0000L + 128 * 8));
        assertEquals(0x0000_0008_1000_8001L, mem.read64(0x8_1000_0000L + 129 * 8));
        // PGT-asahi: a TTBR index ≥ n_ttbrs (bits 36 and up with one TTBR) is -ENOMEM
        assertEquals(Errno.ENOMEM, pt.mapPages(1L << 36, 0x8_2000_0000L, SZ_16K, 1, RW));
    }

    /** Worked example 1b: DART2 encodings of the same table and leaf. */
    @Test
    void example1bWords() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART2, SZ_16K, 32, 42), mem);
        assertEquals(Errno.OK, pt.mapPages(0, 0x8_2000_0000L, SZ_16K, 1, RW | Prot.CACHE));
        assertEquals(Errno.OK, pt.mapPages(SZ_16K, 0x8_2000_0000L, SZ_16K, 1, RW));
        assertEquals(Errno.OK, pt.mapPages(2 * SZ_16K, 0x8_2000_0000L, SZ_16K, 1, Prot.READ | Prot.CACHE));
        assertEquals(0x0000_0000_8100_0401L, mem.read64(0x8_1000_0000L));     // L1[0]
        assertEquals(0x000F_FF00_8200_0001L, mem.read64(0x8_1000_4000L));     // RW cacheable
        assertEquals(0x000F_FF00_8200_0003L, mem.read64(0x8_1000_4008L));     // without IOMMU_CACHE
        assertEquals(0x000F_FF00_8200_0005L, mem.read64(0x8_1000_4010L));     // read-only: OR 0x4
        assertEquals(0x8_2000_0123L, pt.iovaToPhys(2 * SZ_16K + 0x123));
    }

    /** Worked example 1c: T8110 ias 36 translates 0x1_0000_0000 directly: L1[128], L2[0x48D]. */
    @Test
    void example1cIas36() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART2, SZ_16K, 36, 42), mem);
        assertEquals(Errno.OK, pt.mapPages(0x1_0000_0000L, 0x8_2000_0000L, SZ_16K, 4096, RW));
        assertEquals(0x0000_0000_8100_0401L, mem.read64(0x8_1000_0000L + 128 * 8));
        assertEquals(0x0000_0000_8100_0801L, mem.read64(0x8_1000_0000L + 129 * 8));
        assertEquals(48 * 1024, pt.layout().tableBytes());
        assertEquals(0x8_2123_4567L, pt.iovaToPhys(0x1_0123_4567L));
        assertEquals(0x8_2123_4567L, pt.walk(0x1_0123_4567L, false).pa());
    }

    /** 1c with ias 42: 4 levels, L0[0] → L1[128] → L2; 4 tables = 64 KiB. */
    @Test
    void example1cIas42() {
        SimulatedMemory mem = example1Memory();
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART2, SZ_16K, 42, 42), mem);
        assertEquals(3, pt.levels());
        assertEquals(Errno.OK, pt.mapPages(0x1_0000_0000L, 0x8_2000_0000L, SZ_16K, 4096, RW));
        // L0 at 0x8_1000_0000, L1 at +0x4000, L2s at +0x8000 and +0xC000
        assertEquals(0x0000_0000_8100_0401L, mem.read64(0x8_1000_0000L));
        assertEquals(0x0000_0000_8100_0801L, mem.read64(0x8_1000_4000L + 128 * 8));
        assertEquals(0x0000_0000_8100_0C01L, mem.read64(0x8_1000_4000L + 129 * 8));
        assertEquals(64 * 1024, pt.layout().tableBytes());
        assertEquals(List.of(1, 1, 2), pt.layout().tablesPerLevel());
        assertEquals(0x8_2123_4567L, pt.iovaToPhys(0x1_0123_4567L));
    }

    /** A 4K DART with ias 32: four TTBRs of 1 GiB each (A.5), all allocated up front. */
    @Test
    void fourKSplitsAcrossFourTtbrs() {
        SimulatedMemory mem = new SimulatedMemory(0x8_0000_0000L, 1L << 30);
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART, SZ_4K, 32, 36), mem);
        long[] roots = pt.ttbrs();
        assertEquals(4, roots.length);
        assertEquals(16 * 1024, pt.layout().pgdBytes());
        assertEquals(Errno.OK, pt.mapPages(0xC020_3000L, 0x8_4000_0000L, SZ_4K, 1, RW));
        // TTBR 3 (bits 31:30), L1[1] (bits 29:21), L2[3] (bits 20:12)
        long l1 = mem.read64(roots[3] + 8);
        assertTrue(DartPte.valid(l1));
        assertEquals(0x000F_FF08_4000_0003L, mem.read64(DartPte.pteToPaddr(PageTableFormat.APPLE_DART, l1) + 3 * 8));
        assertEquals(0x8_4000_0abcL, pt.iovaToPhys(0xC020_3abcL));
    }

    /** A.5 map rules and the iommu core's checks, in order. */
    @Test
    void mapErrorRules() {
        DartPageTable pt = alloc(cfg(PageTableFormat.APPLE_DART, SZ_16K, 32, 36), example1Memory());
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0x8_2000_0000L, SZ_4K, 1, RW));          // not the page size
        assertEquals(Errno.ERANGE, pt.mapPages(0, 1L << 36, SZ_16K, 1, RW));               // PA ≥ 2^oas
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0x8_2000_0000L, SZ_16K, 1, Prot.CACHE)); // no access
        assertEquals(Errno.EINVAL, pt.mapPages(0x2000, 0x8_2000_0000L, SZ_16K, 1, RW));    // misaligned IOVA
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0x8_2000_2000L, SZ_16K, 1, RW));         // misaligned PA
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0x8_2000_0000L, SZ_16K, 0, RW));         // no pages
        assertEquals(Errno.OK, pt.mapPages(0x1FF_C000L, 0x8_2000_0000L, SZ_16K, 1, RW));   // last of L2a
        // crossing into L2b, then hitting the page mapped above: -EEXIST, and the L2b pages go again
        assertEquals(Errno.OK, pt.mapPages(0x200_8000L, 0x8_3000_0000L, SZ_16K, 1, RW));
        assertEquals(Errno.EEXIST, pt.mapPages(0x1FF_C000L, 0x8_2000_0000L, SZ_16K, 4, RW));
        assertEquals(Errno.EEXIST, pt.mapPages(0x200_0000L, 0x8_2000_0000L, SZ_16K, 4, RW));
        assertEquals(0, pt.iovaToPhys(0x200_0000L));
        assertEquals(0, pt.iovaToPhys(0x200_4000L));
        // unmap: leaves only, stops at the first empty slot; tables stay
        assertEquals(SZ_16K, pt.unmapPages(0x1FF_C000L, SZ_16K, 3));
        assertEquals(0, pt.unmapPages(0x1FF_C000L, SZ_16K, 1));
        assertEquals(0, pt.unmapPages(0x400_0000L, SZ_16K, 1));        // no L2 there
        assertEquals(0, pt.unmapPages(0x200_8000L, SZ_4K, 1));         // wrong size
        assertEquals(3 * SZ_16K, pt.layout().tableBytes());
        pt.free();
        assertEquals(0, pt.layout().tableBytes());
        assertThrows(IllegalStateException.class, () -> pt.iovaToPhys(0));
    }
}
