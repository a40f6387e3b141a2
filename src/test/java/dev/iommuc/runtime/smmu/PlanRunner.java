package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal executor for the SMMUv1/v2 part of a plan, as the real one is expected to drive
 * {@link ArmSmmu}: probe, add-device per master in plan order, drivers' attaches (with Adreno
 * per-process tables), workload maps. Results are collected, never thrown.
 */
final class PlanRunner {

    final Map<String, ArmSmmu> smmus = new LinkedHashMap<>();
    final Map<String, Result> probes = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final Map<String, PlanDomain> planDomains = new LinkedHashMap<>();
    private final Map<String, SmmuDomain> domains = new LinkedHashMap<>();
    private final Plan plan;

    PlanRunner(Plan plan, PageTableAllocator tables) {
        this.plan = plan;
        plan.masters().forEach(m -> masters.put(m.id(), m));
        plan.domains().forEach(d -> planDomains.put(d.name(), d));
        SmmuSystem system = new SmmuSystem();
        for (PlanIommu p : plan.iommus()) {
            if (p.family() == IommuFamily.ARM_SMMU) {
                smmus.put(p.id(), system.create(p, plan.kernel(), tables));
            }
        }
    }

    PlanRunner run() {
        for (Operation op : plan.operations()) {
            if (op instanceof Operation.Probe p) {
                ArmSmmu s = smmus.get(p.iommu());
                if (s != null) {
                    probes.put(p.iommu(), s.probe());
                }
            } else if (op instanceof Operation.AddDevice a) {
                PlanMaster m = masters.get(a.master());
                for (ArmSmmu s : smmusOf(m)) {
                    Result r = s.addDevice(m);
                    if (!r.isOk()) {
                        failures.add("add " + m.id() + ": " + r);
                    }
                }
            } else if (op instanceof Operation.Attach a) {
                attach(planDomains.get(a.domain()), masters.get(a.master()));
            } else if (op instanceof Operation.MapBuffer mb) {
                map(plan.workload().get(mb.buffer()));
            }
        }
        smmus.values().forEach(s -> s.setupDefaultDomains().forEach((k, r) -> {
            if (!r.isOk()) {
                failures.add("default domain " + k + ": " + r);
            }
        }));
        return this;
    }

    List<ArmSmmu> smmusOf(PlanMaster m) {
        List<ArmSmmu> out = new ArrayList<>();
        for (PlanStream st : m.streams()) {
            ArmSmmu s = smmus.get(st.iommu());
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private void attach(PlanDomain pd, PlanMaster m) {
        List<ArmSmmu> on = smmusOf(m);
        if (on.isEmpty()) {
            return;
        }
        ArmSmmu s = on.get(0);
        SmmuDomain d = domains.computeIfAbsent(pd.name(), n -> SmmuDomain.alloc(n, pd.type()));
        Result r = s.attach(d, m.id());
        if (!r.isOk()) {
            failures.add("attach " + pd.name() + " " + m.id() + ": " + r);
            return;
        }
        for (int i = 0; i < pd.splitProcesses(); i++) {
            Result p = MsmGpuTables.createProcessTable(s, m.id());
            if (!p.isOk()) {
                failures.add("process table " + pd.name() + ": " + p);
                break;
            }
        }
    }

    private void map(PlanBuffer b) {
        SmmuDomain d;
        if (b.domain() != null) {
            d = domains.get(b.domain());
        } else {
            PlanMaster m = masters.get(b.master());
            List<ArmSmmu> on = smmusOf(m);
            d = on.isEmpty() ? null : on.get(0).domainOf(m.id());
        }
        if (d == null) {
            return;
        }
        long pa = b.phys() != null ? b.phys() : b.iova();
        int prot = Prot.parse(b.prot());
        Result r = b.process() != null ? d.mapProcess(b.process(), b.iova(), pa, b.size(), prot)
                : d.map(b.iova(), pa, b.size(), prot);
        if (!r.isOk()) {
            failures.add("map " + b + ": " + r);
        }
    }
}
