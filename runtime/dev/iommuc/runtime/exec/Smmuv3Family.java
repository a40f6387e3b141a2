package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.smmu.Result;
import dev.iommuc.runtime.smmuv3.Smmuv3;
import dev.iommuc.runtime.smmuv3.Smmuv3State;
import dev.iommuc.runtime.smmuv3.Smmuv3System;
import dev.iommuc.runtime.smmuv3.V3Domain;
import dev.iommuc.runtime.smmuv3.V3Translation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMMUv3 part of a run: the register-level instances of {@code runtime.smmuv3}, driven in plan order
 * as Linux 6.12's arm-smmu-v3 driver is (probe; per master insertion, group and default domain; drivers'
 * domains with their PASID contexts; workload maps). Report mapping: stream-map entries are the STEs in
 * use (index = SID, type abort/bypass/s1-trans/s2-trans, registers ste0..ste3 and any non-zero later word),
 * context banks are the valid CDs (index = SSID, the domain they belong to, ASID, TTB0/TCR/MAIR); per-process
 * contexts are folded into their domain's page-table ranges and bytes, as SmmuFamily does for Adreno's.
 * Sharing (SPEC §3) as on SMMUv1/v2: {@code per-iommu} gives every DMA group of an instance its one DMA
 * domain; {@code herd} gives the groups of a herd's masters the herd's domain ({@code herd:<name>}). A
 * domain is finalised on the first SMMUv3 it is attached through, and Linux 6.12's
 * {@code arm_smmu_attach_dev} refuses it on any other instance ({@code smmu_domain->smmu != smmu}: -EINVAL,
 * nothing logged), so a herd spanning instances loses the masters of the later ones.
 */
final class Smmuv3Family implements FamilyModel {

    private final Map<String, Smmuv3> smmus = new LinkedHashMap<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final Map<String, V3Domain> driverDomains = new LinkedHashMap<>();
    private final Map<String, V3Domain> perIommu = new LinkedHashMap<>();
    private final Plan plan;
    private final List<RunResult.Event> events;

    Smmuv3Family(Plan plan, PhysMemory mem, List<RunResult.Event> events) {
        this.plan = plan;
        this.events = events;
        plan.masters().forEach(m -> masters.put(m.id(), m));
        Smmuv3System system = new Smmuv3System();
        for (PlanIommu p : plan.iommus()) {
            if (p.family() == IommuFamily.ARM_SMMU_V3) {
                smmus.put(p.id(), system.create(p, plan.kernel(), mem, cfg -> PageTables.alloc(cfg, mem)));
            }
        }
        smmus.values().forEach(s -> s.shareDefaultDomains(devices -> shared(s, devices)));
    }

    /** The herd's domain for a group holding one of its masters, or the instance's one DMA domain; else null. */
    private V3Domain shared(Smmuv3 s, List<String> devices) {
        Sharing sharing = new Sharing(plan);
        String herd = sharing.herdOf(devices);
        if (herd != null) {
            return driverDomains.computeIfAbsent(herd, n -> V3Domain.alloc(n, DomainType.DMA));
        } else if (sharing.perIommu()) {
            return perIommu.computeIfAbsent(s.id(), id -> V3Domain.alloc("shared", DomainType.DMA));
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
        for (Smmuv3 s : smmusOf(m)) {
            report(m.id(), "add-device", s.addDevice(m));
        }
    }

    @Override
    public void attach(PlanDomain pd, PlanMaster m) {
        List<Smmuv3> on = smmusOf(m);
        if (on.isEmpty()) {
            return;
        }
        V3Domain d = driverDomains.computeIfAbsent(pd.name(), n -> V3Domain.alloc(n, pd.type()));
        Result r = on.get(0).attach(d, m.id());
        report(m.id(), "attach " + pd.name(), r);
        if (r.isOk() && pd.pasidProcesses() > 0) {
            report(m.id(), "pasid contexts of " + pd.name(), on.get(0).addPasidContexts(d, m.id(), pd.pasidProcesses()));
        }
    }

    @Override
    public boolean map(PlanBuffer b) {
        V3Domain d = null;
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

    @Override
    public Transaction translate(Transaction.Request q) {
        Smmuv3 s = smmus.get(q.iommu());
        if (s == null) {
            return null;
        }
        V3Translation t = s.translate(q.sid(), q.ssid(), q.iova(), q.write());
        String outcome = switch (t.outcome()) {
            case TRANSLATED -> "translated";
            case BYPASS -> "bypass";
            case ABORT, FAULT -> "fault";
        };
        String fault = t.event() != null ? t.event().name().toLowerCase(Locale.ROOT)
                : t.outcome() == V3Translation.Outcome.ABORT ? "abort" : null;
        return new Transaction(outcome, t.pa(), fault, t.detail());
    }

    @Override
    public FamilyState state() {
        Map<String, FamilyState.Iommu> its = new LinkedHashMap<>();
        Map<String, String> masterGroup = new LinkedHashMap<>();
        Map<String, String> masterDomain = new LinkedHashMap<>();
        Map<String, FamilyState.Group> groups = new LinkedHashMap<>();
        Map<String, FamilyState.Domain> domains = new LinkedHashMap<>();
        for (Map.Entry<String, Smmuv3> e : smmus.entrySet()) {
            String id = e.getKey();
            Smmuv3State s = e.getValue().snapshot();
            List<IommuState.StreamEntry> sm = new ArrayList<>();
            for (Smmuv3State.Ste x : s.stes()) {
                Map<String, Long> regs = new LinkedHashMap<>();
                for (int i = 0; i < 8; i++) {
                    if (i < 4 || x.words().get(i) != 0) {
                        regs.put("ste" + i, x.words().get(i));
                    }
                }
                sm.add(new IommuState.StreamEntry((int) x.sid(), x.sid(), 0, x.config(), null, key(id, x.group()),
                        regs));
            }
            List<IommuState.ContextBank> cbs = new ArrayList<>();
            for (Smmuv3State.Cd c : s.cds()) {
                Map<String, Long> regs = new LinkedHashMap<>();
                regs.put("ttbr0", c.ttbr0());
                regs.put("tcr", c.tcr());
                regs.put("mair", c.mair());
                regs.put("cd0", c.words().get(0));
                cbs.add(new IommuState.ContextBank(c.ssid(), domainKey(id, parent(c.domain())), "s1", "aarch64",
                        c.asid(), null, regs, c.master()));
            }
            its.put(id, new FamilyState.Iommu("register", s.probed(), sm, cbs, globals(s)));
            for (Smmuv3State.Group g : s.groups()) {
                String gk = key(id, g.id());
                groups.put(gk, new FamilyState.Group(List.of(id), g.devices(), domainKey(id, g.defaultDomain())));
                for (String dev : g.devices()) {
                    if (id.equals(FamilyModel.iommusOf(masters.get(dev)).get(0))) {
                        masterGroup.put(dev, gk);
                        masterDomain.put(dev, domainKey(id, g.domain()));
                    }
                }
            }
            Map<String, Smmuv3State.Domain> byName = new LinkedHashMap<>();
            s.domains().forEach(d -> byName.put(d.name(), d));
            for (Smmuv3State.Domain d : s.domains()) {
                if (!parent(d.name()).equals(d.name())) {
                    continue; // a PASID context: shown in its domain's table ranges
                }
                String dk = domainKey(id, d.name());
                FamilyState.Domain prev = domains.get(dk);
                List<String> on = new ArrayList<>(prev == null ? List.of() : prev.iommus());
                if (!on.contains(id)) {
                    on.add(id);
                }
                domains.put(dk, new FamilyState.Domain(d.type().name().toLowerCase(Locale.ROOT), on, null,
                        pagetable(d, byName)));
            }
        }
        return new FamilyState(its, masterGroup, masterDomain, groups, domains);
    }

    /**
     * The registers the driver wrote and what it built in memory: ID registers, CR0–CR2, GBPA, STRTAB_BASE and
     * STRTAB_BASE_CFG (B.2, B.3), then the stream table's shape — levels, SIDs covered, L1 descriptors and L2
     * tables (2-level), each L1 descriptor in use ({@code strtab-l1-0x100}: L2PTR | SPAN), bytes — and the
     * masters' CD tables (count, bytes; B.5).
     */
    private static Map<String, Long> globals(Smmuv3State s) {
        Map<String, Long> out = new LinkedHashMap<>(s.registers());
        Smmuv3State.StreamTableInfo t = s.streamTable();
        if (t == null) {
            return out;
        }
        boolean twoLevel = t.l1Entries() > 0;
        out.put("strtab-levels", twoLevel ? 2L : 1L);
        out.put("strtab-sids", t.entries());
        if (twoLevel) {
            out.put("strtab-l1-entries", t.l1Entries());
            out.put("strtab-l2-tables", (long) t.l2Indices().size());
            List<Integer> idx = new ArrayList<>(t.l2Indices());
            List<Long> desc = new ArrayList<>(t.l1Descriptors());
            // by L1 index, not allocation order: the table as it lies in memory
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < idx.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Integer.compare(idx.get(a), idx.get(b)));
            for (int i : order) {
                out.put(String.format("strtab-l1-0x%x", idx.get(i)), desc.get(i));
            }
        }
        out.put("strtab-bytes", t.bytes());
        out.put("cd-tables", (long) s.cdTables().size());
        out.put("cd-bytes", s.cdTables().stream().mapToLong(Smmuv3State.CdTableInfo::bytes).sum());
        return out;
    }

    /** {@code accel/pasid3} → {@code accel}: context domains are named after their domain. */
    private static String parent(String name) {
        int slash = name == null ? -1 : name.lastIndexOf("/pasid");
        return slash < 0 ? name : name.substring(0, slash);
    }

    private static DomainState.PageTableState pagetable(Smmuv3State.Domain d, Map<String, Smmuv3State.Domain> all) {
        TableLayout t = d.pagetable();
        if (t == null) {
            return null;
        }
        String format = d.stage() == V3Domain.Stage.S2 ? "arm-lpae-s2" : "arm-lpae-s1";
        List<String> ranges = new ArrayList<>();
        ranges.add(String.format("0x0-0x%x", (1L << t.ias()) - 1));
        long bytes = t.tableBytes();
        // tables per level and bytes count every table of the domain: SSID 0's and each PASID context's
        List<Integer> perLevel = new ArrayList<>(t.tablesPerLevel());
        for (int i = 0; i < d.contexts().size(); i++) {
            Smmuv3State.Domain c = all.get(d.contexts().get(i));
            if (c == null || c.pagetable() == null) {
                continue;
            }
            TableLayout p = c.pagetable();
            ranges.add(String.format("pasid %d (asid %d): 0x0-0x%x", i + 1, c.asid(), (1L << p.ias()) - 1));
            bytes += p.tableBytes();
            for (int l = 0; l < perLevel.size() && l < p.tablesPerLevel().size(); l++) {
                perLevel.set(l, perLevel.get(l) + p.tablesPerLevel().get(l));
            }
        }
        return new DomainState.PageTableState(format, t.granule(), t.ias(), t.oas(), t.levels(), t.startLevel(),
                t.pgdBytes(), ranges, perLevel, bytes);
    }

    private static String key(String iommu, String local) {
        return local == null ? null : "smmuv3:" + iommu + ":" + local;
    }

    /** Drivers' domains keep their plan names; default domains are per instance. */
    private String domainKey(String iommu, String name) {
        if (name == null) {
            return null;
        }
        return driverDomains.containsKey(name) ? name : key(iommu, name);
    }

    private List<Smmuv3> smmusOf(PlanMaster m) {
        return FamilyModel.instancesOf(m, smmus);
    }

    private void report(String node, String what, Result r) {
        if (!r.isOk()) {
            FamilyModel.driverError(events, "smmuv3", node, what, r.errno().name(), r.message());
        }
    }
}
