package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan's operations in order and returns the final state. This is the IOMMU-core layer: it
 * hands each operation to the {@link FamilyModel} that owns the IOMMU (SMMUv1/v2, SMMUv3, DART at
 * register level; the generic model for the rest) and enforces what the core enforces across
 * families — a domain belongs to one IOMMU driver (iommu_attach_device checks domain->ops).
 */
public final class Executor {

    private final Plan plan;
    private final Map<String, PlanIommu> iommus = new LinkedHashMap<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final Map<String, PlanDomain> domains = new LinkedHashMap<>();
    /** Driver domain name → the IOMMU driver that allocated it (the domain's ops). */
    private final Map<String, String> domainDriver = new LinkedHashMap<>();
    private final List<RunResult.Event> events = new ArrayList<>();
    private final List<FamilyModel> families = new ArrayList<>();
    /** Where buffers without a policy address go: 16 GiB up, clear of the table pool (SimulatedMemory, 2 GiB up). */
    static final long DRAM_BASE = 0x4_0000_0000L;
    private long nextPhys = DRAM_BASE;

    private Executor(Plan plan) {
        this.plan = plan;
        plan.iommus().forEach(i -> iommus.put(i.id(), i));
        plan.masters().forEach(m -> masters.put(m.id(), m));
        plan.domains().forEach(d -> domains.put(d.name(), d));
        PhysMemory memory = new SimulatedMemory();
        families.add(new SmmuFamily(plan, memory, events));
        families.add(new DartFamily(plan, memory, events));
        families.add(new Smmuv3Family(plan, memory, events));
        List<FamilyModel> registerLevel = List.copyOf(families);
        families.add(new GenericFamily(plan, id -> registerLevel.stream().noneMatch(f -> f.owns(id)), events));
    }

    public static RunResult run(Plan plan) {
        return execute(plan).result();
    }

    /** Runs the plan and keeps the emulated hardware, so single transactions can be sent through it. */
    public static Executor execute(Plan plan) {
        Executor e = new Executor(plan);
        for (Operation op : plan.operations()) {
            e.apply(op);
        }
        return e;
    }

    /** One transaction after the run: the PA or the fault; null when the IOMMU has no register-level model. */
    public Transaction translate(Transaction.Request request) {
        return familyOf(request.iommu()).translate(request);
    }

    private FamilyModel familyOf(String iommu) {
        for (FamilyModel f : families) {
            if (f.owns(iommu)) {
                return f;
            }
        }
        throw new IllegalStateException("no family for " + iommu);
    }

    private void apply(Operation op) {
        if (op instanceof Operation.Probe p) {
            familyOf(p.iommu()).probe(p.iommu());
        } else if (op instanceof Operation.AddDevice a) {
            PlanMaster m = masters.get(a.master());
            if (!m.streams().isEmpty()) {
                familyOf(m.streams().get(0).iommu()).addDevice(m);
            }
        } else if (op instanceof Operation.Attach a && !masters.get(a.master()).streams().isEmpty()) {
            attach(domains.get(a.domain()), masters.get(a.master()));
        } else if (op instanceof Operation.MapBuffer mb) {
            PlanBuffer b = placed(plan.workload().get(mb.buffer()));
            boolean mapped = false;
            for (FamilyModel f : families) {
                if (!mapped) {
                    mapped = f.map(b);
                }
            }
            if (!mapped) {
                events.add(new RunResult.Event("warning", "runtime-no-domain",
                        b.domain() != null ? b.domain() : b.master(),
                        "buffer at 0x" + Long.toHexString(b.iova()) + " not mapped: its domain does not exist"));
            }
        }
    }

    /**
     * The buffer with its physical address: the policy's, or the next free one in simulated DRAM from
     * {@link #DRAM_BASE}, aligned as far as the IOVA is (up to 1 GiB, never beyond the size) so that
     * block mappings stay possible where the IOVA allows them, as a contiguous allocation would.
     */
    private PlanBuffer placed(PlanBuffer b) {
        if (b.phys() != null) {
            return b;
        }
        long align = Math.min(Math.min(b.iova() == 0 ? 1L << 30 : b.iova() & -b.iova(), 1L << 30),
                Long.highestOneBit(b.size()));
        long pa = (nextPhys + align - 1) & -align;
        nextPhys = pa + b.size();
        return new PlanBuffer(b.domain(), b.master(), b.iova(), b.size(), b.prot(), pa, b.process());
    }

    /**
     * A driver's own domain: allocated by the IOMMU driver of the first master attached to it; a master
     * behind another driver is refused, as iommu_attach_device refuses a domain whose ops differ (-EINVAL).
     */
    private void attach(PlanDomain d, PlanMaster m) {
        PlanIommu first = iommus.get(m.streams().get(0).iommu());
        String driver = driver(first);
        String owner = domainDriver.putIfAbsent(d.name(), driver);
        if (owner != null && !owner.equals(driver)) {
            events.add(new RunResult.Event("error", "runtime-attach-mixed-families", m.id(),
                    "domain " + d.name() + " belongs to the " + owner + " driver; " + driver
                            + " cannot attach it (-EINVAL)"));
            return;
        }
        familyOf(first.id()).attach(d, m);
    }

    /** The Linux driver behind an IOMMU: one per family, and one per generic implementation. */
    private static String driver(PlanIommu i) {
        return switch (i.family()) {
            case ARM_SMMU -> "arm-smmu";
            case ARM_SMMU_V3 -> "arm-smmu-v3";
            case APPLE_DART -> "apple-dart";
            case GENERIC -> i.impl();
        };
    }

    /** The report's model name (SPEC §5: arm-smmu-v1, arm-smmu-v2, arm-smmu-v3, apple-dart, generic). */
    static String model(PlanIommu i) {
        return switch (i.family()) {
            case ARM_SMMU -> i.version() != null && i.version().startsWith("smmu-v1") ? "arm-smmu-v1" : "arm-smmu-v2";
            case ARM_SMMU_V3 -> "arm-smmu-v3";
            case APPLE_DART -> "apple-dart";
            case GENERIC -> "generic";
        };
    }

    public RunResult result() {
        List<FamilyState> states = new ArrayList<>();
        families.forEach(f -> states.add(f.state()));
        return new ResultBuilder(plan, states).build(events);
    }
}
