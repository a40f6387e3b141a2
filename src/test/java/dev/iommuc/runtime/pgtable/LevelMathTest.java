package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/arm-smmu-v2.md §5.2: level math, the levels-per-ias table and the block-size table. */
class LevelMathTest {

    /** §5.2 "Levels per ias": every row and granule; the 52 rows of 4K and 16K are clamped to 48 (§5.1). */
    @ParameterizedTest(name = "{1} ias {0}: {2} levels from L{3}, {4} pgd entries")
    @CsvSource({
        "32, 4K, 3, 1, 4",     "32, 16K, 2, 2, 128",  "32, 64K, 2, 2, 8",
        "36, 4K, 3, 1, 64",    "36, 16K, 2, 2, 2048", "36, 64K, 2, 2, 128",
        "39, 4K, 3, 1, 512",
        "40, 4K, 4, 0, 2",     "40, 16K, 3, 1, 16",   "40, 64K, 2, 2, 2048",
        "42, 4K, 4, 0, 8",     "42, 16K, 3, 1, 64",   "42, 64K, 2, 2, 8192",
        "44, 4K, 4, 0, 32",    "44, 16K, 3, 1, 256",  "44, 64K, 3, 1, 4",
        "48, 4K, 4, 0, 512",   "48, 16K, 4, 0, 2",    "48, 64K, 3, 1, 64",
        "52, 4K, 4, 0, 512",   "52, 16K, 4, 0, 2",    "52, 64K, 3, 1, 1024",
    })
    void levelsPerIas(int ias, String granuleName, int levels, int start, long pgdEntries) {
        long granule = granule(granuleName);
        int maxBits = granule == SZ_64K ? 52 : 48;
        for (PageTableConfig cfg : List.of(Lpae.s1(granule, ias, 48, true), Lpae.s1(granule, ias, 48, true,
                Quirk.ARM_TTBR1))) {
            SimulatedMemory mem = new SimulatedMemory();
            ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(cfg, mem);
            LpaeGeometry g = pt.geometry();
            assertEquals(levels, g.levels());
            assertEquals(start, g.startLevel());
            assertEquals(pgdEntries, g.pgdEntries());
            long pgdBytes = Math.max(64, 8 * pgdEntries);
            assertEquals(pgdBytes, g.pgdBytes(), "pgd bytes, at least 64");
            assertEquals(Math.min(ias, maxBits), g.ias(), "clamped ias");

            int pgShift = Long.numberOfTrailingZeros(granule);
            int bpl = pgShift - 3;
            assertEquals(bpl, g.bitsPerLevel());
            assertEquals(Math.min(ias, maxBits) - pgShift, bpl * (levels - 1) + Long.numberOfTrailingZeros(pgdEntries),
                    "pgd_bits = va_bits - bpl * (levels - 1)");
            for (int l = start; l < 4; l++) {
                assertEquals((4 - l) * bpl + 3, g.shift(l), "shift L" + l);
                assertEquals(l == start ? pgdEntries : granule / 8, g.entries(l), "entries L" + l);
            }

            TableLayout layout = pt.layout();
            assertEquals(granule, layout.granule());
            assertEquals(levels, layout.levels());
            assertEquals(start, layout.startLevel());
            assertEquals(pgdBytes, layout.pgdBytes());
            assertEquals(pgdBytes, layout.tableBytes());
            assertEquals(pgdBytes, mem.bytesAllocated(), "only the pgd is allocated");
            assertEquals(levels, layout.tablesPerLevel().size());
            assertEquals(1, layout.tablesPerLevel().get(0));
            assertEquals(0, pt.armRegs().ttbr() & (pgdBytes - 1), "pgd aligned to its size");
        }
    }

    /** §5.2 block/page sizes per level, and where leaves are allowed. */
    @ParameterizedTest(name = "{0} L{1}: {2} bytes, leaf {3}")
    @CsvSource({
        "4K, 0, 0x8000000000, false", "4K, 1, 0x40000000, true", "4K, 2, 0x200000, true", "4K, 3, 0x1000, true",
        "16K, 0, 0x800000000000, false", "16K, 1, 0x1000000000, false", "16K, 2, 0x2000000, true",
        "16K, 3, 0x4000, true",
        "64K, 1, 0x40000000000, false", "64K, 2, 0x20000000, true", "64K, 3, 0x10000, true",
    })
    void blockSizes(String granuleName, int level, String size, boolean leaf) {
        long granule = granule(granuleName);
        long bytes = Long.decode(size);
        LpaeGeometry g = LpaeGeometry.of(Lpae.s1(granule, 48, 48, true), false, S2ConcatRule.LINUX_6_12);
        assertEquals(bytes, g.blockSize(level));
        assertEquals(leaf, (g.pgsizeBitmap() & bytes) != 0);
        if (level > 0) {
            assertEquals(leaf, g.blockAllowed(level) || level == 3);
        }
    }

    @Test
    void theFourTerabyteBlockNeedsA52BitOutput() {
        LpaeGeometry g48 = LpaeGeometry.of(Lpae.s1(SZ_64K, 52, 48, true), false, S2ConcatRule.LINUX_6_12);
        LpaeGeometry g52 = LpaeGeometry.of(Lpae.s1(SZ_64K, 52, 52, true), false, S2ConcatRule.LINUX_6_12);
        assertEquals(0x20010000L, g48.pgsizeBitmap());
        assertEquals(0x20010000L | 1L << 42, g52.pgsizeBitmap());
        assertFalse(g48.blockAllowed(1));
        assertTrue(g52.blockAllowed(1));
    }

    /**
     * §9 example 1: the walk vector of IOVA 0x0000_0012_3456_7000 (4K, ias 48). The reference lists
     * L2 index 0x02B; (0x12_3456_7000 >> 21) & 0x1FF is 0x1A2 (0x02B is bits [25:17]), so that entry of
     * the reference is a slip and the L2 index here is 0x1A2. L0, L1 and L3 agree with it.
     */
    @Test
    void walkVectorOfExample1() {
        LpaeGeometry g = LpaeGeometry.of(Lpae.s1(SZ_4K, 48, 48, true), false, S2ConcatRule.LINUX_6_12);
        long iova = 0x0000_0012_3456_7000L;
        assertEquals(0x000, g.index(iova, 0));
        assertEquals(0x048, g.index(iova, 1));
        assertEquals(0x1A2, g.index(iova, 2));
        assertEquals(0x167, g.index(iova, 3));
    }

    /** §5.2: the start level's index uses pgd_bits; sign-extended TTBR1 bits are masked off. */
    @Test
    void startLevelIndexUsesPgdBits() {
        LpaeGeometry g = LpaeGeometry.of(Lpae.s1(SZ_4K, 40, 48, true), false, S2ConcatRule.LINUX_6_12);
        assertEquals(1, g.pgdBits());
        assertEquals(1, g.index(1L << 39, 0));
        assertEquals(1, g.index(~0L << 40 | 1L << 39, 0));
        assertEquals(511, g.index(~0L, 1));
        LpaeGeometry s2 = LpaeGeometry.of(Lpae.s2(SZ_4K, 40, 40, true), true, S2ConcatRule.LINUX_6_12);
        assertEquals(1, s2.startLevel());
        assertEquals(1023, s2.index((1L << 40) - 1, 1), "concatenated pgd: 10 index bits at L1");
    }

    static long granule(String name) {
        return switch (name) {
            case "4K" -> SZ_4K;
            case "16K" -> SZ_16K;
            case "64K" -> SZ_64K;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
