package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.dart.AppleDart;
import dev.iommuc.runtime.dart.DartDomain;
import dev.iommuc.runtime.dart.DartResult;
import dev.iommuc.runtime.dart.DartState;
import dev.iommuc.runtime.dart.DartSystem;
import dev.iommuc.runtime.dart.DartTranslation;
import dev.iommuc.runtime.dart.DartVariant;
import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Apple DART part of a run: the register-level model of {@code runtime.dart} driven in plan order
 * (probe; add each device, which groups it and attaches its group's default domain at once; drivers'
 * attaches; workload maps). Groups and domains span DARTs (a master behind two DARTs shares one table),
 * so their keys are per family, not per instance.
 */
final class DartFamily implements FamilyModel {

    private final Plan plan;
    private final DartSystem system;
    private final Map<String, AppleDart> darts = new LinkedHashMap<>();
    /** Drivers' own domains and herds' domains, by plan name. */
    private final Map<String, DartDomain> driverDomains = new LinkedHashMap<>();
    /** per-iommu sharing: each DART's one DMA domain, by DART id. */
    private final Map<String, DartDomain> perIommu = new LinkedHashMap<>();
    private final Map<String, PlanMaster> masters = new LinkedHashMap<>();
    private final List<RunResult.Event> events;

    DartFamily(Plan plan, PhysMemory mem, List<RunResult.Event> events) {
        this.plan = plan;
        this.events = events;
        this.system = new DartSystem(plan.kernel(), mem);
        for (PlanIommu p : plan.iommus()) {
            if (p.family() == IommuFamily.APPLE_DART && DartVariant.of(p.impl()) != null) {
                darts.put(p.id(), system.create(p));
            }
        }
        system.shareDefaultDomains(this::shared);
    }

    /**
     * SPEC §3 sharing beyond Linux's domain per group: the herd's domain for a herded master, or the
     * first DART's one DMA domain (per-iommu; the core sees a master through its first DART, A.8). A herd
     * over several DARTs is one table written into each of them (A.8); DartPaging refuses a DART whose
     * io-pgtable format differs from the one the table was built for.
     */
    private DartDomain shared(String master, AppleDart first) {
        Sharing sharing = new Sharing(plan);
        if (sharing.herds()) {
            String herd = sharing.herdOf(master);
            return herd == null ? null : driverDomains.computeIfAbsent(herd, DartDomain::shared);
        }
        if (sharing.perIommu()) {
            return perIommu.computeIfAbsent(first.id(), id -> DartDomain.shared("shared-" + id));
        }
        return null;
    }

    @Override
    public boolean owns(String iommu) {
        return darts.containsKey(iommu);
    }

    @Override
    public void probe(String iommu) {
        report(iommu, "probe", darts.get(iommu).probe());
    }

    @Override
    public void addDevice(PlanMaster m) {
        // the DART driver sees only the streams on DARTs (iommu_fwspec holds one driver's IDs)
        List<PlanStream> mine = m.streams().stream().filter(s -> owns(s.iommu())).toList();
        PlanMaster pm = new PlanMaster(m.id(), m.label(), m.compatible(), mine, m.requested(), m.reason(),
                m.pasidBits(), m.noIommu());
        masters.put(m.id(), pm);
        DartResult r = system.addDevice(pm);
        report(m.id(), "add-device", r);
        String herd = new Sharing(plan).herdOf(m.id());
        DartDomain now = system.domainOf(m.id());
        if (herd != null && r.isOk() && now != null && now != driverDomains.get(herd)) {
            // the driver's default-domain type wins (A.6): a forced-bypass master stays out of its herd
            events.add(new RunResult.Event("warning", "dart-herd-not-joined", m.id(), "herd " + herd
                    + ": the master's default domain is " + now.type().name().toLowerCase(Locale.ROOT)
                    + ", not the herd's DMA domain"));
        }
    }

    @Override
    public void attach(PlanDomain pd, PlanMaster m) {
        DartDomain d = driverDomains.computeIfAbsent(pd.name(), n -> new DartDomain(n, pd.type()));
        report(m.id(), "attach " + pd.name(), system.attach(d, m.id()));
    }

    @Override
    public boolean map(PlanBuffer b) {
        DartDomain d = b.domain() != null ? driverDomains.get(b.domain())
                : masters.containsKey(b.master()) ? system.domainOf(b.master()) : null;
        if (d == null) {
            return false;
        }
        int before = d.warnings().size();
        long pa = b.phys();
        String who = b.domain() != null ? b.domain() : b.master();
        report(who, "map", d.map(b.iova(), pa, b.size(), Prot.parse(b.prot())));
        for (String w : d.warnings().subList(before, d.warnings().size())) {
            events.add(new RunResult.Event("warning", "dart-dead-mapping", who, w));
        }
        return true;
    }

    @Override
    public Transaction translate(Transaction.Request q) {
        AppleDart d = darts.get(q.iommu());
        if (d == null) {
            return null;
        }
        DartTranslation t = d.translate((int) q.sid(), q.iova(), q.write());
        return switch (t.outcome()) {
            case TRANSLATED -> new Transaction("translated", t.pa(), null, t.detail());
            case BYPASS -> new Transaction("bypass", t.pa(), null, t.detail());
            case BLOCKED -> new Transaction("fault", 0, "blocked", t.detail());
            case FAULT -> new Transaction("fault", 0, t.fault().name().toLowerCase(Locale.ROOT),
                    String.format("%s; ERROR = 0x%08x", t.detail(), t.error()));
        };
    }

    /** DART streams as stream-map entries (index = SID), groups and domains keyed across DARTs. */
    @Override
    public FamilyState state() {
        Map<String, FamilyState.Iommu> its = new LinkedHashMap<>();
        Map<String, List<String>> groupIommus = new LinkedHashMap<>();
        Map<String, DartState.Group> groupInfo = new LinkedHashMap<>();
        Map<String, FamilyState.Domain> domains = new LinkedHashMap<>();
        for (AppleDart dart : darts.values()) {
            DartState s = dart.snapshot();
            List<IommuState.StreamEntry> sm = new ArrayList<>();
            for (DartState.Stream st : s.streams()) {
                sm.add(new IommuState.StreamEntry(st.sid(), st.sid(), 0, st.type(), null, groupKey(st.group()),
                        st.registers()));
            }
            its.put(dart.id(), new FamilyState.Iommu("register", s.probed(), sm, List.of(), s.globals()));
            for (DartState.Group g : s.groups()) {
                groupIommus.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(dart.id());
                groupInfo.putIfAbsent(g.id(), g);
            }
            for (DartState.Domain d : s.domains()) {
                domains.putIfAbsent(domainKey(d.name()), new FamilyState.Domain(
                        d.type().name().toLowerCase(Locale.ROOT), d.darts(), null, pagetable(d)));
            }
        }
        Map<String, FamilyState.Group> groups = new LinkedHashMap<>();
        Map<String, String> masterGroup = new LinkedHashMap<>();
        Map<String, String> masterDomain = new LinkedHashMap<>();
        for (String id : masters.keySet()) {
            String g = system.groupOf(id);
            if (g != null) {
                masterGroup.put(id, groupKey(g));
                DartDomain d = system.domainOf(id);
                masterDomain.put(id, d == null ? null : domainKey(d.name()));
            }
        }
        groupInfo.forEach((id, g) -> groups.put(groupKey(id), new FamilyState.Group(groupIommus.get(id),
                members(id), domainKey(g.defaultDomain()))));
        return new FamilyState(its, masterGroup, masterDomain, groups, domains);
    }

    /** A group's members in join order (every master added to it, whichever DART). */
    private List<String> members(String group) {
        List<String> out = new ArrayList<>();
        masters.keySet().forEach(id -> {
            if (group.equals(system.groupOf(id))) {
                out.add(id);
            }
        });
        return out;
    }

    private static String groupKey(String g) {
        return g == null ? null : "dart:" + g;
    }

    /** Drivers' domains keep their plan names; default domains are keyed per family. */
    private String domainKey(String name) {
        if (name == null) {
            return null;
        }
        return driverDomains.containsKey(name) ? name : "dart:" + name;
    }

    private static DomainState.PageTableState pagetable(DartState.Domain d) {
        TableLayout t = d.pagetable();
        if (t == null) {
            return null;
        }
        String format = "APPLE_DART2".equals(d.format()) ? "apple-dart2" : "apple-dart";
        return new DomainState.PageTableState(format, t.granule(), t.ias(), t.oas(), t.levels(), t.startLevel(),
                t.pgdBytes(), List.of(String.format("0x0-0x%x", d.apertureEnd())), t.tablesPerLevel(),
                t.tableBytes());
    }

    private void report(String node, String what, DartResult r) {
        if (!r.isOk()) {
            FamilyModel.driverError(events, "dart", node, what, r.errno().name(), r.message());
        }
    }
}
