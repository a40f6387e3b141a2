package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random map/unmap/iova_to_phys/walk sequences (seeded) on io-pgtable-dart, checked against a plain
 * map of pages with the rules of reference/dart-smmuv3-of.md A.5 written out over it: one page size;
 * a map over any mapped page fails with -EEXIST and leaves everything as it was (the core unmaps the
 * pages of earlier leaf tables again); an unmap clears pages from its start up to the first unmapped
 * one; iova_to_phys gives the page's PA plus the offset, 0 when unmapped; the walk faults on NO_WRITE
 * and NO_READ leaves.
 */
class DartRandomMappingTest {

    private static final int OPS = 3000;

    record Page(long pa, int prot) {
    }

    @ParameterizedTest(name = "{0} {1} ias {2} oas {3}")
    @CsvSource({
        "APPLE_DART, 16384, 32, 36",
        "APPLE_DART2, 16384, 32, 42",
        "APPLE_DART2, 16384, 36, 42",
        "APPLE_DART2, 16384, 42, 42",
        "APPLE_DART, 4096, 32, 36",
        // DART2 holds PA bits 41:14 only, so 4K tables cannot be addressed; 4K DARTs are DART1
        "APPLE_DART, 4096, 36, 36",
    })
    void randomMappingsAgreeWithTheModel(PageTableFormat f, long page, int ias, int oas) {
        SimulatedMemory mem = new SimulatedMemory();
        DartPageTable pt = (DartPageTable) PageTables.alloc(
                new PageTableConfig(f, page, ias, oas, true, java.util.Set.of(), 16384), mem);
        TreeMap<Long, Page> model = new TreeMap<>();
        SplittableRandom rnd = new SplittableRandom(ias * 7919L + page + f.ordinal());
        int shift = Long.numberOfTrailingZeros(page);
        long entries = page / 8;
        // pages from a few clusters: around leaf-table and root-entry boundaries, and near the top of ias
        long[] clusters = {0, entries - 64, entries * entries - 64, (1L << (ias - shift)) - 256};
        int[] prots = {Prot.READ, Prot.WRITE, Prot.READ | Prot.WRITE, Prot.READ | Prot.WRITE | Prot.CACHE};
        for (int op = 0; op < OPS; op++) {
            long top = 1L << (ias - shift);
            long first = Math.min(top - 1, Math.max(0, clusters[rnd.nextInt(clusters.length)] + rnd.nextInt(256)));
            long count = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 8);
            count = Math.min(count, top - first);
            int what = rnd.nextInt(100);
            if (what < 50) {
                long pa = (rnd.nextLong(1L << (oas - shift - 1))) << shift;
                int prot = prots[rnd.nextInt(prots.length)];
                boolean clash = !model.subMap(first, first + count).isEmpty();
                assertEquals(clash ? Errno.EEXIST : Errno.OK,
                        pt.mapPages(first << shift, pa, page, count, prot), "map op " + op);
                if (!clash) {
                    for (long i = 0; i < count; i++) {
                        model.put(first + i, new Page(pa + (i << shift), prot));
                    }
                }
            } else if (what < 75) {
                long n = 0;
                while (n < count && model.containsKey(first + n)) {
                    model.remove(first + n);
                    n++;
                }
                assertEquals(n * page, pt.unmapPages(first << shift, page, count), "unmap op " + op);
            } else {
                for (long i = 0; i < count; i++) {
                    long off = rnd.nextLong(page);
                    long iova = ((first + i) << shift) + off;
                    Page p = model.get(first + i);
                    assertEquals(p == null ? 0 : p.pa() + off, pt.iovaToPhys(iova), "iova_to_phys op " + op);
                    boolean write = rnd.nextBoolean();
                    Walk w = pt.walk(iova, write);
                    Walk.Fault expected = p == null ? Walk.Fault.TRANSLATION
                            : (p.prot() & (write ? Prot.WRITE : Prot.READ)) == 0 ? Walk.Fault.PERMISSION : null;
                    assertEquals(expected, w.fault(), "walk op " + op);
                    if (expected == null) {
                        assertEquals(p.pa() + off, w.pa());
                    }
                }
            }
        }
        // table memory is exactly what the layout says, and all of it goes with free()
        assertEquals(mem.bytesAllocated(), pt.layout().tableBytes());
        pt.free();
        assertEquals(0, mem.bytesAllocated());
    }
}
