package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** reference/arm-smmu-v2.md §5.2 map checks, unmap rules and the table bookkeeping around them. */
class MapRulesTest {

    private static final long SZ_2M = 1L << 21;
    private static final long SZ_1G = 1L << 30;
    private static final int RW = Prot.READ | Prot.WRITE;

    private final SimulatedMemory mem = new SimulatedMemory();
    private final ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(Lpae.s1(SZ_4K, 48, 40, true), mem);

    @ParameterizedTest(name = "pgsize {0}")
    @ValueSource(longs = {0, 0x800, 0x2000, 0x3000, 0x10000, 0x201000, 0x4000000, 1L << 39, -4096})
    void pgsizeNotASingleSizeOfTheBitmap(long pgsize) {
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0, pgsize, 1, RW));
        assertEquals(0, pt.unmapPages(0, pgsize, 1));
        assertEquals(pt.layout().pgdBytes(), mem.bytesAllocated(), "nothing allocated");
    }

    @Test
    void iovaOutsideIas() {
        assertEquals(Errno.ERANGE, pt.mapPages(1L << 48, 0, SZ_4K, 1, RW));
        assertEquals(Errno.ERANGE, pt.mapPages(-SZ_4K, 0, SZ_4K, 1, RW), "sign-extended needs TTBR1");
        assertEquals(Errno.OK, pt.mapPages((1L << 48) - SZ_4K, 0, SZ_4K, 1, RW));
        assertEquals(0, pt.unmapPages(1L << 48, SZ_4K, 1));
    }

    @Test
    void ttbr1IovasMustBeSignExtended() {
        ArmLpaePageTable t1 = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_TTBR1));
        assertEquals(Errno.ERANGE, t1.mapPages(0x1000, 0x1000, SZ_4K, 1, RW));
        assertEquals(Errno.ERANGE, t1.mapPages(0x0001_0000_0000_1000L, 0x1000, SZ_4K, 1, RW), "bit 48 alone");
        assertEquals(Errno.ERANGE, t1.mapPages(0xFFFE_0000_0000_1000L, 0x1000, SZ_4K, 1, RW), "bit 48 clear");
        assertEquals(Errno.OK, t1.mapPages(0xFFFF_0000_0000_1000L, 0x1000, SZ_4K, 1, RW));
        assertEquals(Errno.OK, t1.mapPages(0xFFFF_FFFF_FFFF_F000L, 0x2000, SZ_4K, 1, RW));
        assertEquals(0x1042, t1.iovaToPhys(0xFFFF_0000_0000_1042L));
        assertEquals(0x2FFF, t1.iovaToPhys(-1L));
        assertEquals(0, t1.unmapPages(0x1000, SZ_4K, 1));
        assertEquals(SZ_4K, t1.unmapPages(0xFFFF_0000_0000_1000L, SZ_4K, 1));
    }

    @Test
    void paddrBeyondOas() {
        assertEquals(Errno.ERANGE, pt.mapPages(0, 1L << 40, SZ_4K, 1, RW));
        assertEquals(Errno.ERANGE, pt.mapPages(0, -SZ_4K, SZ_4K, 1, RW));
        assertEquals(Errno.OK, pt.mapPages(0, (1L << 40) - SZ_4K, SZ_4K, 1, RW));
    }

    @Test
    void neitherReadNorWrite() {
        for (int prot : new int[] {0, Prot.NOEXEC, Prot.CACHE | Prot.PRIV, Prot.MMIO}) {
            assertEquals(Errno.EINVAL, pt.mapPages(0, 0, SZ_4K, 1, prot));
        }
        assertEquals(Errno.OK, pt.mapPages(0, 0, SZ_4K, 1, Prot.WRITE));
    }

    @Test
    void checksComeInTheKernelsOrder() {
        // pgsize before range, range before prot
        assertEquals(Errno.EINVAL, pt.mapPages(1L << 48, 0, 0x3000, 1, 0));
        assertEquals(Errno.ERANGE, pt.mapPages(1L << 48, 0, SZ_4K, 1, 0));
    }

    @Test
    void misalignedOrNoCount() {
        assertEquals(Errno.EINVAL, pt.mapPages(0x800, 0, SZ_4K, 1, RW));
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0x1000, SZ_2M, 1, RW));
        assertEquals(Errno.EINVAL, pt.mapPages(0, 0, SZ_4K, 0, RW));
        assertEquals(0, pt.unmapPages(0, SZ_4K, 0));
    }

    @Test
    void aLeafIsAlreadyPresent() {
        assertEquals(Errno.OK, pt.mapPages(SZ_2M, 0x4000_0000L, SZ_2M, 1, RW));
        assertEquals(Errno.OK, pt.mapPages(0x5000, 0x5000, SZ_4K, 1, RW));
        assertEquals(Errno.EEXIST, pt.mapPages(0x5000, 0x9000, SZ_4K, 1, RW), "same page");
        assertEquals(Errno.EEXIST, pt.mapPages(SZ_2M + 0x3000, 0x9000, SZ_4K, 1, RW), "inside a block");
        assertEquals(Errno.EEXIST, pt.mapPages(SZ_2M, 0, SZ_2M, 1, RW), "same block");
        assertEquals(Errno.EEXIST, pt.mapPages(0, 0, SZ_2M, 2, RW), "second block present");
        assertEquals(0x4000_0042L, pt.iovaToPhys(SZ_2M + 0x42));
        assertEquals(0, pt.iovaToPhys(0x5000), "the table in the way of the first block went with the failure");
        PageTableOps quiet = Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true, Quirk.NO_WARN));
        assertEquals(Errno.OK, quiet.mapPages(0, 0, SZ_4K, 1, RW));
        assertEquals(Errno.EEXIST, quiet.mapPages(0, 0, SZ_4K, 1, RW), "NO_WARN only silences the WARN");
    }

    @Test
    void aBlockReplacesTheTableInItsWay() {
        for (int i = 0; i < 4; i++) {
            assertEquals(Errno.OK, pt.mapPages(SZ_2M + i * SZ_4K, i * SZ_4K, SZ_4K, 1, RW));
        }
        assertEquals(List.of(1, 1, 1, 1), pt.layout().tablesPerLevel());
        long before = mem.bytesAllocated();
        assertEquals(Errno.OK, pt.mapPages(SZ_2M, 0x8000_0000L, SZ_2M, 1, RW));
        assertEquals(List.of(1, 1, 1, 0), pt.layout().tablesPerLevel(), "the L3 table is freed");
        assertEquals(before - SZ_4K, mem.bytesAllocated());
        assertEquals(0x8000_3000L, pt.iovaToPhys(SZ_2M + 0x3000));
        assertEquals(2, pt.walk(SZ_2M, false).level());
        // a 1G block replaces an L2 table and the L3 tables below it
        assertEquals(Errno.OK, pt.mapPages(SZ_1G + SZ_4K, 0, SZ_4K, 1, RW));
        assertEquals(Errno.OK, pt.mapPages(SZ_1G, SZ_1G, SZ_1G, 1, RW));
        assertEquals(Errno.OK, pt.mapPages(0, 0, SZ_1G, 1, RW));
        assertEquals(List.of(1, 1, 0, 0), pt.layout().tablesPerLevel());
        assertEquals(pt.layout().tableBytes(), mem.bytesAllocated());
        assertEquals(SZ_1G + SZ_4K, pt.iovaToPhys(SZ_1G + SZ_4K));
    }

    @Test
    void unmapRules() {
        assertEquals(Errno.OK, pt.mapPages(0, 0x4000_0000L, SZ_2M, 1, RW));
        assertEquals(0, pt.unmapPages(0, SZ_4K, 1), "partial large IOPTE");
        assertEquals(0, pt.unmapPages(0x1000, SZ_4K, 1), "partial large IOPTE");
        assertEquals(0x4000_1000L, pt.iovaToPhys(0x1000), "still mapped");
        assertEquals(0, pt.unmapPages(SZ_2M, SZ_2M, 1), "nothing there");
        assertEquals(0, pt.unmapPages(SZ_1G, SZ_4K, 1), "nothing there");
        assertEquals(SZ_2M, pt.unmapPages(0, SZ_2M, 1));
        assertEquals(0, pt.iovaToPhys(0x1000));

        // leaves go, empty tables stay (io-pgtable-arm never frees a table on a leaf unmap)
        assertEquals(Errno.OK, pt.mapPages(SZ_2M, 0, SZ_4K, 3, RW));
        assertEquals(3 * SZ_4K, pt.unmapPages(SZ_2M, SZ_4K, 3));
        assertEquals(List.of(1, 1, 1, 1), pt.layout().tablesPerLevel());
        assertEquals(0, pt.unmapPages(SZ_2M, SZ_4K, 1), "nothing there");
        // an unmap at the table entry's block size removes the (empty) table and counts its size
        assertEquals(SZ_2M, pt.unmapPages(SZ_2M, SZ_2M, 1));
        assertEquals(List.of(1, 1, 1, 0), pt.layout().tablesPerLevel());
        assertEquals(pt.layout().tableBytes(), mem.bytesAllocated());

        // a count stops at the first empty entry
        assertEquals(Errno.OK, pt.mapPages(0x10000, 0, SZ_4K, 2, RW));
        assertEquals(Errno.OK, pt.mapPages(0x13000, 0, SZ_4K, 1, RW));
        assertEquals(2 * SZ_4K, pt.unmapPages(0x10000, SZ_4K, 4));
        assertEquals(0x0042, pt.iovaToPhys(0x13042));
    }

    @Test
    void countsCrossTables() {
        long iova = SZ_2M - 8 * SZ_4K;
        assertEquals(Errno.OK, pt.mapPages(iova, 0x10_0000_0000L, SZ_4K, 1024, RW));
        assertEquals(List.of(1, 1, 1, 3), pt.layout().tablesPerLevel());
        for (long i = 0; i < 1024; i += 37) {
            assertEquals(0x10_0000_0000L + i * SZ_4K + 7, pt.iovaToPhys(iova + i * SZ_4K + 7));
        }
        assertEquals(0, pt.iovaToPhys(iova - SZ_4K));
        assertEquals(0, pt.iovaToPhys(iova + 1024 * SZ_4K));
        assertEquals(1024 * SZ_4K, pt.unmapPages(iova, SZ_4K, 1024));
        assertEquals(0, pt.iovaToPhys(iova + 600 * SZ_4K));
    }

    @Test
    void aFailureUnmapsWhatTheCallMapped() {
        long top = (1L << 48) - 2 * SZ_4K;
        assertEquals(Errno.ERANGE, pt.mapPages(top, 0, SZ_4K, 4, RW), "runs off the end of the input space");
        assertEquals(0, pt.iovaToPhys(top));
        assertEquals(0, pt.iovaToPhys(top + SZ_4K));
        assertEquals(Errno.OK, pt.mapPages(0x3000, 0x3000, SZ_4K, 1, RW));
        assertEquals(Errno.EEXIST, pt.mapPages(0, 0x7000, SZ_4K, 8, RW));
        assertEquals(0, pt.iovaToPhys(0x2000));
        assertEquals(0x3000, pt.iovaToPhys(0x3000));
        assertEquals(Errno.OK, pt.mapPages(SZ_2M + 0x3000, 0x3000, SZ_4K, 1, RW));
        assertEquals(Errno.EEXIST, pt.mapPages(SZ_2M - SZ_4K, 0, SZ_4K, 8, RW), "conflict in the second table");
        assertEquals(0, pt.iovaToPhys(SZ_2M - SZ_4K), "the first table's page was unmapped again");
        long pa = (1L << 40) - SZ_4K;
        assertEquals(Errno.ERANGE, pt.mapPages(SZ_1G - SZ_4K, pa, SZ_4K, 2, RW), "second table's paddr is past oas");
        assertEquals(0, pt.iovaToPhys(SZ_1G - SZ_4K));
    }

    /**
     * Like map_pages, only the first paddr of each call into a table is checked against oas: pages
     * after it in the same table get descriptors whose output the walker rejects (ADDRESS_SIZE).
     */
    @Test
    void paddrCheckedPerTableLikeTheKernel() {
        long pa = (1L << 40) - 2 * SZ_4K;
        assertEquals(Errno.OK, pt.mapPages(SZ_1G, pa, SZ_4K, 3, RW));
        assertEquals(pa + SZ_4K, pt.walk(SZ_1G + SZ_4K, true).pa());
        assertEquals(Walk.Fault.ADDRESS_SIZE, pt.walk(SZ_1G + 2 * SZ_4K, false).fault());
        assertEquals(1L << 40, pt.iovaToPhys(SZ_1G + 2 * SZ_4K), "iova_to_phys does not check");
    }

    @Test
    void outOfMemory() {
        SimulatedMemory small = new SimulatedMemory(0x8000_0000L, 4 * SZ_4K);
        PageTableOps t = PageTables.alloc(Lpae.s1(SZ_4K, 48, 48, true), small);
        assertEquals(Errno.OK, t.mapPages(0, 0, SZ_4K, 1, RW), "pgd, L1, L2, L3 fill the memory");
        assertEquals(Errno.ENOMEM, t.mapPages(SZ_2M - SZ_4K, 0, SZ_4K, 2, RW), "no room for a second L3");
        assertEquals(0, t.iovaToPhys(SZ_2M - SZ_4K), "the page mapped before the failure is unmapped");
        assertEquals(Errno.OK, t.mapPages(SZ_2M, 0, SZ_2M, 1, RW), "a block needs no table");
        assertEquals(Errno.ENOMEM, t.mapPages(SZ_1G, 0, SZ_4K, 1, RW));
        assertEquals(4 * SZ_4K, small.bytesAllocated());
    }

    @Test
    void leafLevelMissing() {
        // 64K, ias 42: the walk starts at L2, so the 4T block of a 52-bit output has no level
        ArmLpaePageTable t = Lpae.alloc(Lpae.s1(SZ_64K, 42, 52, true));
        assertEquals(Errno.EINVAL, t.mapPages(0, 0, 1L << 42, 1, RW));
        ArmLpaePageTable big = Lpae.alloc(Lpae.s1(SZ_64K, 52, 52, true));
        assertEquals(Errno.OK, big.mapPages(1L << 43, 0xF_0000_0000_0000L - (1L << 42), 1L << 42, 1, RW));
        assertEquals(0xF_0000_0000_0042L - (1L << 42), big.iovaToPhys((1L << 43) + 0x42));
        assertEquals(1, big.walk(1L << 43, true).level());
    }
}
