package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's io-pgtable-arm selftest as a matrix (house-style.md, Anchor 3): granule × ias × oas ×
 * stage (stage 2 under both concatenation rules) × TTBR1 (stage 1). Every config maps each page and
 * block size at its own IOVA, checks iova_to_phys(iova + 42) and the walk, refuses an overlapping
 * map, refuses a partial unmap of each block, unmaps, remaps write-only and finally frees all memory.
 */
class SelftestMatrixTest {

    enum Variant { S1, S1_TTBR1, S2, S2_MANDATORY_ONLY }

    private static final int[] IAS = {32, 36, 39, 40, 42, 44, 48, 52};
    private static final int[] OAS = {32, 36, 40, 42, 44, 48, 52};
    private static final long SZ_1G = 1L << 30;
    private static final long SZ_2G = 1L << 31;

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (long granule : new long[] {SZ_4K, SZ_16K, SZ_64K}) {
            for (int ias : IAS) {
                for (int oas : OAS) {
                    for (Variant v : Variant.values()) {
                        out.add(Arguments.of(granule >> 10, ias, oas, v));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}K ias {1} oas {2} {3}")
    @MethodSource("matrix")
    void selftest(long granuleK, int ias, int oas, Variant variant) {
        long granule = granuleK << 10;
        boolean stage2 = variant == Variant.S2 || variant == Variant.S2_MANDATORY_ONLY;
        PageTableConfig cfg = stage2 ? Lpae.s2(granule, ias, oas, true)
                : variant == Variant.S1_TTBR1 ? Lpae.s1(granule, ias, oas, true, Quirk.ARM_TTBR1)
                : Lpae.s1(granule, ias, oas, true);
        S2ConcatRule rule = variant == Variant.S2_MANDATORY_ONLY ? S2ConcatRule.MANDATORY_ONLY : S2ConcatRule.LINUX_6_12;
        SimulatedMemory mem = new SimulatedMemory();
        if (rule == S2ConcatRule.MANDATORY_ONLY && mandatoryConcatTooLarge(granule, ias, oas)) {
            assertThrows(PageTableException.class, () -> PageTables.alloc(cfg, mem, rule));
            assertEquals(0, mem.bytesAllocated());
            return;
        }
        ArmLpaePageTable pt = (ArmLpaePageTable) PageTables.alloc(cfg, mem, rule);
        int effIas = pt.layout().ias();
        int effOas = pt.layout().oas();
        long top = variant == Variant.S1_TTBR1 ? -1L << effIas : 0;
        long oasMask = (1L << effOas) - 1;

        // empty tables translate nothing
        for (long off : new long[] {42, SZ_1G + 42, SZ_2G + 42}) {
            if (off >>> effIas == 0) {
                assertEquals(0, pt.iovaToPhys(top | off));
                assertEquals(Walk.Fault.TRANSLATION, pt.walk(top | off, false).fault());
            }
        }

        // distinct mappings of each size: size s_j at s_j * (j + 1)
        long bitmap = pt.layout().pgsizeBitmap();
        List<long[]> mapped = new ArrayList<>();
        int j = 0;
        for (long s = Long.lowestOneBit(bitmap); s != 0; s = Long.lowestOneBit(bitmap & ~(2 * s - 1)), j++) {
            long iova = s * (j + 1);
            long pa = iova & oasMask;
            if (iova + s > 1L << effIas) {
                // only the 4T block of 64K granules: its level (L1) is above the start level
                assertEquals(-1, pt.geometry().leafLevel(s));
                assertEquals(Errno.EINVAL, pt.mapPages(top, 0, s, 1, Prot.READ | Prot.WRITE));
                continue;
            }
            int prot = Prot.READ | Prot.WRITE | Prot.NOEXEC | Prot.CACHE;
            assertEquals(Errno.OK, pt.mapPages(top | iova, pa, s, 1, prot), dump(pt, s));
            assertEquals(Errno.EEXIST, pt.mapPages(top | iova, (pa + s) & oasMask, s, 1, Prot.READ | Prot.NOEXEC));
            assertEquals(pa + 42, pt.iovaToPhys(top | iova + 42), dump(pt, s));
            Walk w = pt.walk(top | iova + 42, true);
            assertNull(w.fault());
            assertEquals(pa + 42, w.pa());
            assertEquals(pt.geometry().leafLevel(s), w.level());
            assertEquals(pt.layout().tableBytes(), mem.bytesAllocated());
            mapped.add(new long[] {iova, pa, s});
        }
        assertTrue(mapped.size() >= 2);

        // partial unmap of a block is refused and leaves it alone
        for (long[] m : mapped) {
            if (m[2] > granule) {
                assertEquals(0, pt.unmapPages(top | m[0] + granule, granule, 1));
                assertEquals(m[1] + granule + 42, pt.iovaToPhys(top | m[0] + granule + 42));
            }
        }

        // full unmap, then remap the whole block write-only
        for (long[] m : mapped) {
            assertEquals(m[2], pt.unmapPages(top | m[0], m[2], 1));
            assertEquals(0, pt.iovaToPhys(top | m[0] + 42));
            assertEquals(Walk.Fault.TRANSLATION, pt.walk(top | m[0] + 42, false).fault());
            assertEquals(Errno.OK, pt.mapPages(top | m[0], m[1], m[2], 1, Prot.WRITE));
            assertEquals(m[1] + 42, pt.iovaToPhys(top | m[0] + 42));
            assertTrue(pt.walk(top | m[0] + 42, true).ok());
            assertEquals(stage2 ? Walk.Fault.PERMISSION : null, pt.walk(top | m[0] + 42, false).fault());
        }
        assertEquals(pt.layout().tableBytes(), mem.bytesAllocated());
        pt.free();
        assertEquals(0, mem.bytesAllocated());
        assertEquals(0, mem.blocksAllocated());
    }

    /**
     * §5.3 newer rule: concatenation is mandatory for 4K from L0 with oas 40/42, 16K from L0 with
     * oas or ias 48, 16K from L1 with oas 40; it fails beyond 16 tables. Start level and pgd size
     * without concatenation are the stage-1 ones (§5.2).
     */
    private static boolean mandatoryConcatTooLarge(long granule, int ias, int oas) {
        LpaeGeometry g = LpaeGeometry.of(Lpae.s1(granule, ias, oas, true), false, S2ConcatRule.LINUX_6_12);
        int effIas = g.ias();
        int effOas = g.oas();
        boolean mandatory = granule == SZ_4K && g.startLevel() == 0 && (effOas == 40 || effOas == 42)
                || granule == SZ_16K && g.startLevel() == 0 && (effOas == 48 || effIas == 48)
                || granule == SZ_16K && g.startLevel() == 1 && effOas == 40;
        return mandatory && g.pgdEntries() > 16;
    }

    private static String dump(ArmLpaePageTable pt, long size) {
        return "size 0x" + Long.toHexString(size) + ", " + pt.geometry() + ", " + pt.layout();
    }
}
