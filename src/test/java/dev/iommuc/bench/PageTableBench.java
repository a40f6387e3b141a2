package dev.iommuc.bench;

import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.ArmLpaePageTable;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.pgtable.Walk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * io-pgtable ARM LPAE throughput on one thread (issue 4, acceptance 4): stage 1, 4K granule, ias =
 * oas = 48 (4 levels from L0), coherent walk, 1 GiB of IOVA space in 4K pages (262 144 pages, 512
 * leaf tables). Map and unmap benchmarks do the whole 1 GiB per invocation (one call per page) and
 * restore the state in an untimed per-invocation setup; translations pick IOVAs in a shuffled order
 * (every translation in a different leaf-table line) or in ascending order.
 * Run: see docs/performance.md, "Page tables (issue 4)".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PageTableBench {

    static final long SZ_4K = 4096;
    static final int PAGES = 1 << 18;
    static final long IOVA_BASE = 0x10_0000_0000L;
    static final long PA_BASE = 0x2_0000_0000L;
    static final int RW = Prot.READ | Prot.WRITE | Prot.NOEXEC | Prot.CACHE;

    static PageTableOps table(SimulatedMemory mem) {
        PageTableConfig cfg = new PageTableConfig(PageTableFormat.ARM_LPAE_S1, 0x40201000L, 48, 48, true, Set.of(),
                SZ_4K);
        return PageTables.alloc(cfg, mem);
    }

    static void mapAll(PageTableOps pt) {
        for (long i = 0; i < PAGES; i++) {
            check(pt.mapPages(IOVA_BASE + i * SZ_4K, PA_BASE + i * SZ_4K, SZ_4K, 1, RW));
        }
    }

    static void check(Errno e) {
        if (e != Errno.OK) {
            throw new IllegalStateException(e.name());
        }
    }

    /** Mapping into existing tables: the previous invocation's pages are unmapped, the tables stay. */
    @State(Scope.Thread)
    public static class Unmapped {
        final SimulatedMemory mem = new SimulatedMemory();
        final PageTableOps pt = table(mem);

        @Setup(Level.Invocation)
        public void unmapAll() {
            if (pt.unmapPages(IOVA_BASE, SZ_4K, PAGES) != PAGES * SZ_4K && pt.iovaToPhys(IOVA_BASE) != 0) {
                throw new IllegalStateException("unmap");
            }
        }
    }

    /** Mapping into a fresh table: every leaf table (and the L1/L2 tables) is allocated on the way. */
    @State(Scope.Thread)
    public static class Fresh {
        SimulatedMemory mem;
        PageTableOps pt;

        @Setup(Level.Invocation)
        public void fresh() {
            if (pt != null) {
                pt.free();
            }
            mem = new SimulatedMemory();
            pt = table(mem);
        }
    }

    /** All pages mapped; unmap benchmarks remap them before each invocation. */
    @State(Scope.Thread)
    public static class Mapped {
        final SimulatedMemory mem = new SimulatedMemory();
        final PageTableOps pt = table(mem);
        final long[] iovas = new long[PAGES];
        final long[] sequential = new long[PAGES];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            mapAll(pt);
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < PAGES; i++) {
                iovas[i] = IOVA_BASE + i * SZ_4K + (i & 0xFF8);
                sequential[i] = iovas[i];
            }
            for (int i = PAGES - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                long t = iovas[i];
                iovas[i] = iovas[j];
                iovas[j] = t;
            }
        }

        long nextIova() {
            return iovas[next++ & (PAGES - 1)];
        }

        long nextSequentialIova() {
            return sequential[next++ & (PAGES - 1)];
        }
    }

    @State(Scope.Thread)
    public static class Remapped extends Mapped {
        @Setup(Level.Invocation)
        public void remap() {
            if (pt.iovaToPhys(IOVA_BASE) == 0) {
                mapAll(pt);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void map4k(Unmapped s) {
        PageTableOps pt = s.pt;
        for (long i = 0; i < PAGES; i++) {
            pt.mapPages(IOVA_BASE + i * SZ_4K, PA_BASE + i * SZ_4K, SZ_4K, 1, RW);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void map4kFreshTables(Fresh s) {
        PageTableOps pt = s.pt;
        for (long i = 0; i < PAGES; i++) {
            pt.mapPages(IOVA_BASE + i * SZ_4K, PA_BASE + i * SZ_4K, SZ_4K, 1, RW);
        }
    }

    /** map_pages with pgcount 512: one call per leaf table (pages per second). */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void map4kBatched(Unmapped s) {
        PageTableOps pt = s.pt;
        for (long i = 0; i < PAGES; i += 512) {
            pt.mapPages(IOVA_BASE + i * SZ_4K, PA_BASE + i * SZ_4K, SZ_4K, 512, RW);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long unmap4k(Remapped s) {
        PageTableOps pt = s.pt;
        long bytes = 0;
        for (long i = 0; i < PAGES; i++) {
            bytes += pt.unmapPages(IOVA_BASE + i * SZ_4K, SZ_4K, 1);
        }
        return bytes;
    }

    @Benchmark
    public long iovaToPhys(Mapped s) {
        return s.pt.iovaToPhys(s.nextIova());
    }

    @Benchmark
    public Walk walk(Mapped s) {
        return s.pt.walk(s.nextIova(), (s.next & 1) != 0);
    }

    /** The walk without its record (ArmLpaePageTable.translate): no allocation per translation. */
    @Benchmark
    public long translate(Mapped s) {
        return ((ArmLpaePageTable) s.pt).translate(s.nextIova(), (s.next & 1) != 0);
    }

    @Benchmark
    public long translateSequential(Mapped s) {
        return ((ArmLpaePageTable) s.pt).translate(s.nextSequentialIova(), (s.next & 1) != 0);
    }

    /** IOVAs in ascending order: consecutive translations share their tables (what a DMA stream does). */
    @Benchmark
    public long iovaToPhysSequential(Mapped s) {
        return s.pt.iovaToPhys(s.nextSequentialIova());
    }

    @Benchmark
    public Walk walkSequential(Mapped s) {
        return s.pt.walk(s.nextSequentialIova(), (s.next & 1) != 0);
    }
}
