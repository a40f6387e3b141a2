package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Set;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/arm-smmu-v2.md §5.1 granule choice and clamping, and every config io-pgtable rejects. */
class ConfigTest {

    /** §5.1: PAGE_SIZE if supported, else the largest size below it, else the smallest above it. */
    @ParameterizedTest(name = "bitmap {0}, PAGE_SIZE {1} -> {2}")
    @CsvSource({
        "0x60211000, 0x1000, 0x40201000",   // §9 example 1: 4K|2M|1G|64K|512M on a 4K kernel
        "0x60211000, 0x10000, 0x20010000",  // the same SMMU under a 64K kernel
        "0x60211000, 0x4000, 0x40201000",   // 16K kernel, no 16K granule: largest below is 4K
        "0x22014000, 0x1000, 0x02004000",   // 16K|32M|64K|512M on a 4K kernel: smallest above is 16K
        "0x20010000, 0x1000, 0x20010000",   // only 64K: smallest above
        "0x40201000, 0x10000, 0x40201000",  // 4K only on a 64K kernel: largest below
        "0x00201000, 0x1000, 0x00201000",   // 4K|2M without 1G: the restriction keeps what is there
        "0x7fffffff000, 0x1000, 0x40201000", // everything: only the granule's sizes survive
    })
    void granuleChoice(String bitmap, String pageSize, String restricted) {
        PageTableConfig cfg = new PageTableConfig(PageTableFormat.ARM_LPAE_S1, Long.decode(bitmap), 48, 48, true,
                Set.of(), Long.decode(pageSize));
        ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(cfg, new SimulatedMemory());
        assertEquals(Long.decode(restricted), pt.layout().pgsizeBitmap());
        assertEquals(Long.decode(restricted), pt.config().pgsizeBitmap(), "written back into the config");
    }

    /** §5.1: ias and oas are clamped to 48 (4K, 16K) or 52 (64K), not rejected. */
    @ParameterizedTest(name = "{0}: ias {1} oas {2} -> {3}/{4}")
    @CsvSource({
        "4K, 52, 52, 48, 48", "16K, 52, 52, 48, 48", "64K, 52, 52, 52, 52", "4K, 64, 60, 48, 48",
        "64K, 60, 56, 52, 52",
    })
    void clamping(String granuleName, int ias, int oas, int effIas, int effOas) {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s1(LevelMathTest.granule(granuleName), ias, oas, true));
        assertEquals(effIas, pt.layout().ias());
        assertEquals(effOas, pt.layout().oas());
        assertEquals(effIas, pt.config().ias());
        assertEquals(64 - effIas, pt.armRegs().tsz());
    }

    @ParameterizedTest
    @CsvSource({"0x00200000, 0x1000", "0x40200000, 0x1000", "0x2000, 0x1000", "0, 0x1000", "0x80000000, 0x10000"})
    void noUsableGranule(String bitmap, String pageSize) {
        for (PageTableFormat f : new PageTableFormat[] {PageTableFormat.ARM_LPAE_S1, PageTableFormat.ARM_LPAE_S2}) {
            PageTableConfig cfg = new PageTableConfig(f, Long.decode(bitmap), 48, 48, true, Set.of(),
                    Long.decode(pageSize));
            rejected(cfg, "no usable granule");
        }
    }

    @Test
    void coherentWalkWithOuterWbwa() {
        rejected(Lpae.s1(SZ_4K, 48, 48, true, Quirk.ARM_OUTER_WBWA), "OUTER_WBWA");
        Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, false, Quirk.ARM_OUTER_WBWA));
    }

    /** §5.4: any oas without an IPS/PS encoding fails, at both stages. */
    @ParameterizedTest
    @CsvSource({"4K, 39", "4K, 46", "16K, 34", "64K, 50", "64K, 33"})
    void oasWithoutEncoding(String granuleName, int oas) {
        long granule = LevelMathTest.granule(granuleName);
        rejected(Lpae.s1(granule, 32, oas, true), "IPS");
        rejected(Lpae.s2(granule, 32, oas, true), "IPS");
    }

    @Test
    void quirksTheStageDoesNotTake() {
        rejected(Lpae.s1(SZ_4K, 48, 48, true, Quirk.ARM_S2FWB), "ARM_S2FWB");
        for (Quirk q : new Quirk[] {Quirk.ARM_TTBR1, Quirk.ARM_NS, Quirk.ARM_OUTER_WBWA, Quirk.ARM_HD}) {
            rejected(Lpae.s2(SZ_4K, 48, 48, false, q), q.name());
        }
        Lpae.alloc(Lpae.s1(SZ_4K, 48, 48, true, Quirk.ARM_TTBR1, Quirk.ARM_NS, Quirk.ARM_HD, Quirk.NO_WARN));
        Lpae.alloc(Lpae.s2(SZ_4K, 48, 48, true, Quirk.ARM_S2FWB, Quirk.NO_WARN));
    }

    @Test
    void iasWithNoIndexBits() {
        rejected(Lpae.s1(SZ_64K, 16, 48, true), "no index bits");
        rejected(Lpae.s1(SZ_4K, 12, 48, true), "no index bits");
    }

    @Test
    void noMemoryForThePgd() {
        PageTableException e = assertThrows(PageTableException.class, () -> PageTables.alloc(
                Lpae.s2(SZ_4K, 42, 42, true), new SimulatedMemory(0x8000_0000L, 16384)));
        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(e.getMessage().contains("pgd"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = PageTableFormat.class, names = {"APPLE_DART", "APPLE_DART2"})
    void dartFormatsAllocateADartTable(PageTableFormat format) {
        PageTableConfig cfg = new PageTableConfig(format, SZ_16K, 36, 36, true, Set.of(), SZ_16K);
        PageTableOps ops = PageTables.alloc(cfg, new SimulatedMemory());
        assertTrue(ops instanceof DartPageTable, ops.getClass().getName());
        assertNull(ops.armRegs());
    }

    @Test
    void programmingErrors() {
        assertThrows(IllegalArgumentException.class, () -> Lpae.alloc(new PageTableConfig(PageTableFormat.ARM_LPAE_S1,
                Lpae.BITMAP_4K, 48, 48, true, Set.of(), 3000)));
        assertThrows(IllegalArgumentException.class, () -> Lpae.alloc(new PageTableConfig(PageTableFormat.ARM_LPAE_S1,
                Lpae.BITMAP_4K, 0, 48, true, Set.of(), SZ_4K)));
        assertThrows(IllegalArgumentException.class, () -> ArmLpae.allocS1(Lpae.s2(SZ_4K, 48, 48, true),
                new SimulatedMemory(), S2ConcatRule.LINUX_6_12));
    }

    @Test
    void freeReturnsEveryTable() {
        SimulatedMemory mem = new SimulatedMemory();
        PageTableOps pt = PageTables.alloc(Lpae.s1(SZ_4K, 48, 48, true), mem);
        for (long i = 0; i < 2048; i++) {
            assertEquals(Errno.OK, pt.mapPages(i << 21, i << 12, SZ_4K, 1, Prot.READ));
        }
        assertTrue(mem.bytesAllocated() > 2048 * SZ_4K);
        pt.free();
        assertEquals(0, mem.bytesAllocated());
        assertEquals(0, mem.blocksAllocated());
        assertEquals(0, pt.layout().tableBytes());
        assertThrows(IllegalStateException.class, () -> pt.iovaToPhys(0));
        pt.free();
    }

    private static void rejected(PageTableConfig cfg, String messagePart) {
        SimulatedMemory mem = new SimulatedMemory();
        PageTableException e = assertThrows(PageTableException.class, () -> PageTables.alloc(cfg, mem));
        assertEquals(Errno.ENOMEM, e.errno(), "the driver's errno for a NULL from alloc_io_pgtable_ops");
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertEquals(0, mem.bytesAllocated(), "nothing left allocated");
    }
}
