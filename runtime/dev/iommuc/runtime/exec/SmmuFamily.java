package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;
import dev.iommuc.runtime.smmu.ArmSmmu;
import dev.iommuc.runtime.smmu.MsmGpuTables;
import dev.iommuc.runtime.smmu.Result;
import dev.iommuc.runtime.smmu.SmmuDomain;
import dev.iommuc.runtime.smmu.SmmuState;
import dev.iommuc.runtime.smmu.SmmuSystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMMUv1/v2 part of a run: the register-level instances of {@code runtime.smmu}, driven in plan
 * order as Linux 6.12 drives them (probe; add every device, then set up the groups' default domains
 * — 6.12 does that once an IOMMU's devices are grouped; drivers' attaches; workload maps).
 */
final class SmmuFamily {

    private final Plan plan;
    private final Map<String, ArmSmmu> smmus = new LinkedHashMap<>();
    private final Map<String, PlanDomain> planDomains = new LinkedHashMap<>();
    private final Map<String, SmmuDomain> driverDomains = new LinkedHashMap<>();
    private final List<RunResult.Event> events;
    private boolean defaultsDone;

    SmmuFamily(Plan plan, PhysMemory mem, List<RunResult.Event> events) {
        this.plan = plan;
        this.events = events;
        plan.domains().forEach(d -> planDomains.put(d.name(), d));
        SmmuSystem system = new SmmuSystem();
        for (PlanIommu p : plan.iommus()) {
            if (p.family() == IommuFamily.ARM_SMMU) {
                smmus.put(p.id(), system.create(p, plan.kernel(), cfg -> PageTables.alloc(cfg, mem)));
            }
        }
    }

    boolean owns(String iommu) {
        return smmus.containsKey(iommu);
    }

    boolean owns(PlanMaster m) {
        return !smmusOf(m).isEmpty();
    }

    ArmSmmu smmu(String id) {
        return smmus.get(id);
    }

    void probe(String iommu) {
        report(iommu, "probe", smmus.get(iommu).probe());
    }

    void addDevice(PlanMaster m) {
        for (ArmSmmu s : smmusOf(m)) {
            report(m.id(), "add-device", s.addDevice(m));
        }
    }

    /** Default domains for every group, once all devices are added (before the first driver attach). */
    void defaultDomains() {
        if (defaultsDone) {
            return;
        }
        defaultsDone = true;
        for (ArmSmmu s : smmus.values()) {
            if (s.probed()) {
                s.setupDefaultDomains().forEach((k, r) -> report(k, "default-domain", r));
            }
        }
    }

    void attach(String domain, PlanMaster m) {
        defaultDomains();
        List<ArmSmmu> on = smmusOf(m);
        if (on.isEmpty()) {
            return;
        }
        PlanDomain pd = planDomains.get(domain);
        SmmuDomain d = driverDomains.computeIfAbsent(domain, n -> SmmuDomain.alloc(n, pd.type()));
        Result r = on.get(0).attach(d, m.id());
        report(m.id(), "attach " + domain, r);
        if (!r.isOk()) {
            return;
        }
        // drm/msm: one per-process TTBR0 table per GPU context (reference/arm-smmu-v2.md §5.6)
        for (int i = 0; i < pd.splitProcesses(); i++) {
            Result p = MsmGpuTables.createProcessTable(on.get(0), m.id());
            report(m.id(), "per-process table", p);
            if (!p.isOk()) {
                break;
            }
        }
    }

    /** Maps a buffer if its domain lives on an SMMU; false when it belongs to another family. */
    boolean map(PlanBuffer b) {
        defaultDomains();
        SmmuDomain d = null;
        if (b.domain() != null) {
            d = driverDomains.get(b.domain());
        } else {
            for (PlanMaster m : plan.masters()) {
                if (m.id().equals(b.master()) && !smmusOf(m).isEmpty()) {
                    d = smmusOf(m).get(0).domainOf(m.id());
                }
            }
        }
        if (d == null) {
            return false;
        }
        long pa = b.phys() != null ? b.phys() : b.iova();
        int prot = Prot.parse(b.prot());
        Result r = b.process() != null ? d.mapProcess(b.process(), b.iova(), pa, b.size(), prot)
                : d.map(b.iova(), pa, b.size(), prot);
        report(b.domain() != null ? b.domain() : b.master(), "map", r);
        return true;
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

    Map<String, SmmuState> snapshots() {
        defaultDomains();
        Map<String, SmmuState> out = new LinkedHashMap<>();
        smmus.forEach((id, s) -> out.put(id, s.snapshot()));
        return out;
    }

    private void report(String node, String what, Result r) {
        if (!r.isOk()) {
            events.add(new RunResult.Event("error", "smmu-" + r.errno().name().toLowerCase(java.util.Locale.ROOT),
                    node, what + ": " + r.message()));
        }
    }
}
