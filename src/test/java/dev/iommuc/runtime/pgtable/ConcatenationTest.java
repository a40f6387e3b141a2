package dev.iommuc.runtime.pgtable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** reference/arm-smmu-v2.md §5.3: stage-2 concatenation under both rules, and VTCR.SL0. */
class ConcatenationTest {

    /** Every row of the §5.3 table: (older start, entries) and (newer start, entries). */
    @ParameterizedTest(name = "{0} ias {1} oas {2}: older L{3}/{4}, newer L{5}/{6}")
    @CsvSource({
        "4K, 40, 40, 1, 1024, 1, 1024",
        "4K, 40, 48, 1, 1024, 0, 2",
        "4K, 42, 42, 1, 4096, 1, 4096",
        "4K, 44, 44, 0, 32, 0, 32",
        "4K, 48, 48, 0, 512, 0, 512",
        "16K, 48, 48, 1, 4096, 1, 4096",
        "16K, 40, 40, 1, 16, 2, 32768",
    })
    void concatenationTable(String granuleName, int ias, int oas, int olderStart, long olderEntries,
                            int newerStart, long newerEntries) {
        long granule = LevelMathTest.granule(granuleName);
        check(Lpae.s2(granule, ias, oas, false), S2ConcatRule.LINUX_6_12, olderStart, olderEntries);
        check(Lpae.s2(granule, ias, oas, false), S2ConcatRule.MANDATORY_ONLY, newerStart, newerEntries);
    }

    private static void check(PageTableConfig cfg, S2ConcatRule rule, int start, long entries) {
        ArmLpaePageTable pt = Lpae.alloc(cfg, rule);
        LpaeGeometry g = pt.geometry();
        assertEquals(start, g.startLevel(), rule + " start level");
        assertEquals(entries, g.pgdEntries(), rule + " pgd entries");
        assertEquals(Math.max(64, entries * 8), pt.layout().pgdBytes());
        assertEquals(4 - start, pt.layout().levels());
        assertEquals(sl0(cfg.cpuPageSize(), start), pt.armRegs().sl0(), "SL0 from the final start level");
    }

    /** §5.3: 4K SL0 = ~(start + 1) & 3 (L0→2, L1→1, L2→0); 16K/64K SL0 = ~start & 3 (L1→2, L2→1, L3→0). */
    private static int sl0(long granule, int start) {
        if (granule == SZ_4K) {
            return new int[] {2, 1, 0, -1}[start];
        }
        return new int[] {-1, 2, 1, 0}[start];
    }

    @Test
    void sl0Values() {
        assertEquals(1, Lpae.alloc(Lpae.s2(SZ_4K, 32, 32, true)).armRegs().sl0(), "4K ias 32 starts at L1");
        assertEquals(1, ArmLpae.sl0(12, 1));
        assertEquals(2, ArmLpae.sl0(12, 0));
        assertEquals(0, ArmLpae.sl0(12, 2));
        assertEquals(2, ArmLpae.sl0(14, 1));
        assertEquals(1, ArmLpae.sl0(16, 2));
        assertEquals(0, ArmLpae.sl0(16, 3));
        // 64K ias 32 starts at L2 (no concatenation at 64K): SL0 1; 64K ias 48 at L1: SL0 2
        assertEquals(1, Lpae.alloc(Lpae.s2(SZ_64K, 32, 48, true)).armRegs().sl0());
        assertEquals(2, Lpae.alloc(Lpae.s2(SZ_64K, 48, 48, true)).armRegs().sl0());
        assertEquals(1, Lpae.alloc(Lpae.s2(SZ_16K, 36, 48, true)).armRegs().sl0());
    }

    /** §5.3 newer rule: a mandatory concatenation of more than 16 tables WARNs and fails; the older one never fails. */
    @ParameterizedTest(name = "{0} ias {1} oas {2}")
    @CsvSource({"4K, 44, 40", "4K, 48, 42", "16K, 42, 40", "16K, 44, 40"})
    void newerRuleFailsBeyondSixteenTables(String granuleName, int ias, int oas) {
        long granule = LevelMathTest.granule(granuleName);
        PageTableException e = assertThrows(PageTableException.class,
                () -> Lpae.alloc(Lpae.s2(granule, ias, oas, false), S2ConcatRule.MANDATORY_ONLY));
        assertEquals(Errno.ENOMEM, e.errno());
        ArmLpaePageTable older = Lpae.alloc(Lpae.s2(granule, ias, oas, false), S2ConcatRule.LINUX_6_12);
        assertEquals(granule == SZ_4K ? 0 : 1, older.geometry().startLevel(), "more than 16: no concatenation");
    }

    @Test
    void stageOneNeverConcatenates() {
        ArmLpaePageTable s1 = Lpae.alloc(Lpae.s1(SZ_4K, 40, 40, true));
        assertEquals(0, s1.geometry().startLevel());
        assertEquals(2, s1.geometry().pgdEntries());
    }

    @Test
    void defaultRuleIsLinux612() {
        ArmLpaePageTable pt = Lpae.alloc(Lpae.s2(SZ_4K, 40, 48, false));
        assertEquals(1, pt.geometry().startLevel());
        assertEquals(SZ_16K / 2, pt.layout().pgdBytes(), "1024 entries, 8 KiB");
    }
}
