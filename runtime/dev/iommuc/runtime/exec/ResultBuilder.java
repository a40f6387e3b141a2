package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;
import dev.iommuc.runtime.smmu.S2crType;
import dev.iommuc.runtime.smmu.SmmuDomain;
import dev.iommuc.runtime.smmu.SmmuState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Merges the SMMU snapshots and the generic model into one {@link RunResult}. Groups and default
 * domains get report names ({@code g0}, {@code d0}, …) in the order the plan's masters first reach
 * them, so names are stable whatever the families; drivers' domains keep their plan names.
 */
final class ResultBuilder {

    private final Plan plan;
    private final Map<String, SmmuState> snaps;
    private final Executor.GenericState gen;
    private final Map<String, String> groupName = new LinkedHashMap<>();
    private final Map<String, String> domainName = new LinkedHashMap<>();
    private final Set<String> planDomains = new LinkedHashSet<>();
    private int groups;
    private int domains;

    ResultBuilder(Plan plan, Map<String, SmmuState> snaps, Supplier<Executor.GenericState> gen) {
        this.plan = plan;
        this.snaps = snaps;
        this.gen = gen.get();
        plan.domains().forEach(d -> planDomains.add(d.name()));
    }

    private String group(String key) {
        return groupName.computeIfAbsent(key, k -> "g" + groups++);
    }

    private String domain(String key, String rawName) {
        if (rawName == null) {
            return null;
        }
        if (planDomains.contains(rawName)) {
            return rawName;
        }
        return domainName.computeIfAbsent(key, k -> "d" + domains++);
    }

    private static String smmuKey(String iommu, String local) {
        return "smmu:" + iommu + ":" + local;
    }

    RunResult build(List<RunResult.Event> events) {
        Map<String, String> masterGroup = new LinkedHashMap<>();
        Map<String, String> masterDomain = new LinkedHashMap<>();
        Map<String, GroupState> groupStates = new LinkedHashMap<>();
        for (PlanMaster m : plan.masters()) {
            String first = m.streams().isEmpty() ? null : m.streams().get(0).iommu();
            SmmuState snap = first == null ? null : snaps.get(first);
            if (snap != null) {
                for (SmmuState.Group g : snap.groups()) {
                    if (g.devices().contains(m.id())) {
                        String gname = group(smmuKey(first, g.id()));
                        masterGroup.put(m.id(), gname);
                        masterDomain.put(m.id(), domain(smmuKey(first, g.domain()), g.domain()));
                        String dflt = domain(smmuKey(first, g.defaultDomain()), g.defaultDomain());
                        groupStates.putIfAbsent(gname, new GroupState(gname, List.of(first), g.devices(), dflt));
                    }
                }
            } else if (gen.groupOf().containsKey(m.id())) {
                String gkey = gen.groupOf().get(m.id());
                String gname = group("gen:" + gkey);
                masterGroup.put(m.id(), gname);
                String dkey = gen.domainOf().get(m.id());
                masterDomain.put(m.id(), domain("gen:" + dkey, dkey));
                String dflt = domain("gen:" + gen.groupDefault().get(gkey), gen.groupDefault().get(gkey));
                List<String> members = new ArrayList<>();
                gen.groupOf().forEach((mm, gg) -> {
                    if (gg.equals(gkey)) {
                        members.add(mm);
                    }
                });
                groupStates.putIfAbsent(gname, new GroupState(gname, gen.groupIommus().get(gkey), members, dflt));
            }
        }
        return new RunResult(iommus(), masters(masterGroup, masterDomain), new ArrayList<>(groupStates.values()),
                domainStates(), events);
    }

    private List<IommuState> iommus() {
        List<IommuState> out = new ArrayList<>();
        for (PlanIommu i : plan.iommus()) {
            SmmuState s = snaps.get(i.id());
            if (s == null) {
                String status = !i.enabled() ? "disabled" : gen.probed().contains(i.id()) ? "okay" : "probe-failed";
                out.add(new IommuState(i.id(), i.label(), i.compatible(), Executor.model(i), i.impl(), "generic",
                        status, i.params(), List.of(), List.of()));
                continue;
            }
            String status = !i.enabled() ? "disabled" : s.probed() ? "okay" : "probe-failed";
            List<IommuState.StreamEntry> sm = new ArrayList<>();
            for (SmmuState.Sme e : s.streamMap()) {
                if (!e.valid() && e.count() == 0) {
                    continue;
                }
                boolean trans = e.type() == S2crType.TRANS;
                Map<String, Long> regs = new LinkedHashMap<>();
                regs.put("smr", e.smr());
                regs.put("s2cr", e.s2cr());
                sm.add(new IommuState.StreamEntry(e.index(), e.id(), e.mask(), e.type().name().toLowerCase(Locale.ROOT),
                        trans ? e.cbndx() : null, e.group() == null ? null : groupName.get(smmuKey(i.id(), e.group())),
                        regs));
            }
            List<IommuState.ContextBank> cbs = new ArrayList<>();
            for (SmmuState.ContextBank c : s.contextBanks()) {
                if (c.domain() == null) {
                    continue;
                }
                cbs.add(new IommuState.ContextBank(c.index(), domain(smmuKey(i.id(), c.domain()), c.domain()),
                        c.stage() == null ? null : c.stage().name().toLowerCase(Locale.ROOT),
                        c.format() == null ? null : c.format().name().toLowerCase(Locale.ROOT), c.asid(), c.vmid(),
                        c.registers()));
            }
            out.add(new IommuState(i.id(), i.label(), i.compatible(), Executor.model(i), i.impl(), "register", status,
                    i.params(), sm, cbs));
        }
        return out;
    }

    private List<MasterState> masters(Map<String, String> group, Map<String, String> domain) {
        List<MasterState> out = new ArrayList<>();
        for (PlanMaster m : plan.masters()) {
            Set<String> its = new LinkedHashSet<>();
            for (PlanStream s : m.streams()) {
                its.add(s.iommu());
            }
            out.add(new MasterState(m.id(), m.compatible(), new ArrayList<>(its), m.streams(), group.get(m.id()),
                    domain.get(m.id()), m.noIommu()));
        }
        return out;
    }

    private List<DomainState> domainStates() {
        Map<String, DomainState> out = new LinkedHashMap<>();
        for (Map.Entry<String, SmmuState> e : snaps.entrySet()) {
            for (SmmuState.Domain d : e.getValue().domains()) {
                String name = domain(smmuKey(e.getKey(), d.name()), d.name());
                DomainState prev = out.get(name);
                List<String> iommus = new ArrayList<>(prev == null ? List.of() : prev.iommus());
                if (!iommus.contains(e.getKey())) {
                    iommus.add(e.getKey());
                }
                out.put(name, new DomainState(name, d.type().name().toLowerCase(Locale.ROOT), iommus, d.contextBank(),
                        pagetable(d)));
            }
        }
        for (Map.Entry<String, String> e : gen.domainType().entrySet()) {
            String name = domain("gen:" + e.getKey(), e.getKey());
            out.putIfAbsent(name, new DomainState(name, e.getValue(), gen.domainIommus().get(e.getKey()), null, null));
        }
        List<DomainState> sorted = new ArrayList<>();
        // report order: d0, d1, … then drivers' domains in plan order
        for (String n : domainName.values()) {
            if (out.containsKey(n)) {
                sorted.add(out.remove(n));
            }
        }
        sorted.addAll(out.values());
        return sorted;
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
        for (int i = 0; i < d.processTables().size(); i++) {
            TableLayout p = d.processTables().get(i);
            ranges.add(String.format("ttbr0 process %d: 0x0-0x%x", i, (1L << p.ias()) - 1));
            bytes += p.tableBytes();
        }
        return new DomainState.PageTableState(format, t.granule(), t.ias(), t.oas(), t.levels(), t.startLevel(),
                t.pgdBytes(), ranges, t.tablesPerLevel(), bytes);
    }
}
