package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.SimulatedMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random map/unmap/iova_to_phys/walk sequences (seeded) checked against a reference model: a
 * {@code TreeMap} of mappings with the kernel's rules written out over it (reference/arm-smmu-v2.md
 * §5.2): a map fails with -EEXIST on the first leaf at least as large as its pages, having removed
 * the smaller mappings before it (tables replaced, then the call's own pages unmapped again); a
 * successful map replaces every smaller mapping in its range; an unmap walks its slots and stops at
 * a larger leaf or an empty page slot. Unmaps whose outcome depends on empty tables the model cannot
 * see (an unmap at block size over nothing) are not issued.
 */
class RandomMappingTest {

    private static final int OPS = 4000;

    record Mapping(long off, long size, long pa, int prot) {
        long end() {
            return off + size;
        }
    }

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        for (long granule : new long[] {SZ_4K, SZ_16K, SZ_64K}) {
            for (int ias : new int[] {36, 40, 48}) {
                for (String kind : new String[] {"S1", "S1_TTBR1", "S2"}) {
                    out.add(Arguments.of(granule >> 10, ias, kind));
                }
            }
        }
        return out.stream();
    }

    private ArmLpaePageTable pt;
    private SimulatedMemory mem;
    private long top;
    private boolean stage2;
    private long[] sizes;
    private final TreeMap<Long, Mapping> model = new TreeMap<>();

    @ParameterizedTest(name = "{0}K ias {1} {2}")
    @MethodSource("configs")
    void randomMappingsAgreeWithTheModel(long granuleK, int ias, String kind) {
        long granule = granuleK << 10;
        stage2 = kind.equals("S2");
        PageTableConfig cfg = stage2 ? Lpae.s2(granule, ias, 48, false)
                : kind.equals("S1_TTBR1") ? Lpae.s1(granule, ias, 48, false, Quirk.ARM_TTBR1)
                : Lpae.s1(granule, ias, 48, false);
        mem = new SimulatedMemory();
        pt = (ArmLpaePageTable) PageTables.alloc(cfg, mem);
        top = kind.equals("S1_TTBR1") ? -1L << ias : 0;
        sizes = sizesOf(pt.layout().pgsizeBitmap());
        SplittableRandom rnd = new SplittableRandom(ias * 1000L + granuleK + kind.hashCode());

        for (int op = 0; op < OPS; op++) {
            int what = rnd.nextInt(100);
            if (what < 45) {
                map(rnd);
            } else if (what < 75) {
                unmap(rnd);
            } else {
                for (int i = 0; i < 4; i++) {
                    probe(rnd.nextBoolean() || model.isEmpty() ? offset(rnd, sizes[0]) + rnd.nextLong(sizes[0])
                            : inside(rnd));
                }
            }
            if (op % 250 == 0) {
                checkAll();
            }
        }
        checkAll();
        pt.free();
        assertEquals(0, mem.bytesAllocated());
    }

    private void map(SplittableRandom rnd) {
        long s = size(rnd);
        long off = offset(rnd, s);
        long count = 1 + rnd.nextInt(s == sizes[0] ? 6 : 3);
        long pa = (rnd.nextLong() & ((1L << 40) - 1)) & -s;
        int prot = new int[] {Prot.READ, Prot.WRITE, Prot.READ | Prot.WRITE}[rnd.nextInt(3)]
                | (rnd.nextBoolean() ? Prot.CACHE : 0) | (rnd.nextBoolean() ? Prot.NOEXEC : 0);

        List<Mapping> overlapping = overlapping(off, off + count * s);
        Mapping conflict = overlapping.stream().filter(m -> m.size() >= s).findFirst().orElse(null);
        Errno expected = conflict == null ? Errno.OK : Errno.EEXIST;
        assertEquals(expected, pt.mapPages(top + off, pa, s, count, prot),
                () -> String.format("map 0x%x x%d at 0x%x over %s", s, count, off, overlapping));
        long cut = conflict == null ? Long.MAX_VALUE : Math.max(off, conflict.off());
        for (Mapping m : overlapping) {
            if (m.size() < s && m.off() < cut) {
                model.remove(m.off());
            }
        }
        if (conflict == null) {
            for (long i = 0; i < count; i++) {
                model.put(off + i * s, new Mapping(off + i * s, s, pa + i * s, prot));
            }
        }
    }

    private void unmap(SplittableRandom rnd) {
        long s;
        long off;
        if (!model.isEmpty() && rnd.nextBoolean()) {
            Mapping m = inside(rnd, model);
            s = rnd.nextInt(4) == 0 ? sizes[0] : m.size(); // sometimes a partial unmap of a block
            off = (m.off() + rnd.nextLong(m.size())) & -s;
        } else {
            s = size(rnd);
            off = offset(rnd, s);
        }
        long count = 1 + rnd.nextInt(3);
        // the kernel's outcome over the model, slot by slot
        long expected = 0;
        List<Mapping> removed = new ArrayList<>();
        for (long k = 0; k < count; k++) {
            long slot = off + k * s;
            Mapping cover = covering(slot);
            if (cover != null && cover.size() > s) {
                break; // partial large leaf
            }
            List<Mapping> in = overlapping(slot, slot + s);
            if (in.isEmpty()) {
                if (s == sizes[0]) {
                    break; // empty page slot
                }
                return; // an empty table may or may not be there: not issued
            }
            removed.addAll(in); // the leaf itself, or the table holding smaller ones
            expected += s;
        }
        long got = pt.unmapPages(top + off, s, count);
        assertEquals(expected, got, () -> String.format("unmap 0x%x x%d at 0x%x", s, count, off));
        removed.forEach(m -> model.remove(m.off()));
    }

    private void probe(long off) {
        Mapping m = covering(off);
        long expected = m == null ? 0 : m.pa() + (off - m.off());
        assertEquals(expected, pt.iovaToPhys(top + off), () -> String.format("iova_to_phys 0x%x", off));
        for (boolean write : new boolean[] {false, true}) {
            Walk w = pt.walk(top + off, write);
            if (m == null) {
                assertEquals(Walk.Fault.TRANSLATION, w.fault());
                assertEquals(-1, pt.translate(top + off, write));
                continue;
            }
            boolean allowed = stage2 ? (m.prot() & (write ? Prot.WRITE : Prot.READ)) != 0
                    : !write || (m.prot() & Prot.WRITE) != 0;
            assertEquals(allowed ? null : Walk.Fault.PERMISSION, w.fault(), () -> String.format("walk 0x%x", off));
            assertEquals(allowed ? expected : 0, w.pa());
            assertEquals(allowed ? expected : -1, pt.translate(top + off, write));
        }
    }

    private void checkAll() {
        for (Mapping m : model.values()) {
            probe(m.off());
            probe(m.off() + 42);
            probe(m.end() - 8);
        }
        assertEquals(pt.layout().tableBytes(), mem.bytesAllocated());
    }

    /**
     * Offsets clustered so that mappings collide: a few slots per size, nested, at the start and at the
     * end of the enclosing block, so that counts run across table boundaries.
     */
    private long offset(SplittableRandom rnd, long s) {
        long off = 0;
        for (int i = sizes.length - 1; i >= 0 && sizes[i] >= s; i--) {
            if (i == sizes.length - 1) {
                off += rnd.nextInt(3) * sizes[i];
            } else {
                long per = sizes[i + 1] / sizes[i];
                int k = i == 0 ? 8 : 3;
                off += (rnd.nextBoolean() ? rnd.nextInt(k) : per - 1 - rnd.nextInt(k)) * sizes[i];
            }
        }
        return off;
    }

    private long size(SplittableRandom rnd) {
        int r = rnd.nextInt(10);
        return sizes[r < 6 ? 0 : r < 9 || sizes.length < 3 ? 1 : 2];
    }

    private long inside(SplittableRandom rnd) {
        Mapping m = inside(rnd, model);
        return m.off() + rnd.nextLong(m.size());
    }

    private static Mapping inside(SplittableRandom rnd, TreeMap<Long, Mapping> model) {
        Map.Entry<Long, Mapping> e = model.ceilingEntry(rnd.nextLong(model.lastKey() + 1));
        return e.getValue();
    }

    private Mapping covering(long off) {
        Map.Entry<Long, Mapping> e = model.floorEntry(off);
        return e != null && e.getValue().end() > off ? e.getValue() : null;
    }

    private List<Mapping> overlapping(long from, long to) {
        List<Mapping> out = new ArrayList<>();
        Mapping first = covering(from);
        if (first != null && first.off() < from) {
            out.add(first);
        }
        out.addAll(model.subMap(from, true, to, false).values());
        return out;
    }

    private static long[] sizesOf(long bitmap) {
        return java.util.stream.LongStream.range(0, 64).filter(b -> (bitmap >>> b & 1) != 0).map(b -> 1L << b)
                .toArray();
    }
}
