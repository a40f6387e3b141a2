package dev.iommuc.bench;

import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.Transaction;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Full-transaction throughput through the emulated SMMU (issue 4, acceptance 4): {@link Executor#translate}
 * on a plan run to completion — SMR match, S2CR, context bank registers (SCTLR, CBAR, TCR/TCR2, TTBR),
 * then the LPAE walk — one thread. The SMMU is reference/arm-smmu-v2.md §9 example 1's MMU-500 (NUMCB 8,
 * NUMSMRG 16); eight masters (SIDs 0x10, 0x20, … 0x80) each get a default DMA domain on its own bank and a
 * 128 MiB buffer whose IOVA and PA differ modulo 2 MiB, so io-pgtable maps 4K pages only: 262 144 pages,
 * 8 stage-1 tables of 4 levels. Transactions are prebuilt: random stream and page (shuffled), or one
 * stream walking its 128 MiB buffer page by page in order (sequential). {@code -Dbench.masters=N} (passed with
 * JMH's {@code -jvmArgsAppend}) changes the number of masters.
 * Run: see docs/performance.md, "Translate through the SMMU".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmmuTranslateBench {

    static final int MASTERS = Integer.getInteger("bench.masters", 8);
    static final long BUFFER = 128L << 20;
    static final long IOVA = 0x1000_0000L;
    static final long PHYS = 0x8_0000_1000L;
    static final int N = 1 << 16;

    /** The plan of example 1's SMMU with the workload above. */
    static Plan plan() {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        Object[] kv = {"num-context-banks", 8, "num-s2-context-banks", 0, "num-smrs", 16, "stream-matching", 1,
            "sid-bits", 15, "smr-mask-bits", 15, "exids", 0, "ias", 48, "oas", 48, "ubs", 48,
            "granules", 0x11000, "vmid16", 0, "coherent-walk", 1, "num-global-irqs", 1, "num-context-irqs", 8};
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], new PlanParam(((Number) kv[i + 1]).longValue(), "bench", "example 1"));
        }
        PlanIommu smmu = new PlanIommu("/smmu", "smmu", List.of("arm,mmu-500"), IommuFamily.ARM_SMMU, "mmu-500",
                "smmu-v2", true, 1, false, p);
        List<PlanMaster> masters = new ArrayList<>();
        List<PlanBuffer> workload = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation.Probe(smmu.id()));
        for (int i = 0; i < MASTERS; i++) {
            String id = "/dev" + i;
            masters.add(new PlanMaster(id, null, List.of(), List.of(new PlanStream(smmu.id(), sid(i), 0, "iommus",
                    null)), null, null, 0, null));
            ops.add(new Operation.AddDevice(id));
        }
        for (int i = 0; i < MASTERS; i++) {
            workload.add(new PlanBuffer(null, "/dev" + i, IOVA, BUFFER, "rw", PHYS + i * BUFFER, null));
            ops.add(new Operation.MapBuffer(i));
        }
        Kernel k = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false);
        return new Plan(List.of("bench"), null, "linux-6.12", k, "per-group", List.of(smmu), masters, List.of(),
                workload, ops);
    }

    static long sid(int master) {
        return 0x10L * (master + 1);
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
                long page = rnd.nextLong(BUFFER >>> 12);
                shuffled[i] = new Transaction.Request("/smmu", sid(m), null, IOVA + (page << 12) + 8 * (i & 511),
                        (i & 1) != 0);
                long inBuffer = (long) i % (BUFFER >>> 12);
                sequential[i] = new Transaction.Request("/smmu", sid(0), null, IOVA + (inBuffer << 12) + 8 * (i & 511),
                        (i & 1) != 0);
            }
            Transaction t = executor.translate(shuffled[0]);
            long expect = PHYS + (shuffled[0].sid() / 0x10 - 1) * BUFFER + (shuffled[0].iova() - IOVA);
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
}
