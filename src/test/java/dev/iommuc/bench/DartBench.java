package dev.iommuc.bench;

import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.Transaction;
import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Apple DART throughput (issue 5, acceptance 4), one thread.
 *
 * <p>Full transactions through the emulated DART ({@link Executor#translate}): stream enable → TCR →
 * TTBR(sid, 0) → the io-pgtable-dart walk (reference/dart-smmuv3-of.md A.2, A.5). The DART is a t8103
 * (16 SIDs, 16 KiB pages, ias 32, oas 36, DART1 PTEs) under a 16K kernel; eight masters (SIDs 0..7) each
 * get a DMA domain and a 128 MiB buffer: 8192 pages, 4 leaf tables each. Transactions are prebuilt:
 * random stream and page, or one stream walking its buffer in order.
 *
 * <p>io-pgtable-dart alone: 1 GiB of IOVA space (ias 32) in 16 KiB pages — 65 536 pages, 32 leaf
 * tables of 2048 PTEs — mapped one call per page (into the tables a previous unmap left), or 2048
 * pages per call; {@code iova_to_phys} shuffled or ascending. Run: see docs/performance.md, "Apple DART".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DartBench {

    static final long SZ_16K = 1L << 14;
    static final int MASTERS = 8;
    static final long BUFFER = 128L << 20;
    static final long IOVA = 0x1000_0000L;
    static final long PHYS = 0x8_0000_0000L;
    static final int N = 1 << 16;
    static final int PAGES = 1 << 16;
    static final long PA_BASE = 0x2_0000_0000L;
    static final int RW = Prot.READ | Prot.WRITE | Prot.NOEXEC | Prot.CACHE;

    /** One t8103 DART (A.1's values), eight masters with their buffers, a 16K kernel. */
    static Plan plan() {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        Object[] kv = {"num-streams", 16, "ttbrs-per-stream", 4, "ias", 32, "oas", 36, "page-size", SZ_16K,
            "pte-format", 1, "supports-bypass", 1};
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], new PlanParam(((Number) kv[i + 1]).longValue(), "bench", "A.1 t8103"));
        }
        PlanIommu dart = new PlanIommu("/dart", "dart", List.of("apple,t8103-dart"), IommuFamily.APPLE_DART,
                "t8103", null, true, 1, false, p);
        List<PlanMaster> masters = new ArrayList<>();
        List<PlanBuffer> workload = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation.Probe(dart.id()));
        for (int i = 0; i < MASTERS; i++) {
            String id = "/dev" + i;
            masters.add(new PlanMaster(id, null, List.of(), List.of(new PlanStream(dart.id(), i, 0, "iommus", null)),
                    null, null, 0, null));
            ops.add(new Operation.AddDevice(id));
        }
        for (int i = 0; i < MASTERS; i++) {
            workload.add(new PlanBuffer(null, "/dev" + i, IOVA, BUFFER, "rw", PHYS + i * BUFFER, null));
            ops.add(new Operation.MapBuffer(i));
        }
        Kernel k = new Kernel(SZ_16K, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false);
        return new Plan(List.of("bench"), null, "linux-6.12", k, "per-group", List.of(dart), masters, List.of(),
                workload, ops);
    }

    @State(Scope.Thread)
    public static class Run {
        Executor executor;
        final Transaction.Request[] shuffled = new Transaction.Request[N];
        final Transaction.Request[] sequential = new Transaction.Request[N];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            executor = Executor.execute(plan());
            if (!executor.result().events().isEmpty()) {
                throw new IllegalStateException(executor.result().events().toString());
            }
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < N; i++) {
                int m = rnd.nextInt(MASTERS);
                long page = rnd.nextLong(BUFFER / SZ_16K);
                shuffled[i] = new Transaction.Request("/dart", m, null, IOVA + page * SZ_16K + 8 * (i & 2047),
                        (i & 1) != 0);
                sequential[i] = new Transaction.Request("/dart", 0, null, IOVA + (i % (BUFFER / SZ_16K)) * SZ_16K,
                        (i & 1) != 0);
            }
            Transaction t = executor.translate(shuffled[0]);
            long expect = PHYS + shuffled[0].sid() * BUFFER + (shuffled[0].iova() - IOVA);
            if (!"translated".equals(t.outcome()) || t.pa() != expect) {
                throw new IllegalStateException(t + " expected pa 0x" + Long.toHexString(expect));
            }
        }
    }

    @Benchmark
    public Transaction translate(Run r) {
        return r.executor.translate(r.shuffled[r.next++ & (N - 1)]);
    }

    @Benchmark
    public Transaction translateSequential(Run r) {
        return r.executor.translate(r.sequential[r.next++ & (N - 1)]);
    }

    /** io-pgtable-dart as DartPaging allocates it for a t8103 under a 16K kernel (A.5). */
    static PageTableOps table(SimulatedMemory mem) {
        return PageTables.alloc(new PageTableConfig(PageTableFormat.APPLE_DART, SZ_16K, 32, 36, true, Set.of(),
                SZ_16K), mem);
    }

    /** Mapping into existing tables: the previous invocation's pages are unmapped, the tables stay (A.5). */
    @State(Scope.Thread)
    public static class Unmapped {
        final SimulatedMemory mem = new SimulatedMemory();
        final PageTableOps pt = table(mem);

        @Setup(Level.Invocation)
        public void unmapAll() {
            pt.unmapPages(0, SZ_16K, PAGES);
            if (pt.iovaToPhys(0) != 0) {
                throw new IllegalStateException("unmap");
            }
        }
    }

    @State(Scope.Thread)
    public static class Mapped {
        final SimulatedMemory mem = new SimulatedMemory();
        final PageTableOps pt = table(mem);
        final long[] iovas = new long[PAGES];
        final long[] sequential = new long[PAGES];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            if (pt.mapPages(0, PA_BASE, SZ_16K, PAGES, RW) != dev.iommuc.runtime.pgtable.Errno.OK) {
                throw new IllegalStateException("map");
            }
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < PAGES; i++) {
                iovas[i] = i * SZ_16K + (i & 0x3ff8);
                sequential[i] = iovas[i];
            }
            for (int i = PAGES - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                long t = iovas[i];
                iovas[i] = iovas[j];
                iovas[j] = t;
            }
            if (pt.iovaToPhys(iovas[0]) != PA_BASE + iovas[0]) {
                throw new IllegalStateException("iova_to_phys");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void map16k(Unmapped s) {
        PageTableOps pt = s.pt;
        for (long i = 0; i < PAGES; i++) {
            pt.mapPages(i * SZ_16K, PA_BASE + i * SZ_16K, SZ_16K, 1, RW);
        }
    }

    /** map_pages with pgcount 2048: one call per leaf table (pages per second). */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void map16kBatched(Unmapped s) {
        PageTableOps pt = s.pt;
        for (long i = 0; i < PAGES; i += 2048) {
            pt.mapPages(i * SZ_16K, PA_BASE + i * SZ_16K, SZ_16K, 2048, RW);
        }
    }

    @Benchmark
    public long iovaToPhys(Mapped s) {
        return s.pt.iovaToPhys(s.iovas[s.next++ & (PAGES - 1)]);
    }

    @Benchmark
    public long iovaToPhysSequential(Mapped s) {
        return s.pt.iovaToPhys(s.sequential[s.next++ & (PAGES - 1)]);
    }
}
