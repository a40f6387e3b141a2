package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.iommuc.runtime.mem.SimulatedMemory;

/**
 * Runs a plan's operations in order and returns the final state. This is the IOMMU-core layer:
 * groups, default domains, sharing strategies, driver attaches. The register-level models of
 * SMMUv2, SMMUv3 and DART plug in here as they are built (issues 4–5); until then every family gets
 * the generic model (groups and domains only, reported as {@code emulation: generic}).
 */
public final class Executor {

    private final Plan plan;
    private final Map<String, PlanIommu> iommus = new LinkedHashMap<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Group> groupOfMaster = new LinkedHashMap<>();
    private final Map<String, Dom> domains = new LinkedHashMap<>();
    private final Map<String, String> domainOfMaster = new LinkedHashMap<>();
    private final Set<String> probed = new LinkedHashSet<>();
    private final List<RunResult.Event> events = new ArrayList<>();
    private final SmmuFamily smmu;

    private static final class Group {
        final String id;
        final Set<String> iommus = new LinkedHashSet<>();
        final List<String> members = new ArrayList<>();
        String defaultDomain;

        Group(String id) {
            this.id = id;
        }
    }

    private static final class Dom {
        final String id;
        final DomainType type;
        final Set<String> iommus = new LinkedHashSet<>();

        Dom(String id, DomainType type) {
            this.id = id;
            this.type = type;
        }
    }

    private Executor(Plan plan) {
        this.plan = plan;
        plan.iommus().forEach(i -> iommus.put(i.id(), i));
        plan.masters().forEach(m -> masters.put(m.id(), m));
        this.smmu = new SmmuFamily(plan, new SimulatedMemory(), events);
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

    /**
     * One transaction (SID, IOVA, read or write) through IOMMU {@code iommu} after the run: the PA, or
     * the fault the hardware raises. Only register-level models translate; null for the others.
     */
    public dev.iommuc.runtime.smmu.Translation translate(String iommu, int sid, long iova, boolean write) {
        if (!smmu.owns(iommu)) {
            return null;
        }
        smmu.defaultDomains();
        return smmu.smmu(iommu).translate(sid, iova, write);
    }

    private void apply(Operation op) {
        if (op instanceof Operation.Probe p) {
            probed.add(p.iommu());
            if (smmu.owns(p.iommu())) {
                smmu.probe(p.iommu());
            }
        } else if (op instanceof Operation.AddDevice a) {
            PlanMaster m = masters.get(a.master());
            if (smmu.owns(m)) {
                smmu.addDevice(m);
            } else {
                addDevice(m);
            }
        } else if (op instanceof Operation.Attach a) {
            PlanMaster m = masters.get(a.master());
            if (smmu.owns(m)) {
                smmu.attach(a.domain(), m);
            } else {
                attach(a.domain(), a.master());
            }
        } else if (op instanceof Operation.MapBuffer m) {
            if (!smmu.map(plan.workload().get(m.buffer()))) {
                events.add(new RunResult.Event("note", "runtime-generic", plan.workload().get(m.buffer()).domain(),
                        "buffer " + m.buffer() + " not mapped: no page-table model for this IOMMU family yet"));
            }
        }
    }

    /** iommu_probe_device: the group the driver puts the master in, then the group's default domain. */
    private void addDevice(PlanMaster m) {
        List<String> its = iommusOf(m);
        if (its.isEmpty() || !probed.containsAll(its)) {
            events.add(new RunResult.Event("error", "runtime-iommu-not-probed", m.id(),
                    "master's IOMMU was not probed; the device has no IOMMU"));
            return;
        }
        PlanIommu first = iommus.get(its.get(0));
        // rockchip-iommu: one group per IOMMU instance (rk_iommu device_group); others: one per device
        String key = "rockchip".equals(first.impl()) ? "iommu:" + first.id() : "master:" + m.id();
        Group g = groups.computeIfAbsent(key, k -> new Group("g" + groups.size()));
        g.iommus.addAll(its);
        g.members.add(m.id());
        groupOfMaster.put(m.id(), g);
        if (g.defaultDomain == null) {
            g.defaultDomain = defaultDomain(m, its, g).id;
        }
        domains.get(g.defaultDomain).iommus.addAll(its);
        domainOfMaster.put(m.id(), g.defaultDomain);
    }

    private Dom defaultDomain(PlanMaster m, List<String> its, Group g) {
        DomainType type = m.requested() != null ? m.requested() : plan.kernel().defaultDomain();
        if (plan.sharing().equals("herd")) {
            for (PlanDomain d : plan.domains()) {
                if (d.name().startsWith("herd:") && d.masters().contains(m.id())) {
                    return domains.computeIfAbsent(d.name(), k -> new Dom(k, DomainType.DMA));
                }
            }
        }
        if (plan.sharing().equals("per-iommu") && type == DomainType.DMA) {
            return domains.computeIfAbsent("iommu:" + its.get(0), k -> new Dom(k, DomainType.DMA));
        }
        return domains.computeIfAbsent("d" + domains.size(), k -> new Dom(k, type));
    }

    private void attach(String domain, String master) {
        PlanMaster m = masters.get(master);
        Dom d = domains.computeIfAbsent(domain, k -> new Dom(k, DomainType.UNMANAGED));
        List<String> its = iommusOf(m);
        for (String i : its) {
            for (String other : d.iommus) {
                if (!iommus.get(other).family().equals(iommus.get(i).family())) {
                    events.add(new RunResult.Event("error", "runtime-attach-mixed-families", master,
                            "domain " + domain + " belongs to another IOMMU driver"));
                    return;
                }
            }
        }
        d.iommus.addAll(its);
        domainOfMaster.put(master, domain);
    }

    /** The report's model name (SPEC §5: arm-smmu-v2, arm-smmu-v3, apple-dart, generic). */
    static String model(PlanIommu i) {
        return switch (i.family()) {
            case ARM_SMMU -> i.version() != null && i.version().startsWith("smmu-v1") ? "arm-smmu-v1" : "arm-smmu-v2";
            case ARM_SMMU_V3 -> "arm-smmu-v3";
            case APPLE_DART -> "apple-dart";
            case GENERIC -> "generic";
        };
    }

    private static List<String> iommusOf(PlanMaster m) {
        Set<String> out = new LinkedHashSet<>();
        for (PlanStream s : m.streams()) {
            out.add(s.iommu());
        }
        return new ArrayList<>(out);
    }

    public RunResult result() {
        return new ResultBuilder(plan, smmu.snapshots(), this::genericState).build(events);
    }

    /** The generic part's state, for {@link ResultBuilder}: group and domain keys per master. */
    GenericState genericState() {
        Map<String, String> groupOf = new LinkedHashMap<>();
        Map<String, List<String>> groupIommus = new LinkedHashMap<>();
        Map<String, String> groupDefault = new LinkedHashMap<>();
        for (Map.Entry<String, Group> e : groupOfMaster.entrySet()) {
            groupOf.put(e.getKey(), e.getValue().id);
            groupIommus.put(e.getValue().id, new ArrayList<>(e.getValue().iommus));
            groupDefault.put(e.getValue().id, e.getValue().defaultDomain);
        }
        Map<String, String> domainType = new LinkedHashMap<>();
        Map<String, List<String>> domainIommus = new LinkedHashMap<>();
        for (Dom d : domains.values()) {
            domainType.put(d.id, d.type.name().toLowerCase(Locale.ROOT));
            domainIommus.put(d.id, new ArrayList<>(d.iommus));
        }
        return new GenericState(groupOf, groupIommus, groupDefault, new LinkedHashMap<>(domainOfMaster), domainType,
                domainIommus, new LinkedHashSet<>(probed));
    }

    /** Snapshot of the generic model (keys are internal until {@link ResultBuilder} names them). */
    record GenericState(Map<String, String> groupOf, Map<String, List<String>> groupIommus,
                        Map<String, String> groupDefault, Map<String, String> domainOf,
                        Map<String, String> domainType, Map<String, List<String>> domainIommus, Set<String> probed) {
    }

}
