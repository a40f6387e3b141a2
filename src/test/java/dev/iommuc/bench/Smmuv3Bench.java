package dev.iommuc.bench;

import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.Transaction;
import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;
import dev.iommuc.runtime.smmu.Result;
import dev.iommuc.runtime.smmuv3.Smmuv3;
import dev.iommuc.runtime.smmuv3.Smmuv3System;
import dev.iommuc.runtime.smmuv3.V3Domain;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * SMMUv3 throughput (issue 5, acceptance 4), one thread. The SMMU is the catalogue's arm-smmu-v3 row
 * (SIDSIZE 16, 2-level stream table, SSIDSIZE 20 with CD2L, 4K/16K/64K granules, OAS 48, coherent).
 *
 * <p>{@code translate*}: {@link Executor#translate} on a plan run to completion, each transaction decoded
 * from registers and memory as the hardware does — STRTAB_BASE_CFG, the L1 descriptor and the STE, then
 * the CD (for an SSID through the 2-level CD table's L1 descriptor), then the 4-level stage-1 walk behind
 * the CD's TTB0. Eight masters (SIDs 0x100, 0x200, … 0x800: one L2 stream table each) get a DMA default
 * domain and a 128 MiB buffer whose IOVA and PA differ modulo 2 MiB, so io-pgtable maps 4K pages only; a
 * GPU (SID 0x10, pasid-num-bits 16: a 2-level CD table) gets a PASID domain with 8 processes of 16 MiB
 * each. Transactions are prebuilt, all within the buffers (no faults): random stream and page
 * (shuffled), one stream through its buffer in page order (sequential), random process and page with its
 * SSID (pasid).
 *
 * <p>{@code map4k}: {@code iommu_map} of one 4K page into a finalised SMMUv3 stage-1 domain
 * ({@link V3Domain#map}), 1 GiB per invocation, unmapped again in an untimed per-invocation setup.
 * Run: see docs/performance.md, "SMMUv3".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Smmuv3Bench {

    static final int MASTERS = 8;
    static final long BUFFER = 128L << 20;
    static final int PROCESSES = 8;
    static final long PROCESS_BUFFER = 16L << 20;
    static final long IOVA = 0x1000_0000L;
    static final long PHYS = 0x8_0000_1000L;
    static final long GPU_PHYS = 0xc_0000_1000L;
    static final int N = 1 << 16;
    static final long SZ_4K = 4096;
    static final int MAP_PAGES = 1 << 18;
    static final Kernel KERNEL = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false);

    static PlanIommu smmu() {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        Object[] kv = {"sid-bits", 16, "ssid-bits", 20, "asid-bits", 16, "vmid-bits", 16, "stage1", 1, "stage2", 1,
            "stream-table-levels", 2, "granules", 0x15000, "oas", 48, "ias", 48, "coherent", 1};
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], new PlanParam(((Number) kv[i + 1]).longValue(), "bench", "catalogue row"));
        }
        return new PlanIommu("/smmu", "smmu", List.of("arm,smmu-v3"), IommuFamily.ARM_SMMU_V3, "generic", null, true,
                1, false, p);
    }

    static long sid(int master) {
        return (long) (master + 1) << 8;
    }

    static Plan plan() {
        PlanIommu smmu = smmu();
        List<PlanMaster> masters = new ArrayList<>();
        List<PlanBuffer> workload = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation.Probe(smmu.id()));
        for (int i = 0; i < MASTERS; i++) {
            masters.add(new PlanMaster("/dev" + i, null, List.of(), List.of(new PlanStream(smmu.id(), sid(i), 0,
                    "iommus", null)), null, null, 0, null));
        }
        masters.add(new PlanMaster("/gpu", null, List.of(), List.of(new PlanStream(smmu.id(), 0x10, 0, "iommus",
                null)), null, null, 16, null));
        masters.forEach(m -> ops.add(new Operation.AddDevice(m.id())));
        ops.add(new Operation.Attach("gpu", "/gpu"));
        for (int i = 0; i < MASTERS; i++) {
            workload.add(new PlanBuffer(null, "/dev" + i, IOVA, BUFFER, "rw", PHYS + i * BUFFER, null));
        }
        for (int p = 0; p < PROCESSES; p++) {
            workload.add(new PlanBuffer("gpu", null, IOVA, PROCESS_BUFFER, "rw", GPU_PHYS + p * PROCESS_BUFFER, p));
        }
        for (int i = 0; i < workload.size(); i++) {
            ops.add(new Operation.MapBuffer(i));
        }
        List<PlanDomain> domains = List.of(new PlanDomain("gpu", DomainType.UNMANAGED, List.of("/gpu"), 0, PROCESSES));
        return new Plan(List.of("bench"), null, "linux-6.12", KERNEL, "per-group", List.of(smmu), masters, domains,
                workload, ops);
    }

    @State(Scope.Thread)
    public static class Run {
        Executor executor;
        final Transaction.Request[] shuffled = new Transaction.Request[N];
        final Transaction.Request[] sequential = new Transaction.Request[N];
        final Transaction.Request[] pasid = new Transaction.Request[N];
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
                sequential[i] = new Transaction.Request("/smmu", sid(0), null,
                        IOVA + (((long) i << 12) & (BUFFER - 1)), (i & 1) != 0);
                int p = rnd.nextInt(PROCESSES);
                long ppage = rnd.nextLong(PROCESS_BUFFER >>> 12);
                pasid[i] = new Transaction.Request("/smmu", 0x10, p + 1, IOVA + (ppage << 12) + 8 * (i & 511),
                        (i & 1) != 0);
            }
            expect(shuffled[0], PHYS + (shuffled[0].sid() / 256 - 1) * BUFFER + (shuffled[0].iova() - IOVA));
            expect(sequential[N - 1], PHYS + (sequential[N - 1].iova() - IOVA));
            expect(pasid[0], GPU_PHYS + (pasid[0].ssid() - 1) * PROCESS_BUFFER + (pasid[0].iova() - IOVA));
        }

        private void expect(Transaction.Request q, long pa) {
            Transaction t = executor.translate(q);
            if (!"translated".equals(t.outcome()) || t.pa() != pa) {
                throw new IllegalStateException(t + " expected pa 0x" + Long.toHexString(pa));
            }
        }
    }

    /** A finalised stage-1 domain on a probed SMMUv3, its pages unmapped before each invocation. */
    @State(Scope.Thread)
    public static class Mapper {
        final SimulatedMemory mem = new SimulatedMemory();
        V3Domain domain;
        final int prot = Prot.READ | Prot.WRITE;

        @Setup(Level.Trial)
        public void setUp() {
            PlanIommu iommu = smmu();
            Smmuv3 s = new Smmuv3System().create(iommu, KERNEL, mem, cfg -> PageTables.alloc(cfg, mem));
            check(s.probe());
            check(s.addDevice(new PlanMaster("/dev", null, List.of(), List.of(new PlanStream(iommu.id(), 0x100, 0,
                    "iommus", null)), null, null, 0, null)));
            domain = s.domainOf("/dev");
            check(domain.map(IOVA, PHYS, SZ_4K, prot));
        }

        /** Unmaps every page (one unmap_pages call per leaf table); the tables stay, as io-pgtable keeps them. */
        @Setup(Level.Invocation)
        public void unmapAll() {
            for (long i = 0; i < MAP_PAGES; i += 512) {
                domain.pageTable().unmapPages(IOVA + i * SZ_4K, SZ_4K, 512);
            }
            if (domain.iovaToPhys(IOVA) != 0 || domain.iovaToPhys(IOVA + (MAP_PAGES - 1) * SZ_4K) != 0) {
                throw new IllegalStateException("unmap");
            }
        }

        private static void check(Result r) {
            if (!r.isOk()) {
                throw new IllegalStateException(r.toString());
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

    @Benchmark
    public Transaction translatePasid(Run r) {
        return r.executor.translate(r.pasid[r.next++ & (N - 1)]);
    }

    @Benchmark
    @OperationsPerInvocation(MAP_PAGES)
    public void map4k(Mapper m) {
        V3Domain d = m.domain;
        for (long i = 0; i < MAP_PAGES; i++) {
            d.map(IOVA + i * SZ_4K, PHYS + i * SZ_4K, SZ_4K, m.prot);
        }
    }
}
