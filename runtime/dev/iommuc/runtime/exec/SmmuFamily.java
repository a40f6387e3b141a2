package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.smmu.ArmSmmu;
import dev.iommuc.runtime.smmu.MsmGpuTables;
import dev.iommuc.runtime.smmu.Result;
import dev.iommuc.runtime.smmu.SmmuDomain;
import dev.iommuc.runtime.smmu.SmmuState;
import dev.iommuc.runtime.smmu.SmmuSystem;
import dev.iommuc.runtime.smmu.S2crType;
import dev.iommuc.runtime.smmu.Translation;
import dev.iommuc.runtime.pgtable.TableLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMMUv1/v2 part of a run: the register-level instances of {@code runtime.smmu}, driven in plan
 * order as Linux 6.12 drives them (probe; add every device, then set up the groups' default domains
 * — 6.12 does that once an IOMMU's devices are grouped; drivers' attaches; workload maps).
 */
final class SmmuFamily implements FamilyModel {

    private final Plan plan;
    private final Map<String, ArmSmmu> smmus = new LinkedHashMap<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final Map<String, SmmuDomain> driverDomains = new LinkedHashMap<>();
    private final Map<String, SmmuDomain> perIommu = new LinkedHashMap<>();
    private final List<RunResult.Event> events;
    private boolean defaultsDone;

    SmmuFamily(Plan plan, PhysMemory mem, List<RunResult.Event> events) {
        this.plan = plan;
        this.events = events;
        plan.masters().forEach(m -> masters.put(m.id(), m));
        SmmuSystem system = new SmmuSystem();
        for (PlanIommu p : plan.iommus()) {
            if (p.family() == IommuFamily.ARM_SMMU) {
                smmus.put(p.id(), system.create(p, plan.kernel(), cfg -> PageTables.alloc(cfg, mem)));
            }
        }
        smmus.values().forEach(s -> s.shareDefaultDomains(devices -> shared(s, devices)));
    }

    /**
     * SPEC §3 sharing beyond Linux's domain per group: a herd's domain for a group holding one of its
     * masters, or the instance's one DMA domain. arm-smmu binds a domain to one SMMU, so a herd spanning
     * instances meets the driver's -EINVAL on the second (arm_smmu_attach_dev, §6.1).
     */
    private SmmuDomain shared(ArmSmmu s, List<String> devices) {
        Sharing sharing = new Sharing(plan);
        String herd = sharing.herdOf(devices);
        if (herd != null) {
            return driverDomains.computeIfAbsent(herd, n -> SmmuDomain.alloc(n, DomainType.DMA));
        } else if (sharing.perIommu()) {
            return perIommu.computeIfAbsent(s.id(), id -> SmmuDomain.alloc("shared", DomainType.DMA));
        }
        return null;
    }

    @Override
    public boolean owns(String iommu) {
        return smmus.containsKey(iommu);
    }

    @Override
    public void probe(String iommu) {
        report(iommu, "probe", smmus.get(iommu).probe());
    }

    @Override
    public void addDevice(PlanMaster m) {
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

    @Override
    public void attach(PlanDomain pd, PlanMaster m) {
        defaultDomains();
        List<ArmSmmu> on = smmusOf(m);
        if (on.isEmpty()) {
            return;
        }
        String domain = pd.name();
        SmmuDomain d = driverDomains.computeIfAbsent(domain, n -> SmmuDomain.alloc(n, pd.type()));
        Result r = on.get(0).attach(d, m.id());
        report(m.id(), "attach " + domain, r);
        if (!r.isOk()) {
            return;
        }
        // drm/msm: one per-process TTBR0 table per GPU context (reference/arm-smmu-v2.md §5.6)
        for (int i = 0; i < pd.splitProcesses(); i++) {
            Result p = MsmGpuTables.createProcessTable(on.get(0), m.id());
            if (!p.isOk()) {
                // msm_gpu_create_private_address_space (drm/msm, Linux 6.12) falls back to the GPU's global
                // address space when a private one cannot be made: the GPU works, without per-process tables
                events.add(new RunResult.Event("warning", "runtime-gpu-no-process-tables", m.id(),
                        "per-process table " + i + ": " + p.message() + " (" + p.errno().name()
                                + "); drm/msm falls back to the GPU's global address space"));
                break;
            }
        }
    }

    /** Maps a buffer if its domain lives on an SMMU; false when it belongs to another family. */
    @Override
    public boolean map(PlanBuffer b) {
        defaultDomains();
        SmmuDomain d = null;
        if (b.domain() != null) {
            d = driverDomains.get(b.domain());
        } else if (masters.containsKey(b.master()) && !smmusOf(masters.get(b.master())).isEmpty()) {
            d = smmusOf(masters.get(b.master())).get(0).domainOf(b.master());
        }
        if (d == null) {
            return false;
        }
        long pa = b.phys();
        int prot = Prot.parse(b.prot());
        Result r = b.process() != null ? d.mapProcess(b.process(), b.iova(), pa, b.size(), prot)
                : d.map(b.iova(), pa, b.size(), prot);
        report(b.domain() != null ? b.domain() : b.master(), "map", r);
        return true;
    }

    private List<ArmSmmu> smmusOf(PlanMaster m) {
        return FamilyModel.instancesOf(m, smmus);
    }

    @Override
    public Transaction translate(Transaction.Request q) {
        ArmSmmu s = smmus.get(q.iommu());
        if (s == null) {
            return null;
        }
        defaultDomains();
        Translation t = s.translate((int) q.sid(), q.iova(), q.write());
        String outcome = switch (t.outcome()) {
            case TRANSLATED -> "translated";
            case BYPASS -> "bypass";
            case GLOBAL_FAULT, CONTEXT_FAULT -> "fault";
        };
        return new Transaction(outcome, t.pa(), t.fault() == null ? null : t.fault().name().toLowerCase(Locale.ROOT),
                t.detail());
    }

    /** The SMMUs' snapshots in report form; groups and default domains keyed per instance. */
    @Override
    public FamilyState state() {
        defaultDomains();
        Map<String, FamilyState.Iommu> its = new LinkedHashMap<>();
        Map<String, String> masterGroup = new LinkedHashMap<>();
        Map<String, String> masterDomain = new LinkedHashMap<>();
        Map<String, FamilyState.Group> groups = new LinkedHashMap<>();
        Map<String, FamilyState.Domain> domains = new LinkedHashMap<>();
        for (Map.Entry<String, ArmSmmu> e : smmus.entrySet()) {
            String id = e.getKey();
            SmmuState s = e.getValue().snapshot();
            List<IommuState.StreamEntry> sm = new ArrayList<>();
            for (SmmuState.Sme x : s.streamMap()) {
                if (!x.valid() && x.count() == 0) {
                    continue;
                }
                boolean trans = x.type() == S2crType.TRANS;
                Map<String, Long> regs = new LinkedHashMap<>();
                regs.put("smr", x.smr());
                regs.put("s2cr", x.s2cr());
                sm.add(new IommuState.StreamEntry(x.index(), x.id(), x.mask(), x.type().name().toLowerCase(Locale.ROOT),
                        trans ? x.cbndx() : null, x.group() == null ? null : key(id, x.group()), regs));
            }
            List<IommuState.ContextBank> cbs = new ArrayList<>();
            for (SmmuState.ContextBank c : s.contextBanks()) {
                if (c.domain() != null) {
                    cbs.add(new IommuState.ContextBank(c.index(), domainKey(id, c.domain()),
                            c.stage() == null ? null : c.stage().name().toLowerCase(Locale.ROOT),
                            c.format() == null ? null : c.format().name().toLowerCase(Locale.ROOT), c.asid(), c.vmid(),
                            c.registers()));
                }
            }
            its.put(id, new FamilyState.Iommu("register", s.probed(), sm, cbs, s.globals()));
            for (SmmuState.Group g : s.groups()) {
                String gk = key(id, g.id());
                groups.put(gk, new FamilyState.Group(List.of(id), g.devices(), domainKey(id, g.defaultDomain())));
                for (String dev : g.devices()) {
                    // a master on several SMMUs is reported with the group of its first stream's SMMU
                    if (id.equals(FamilyModel.iommusOf(masters.get(dev)).get(0))) {
                        masterGroup.put(dev, gk);
                        masterDomain.put(dev, domainKey(id, g.domain()));
                    }
                }
            }
            for (SmmuState.Domain d : s.domains()) {
                String dk = domainKey(id, d.name());
                FamilyState.Domain prev = domains.get(dk);
                List<String> on = new ArrayList<>(prev == null ? List.of() : prev.iommus());
                if (!on.contains(id)) {
                    on.add(id);
                }
                domains.put(dk, new FamilyState.Domain(d.type().name().toLowerCase(Locale.ROOT), on, d.contextBank(),
                        pagetable(d)));
            }
        }
        return new FamilyState(its, masterGroup, masterDomain, groups, domains);
    }

    private static String key(String iommu, String local) {
        return "smmu:" + iommu + ":" + local;
    }

    /** Drivers' domains keep their plan names (they may span instances); the rest are per instance. */
    private String domainKey(String iommu, String name) {
        if (name == null) {
            return null;
        }
        return driverDomains.containsKey(name) ? name : key(iommu, name);
    }

    private static DomainState.PageTableState pagetable(SmmuState.Domain d) {
        TableLayout t = d.pagetable();
        if (t == null) {
            return null;
        }
        String format = d.stage() == SmmuDomain.Stage.S2 ? "arm-lpae-s2" : "arm-lpae-s1";
        List<String> ranges = new ArrayList<>();
        ranges.add(String.format("0x%x-0x%x", d.apertureStart(), d.apertureEnd()));
        long bytes = t.tableBytes();
        // tables per level and bytes count every table of the domain: TTBR1's and each process's TTBR0
        List<Integer> perLevel = new ArrayList<>(t.tablesPerLevel());
        for (int i = 0; i < d.processTables().size(); i++) {
            TableLayout p = d.processTables().get(i);
            ranges.add(String.format("ttbr0 process %d: 0x0-0x%x", i, (1L << p.ias()) - 1));
            bytes += p.tableBytes();
            for (int l = 0; l < perLevel.size() && l < p.tablesPerLevel().size(); l++) {
                perLevel.set(l, perLevel.get(l) + p.tablesPerLevel().get(l));
            }
        }
        return new DomainState.PageTableState(format, t.granule(), t.ias(), t.oas(), t.levels(), t.startLevel(),
                t.pgdBytes(), ranges, perLevel, bytes);
    }

    private void report(String node, String what, Result r) {
        if (!r.isOk()) {
            FamilyModel.driverError(events, "smmu", node, what, r.errno().name(), r.message());
        }
    }
}
