package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the families' states into one {@link RunResult}. Groups and default domains get report names
 * ({@code g0}, {@code d0}, …) in the order the plan's masters first reach them, so names are stable
 * whatever the families; drivers' domains keep their plan names.
 */
final class ResultBuilder {

    private final Plan plan;
    private final FamilyState all;
    private final Map<String, String> groupName = new LinkedHashMap<>();
    private final Map<String, String> domainName = new LinkedHashMap<>();
    private final Set<String> planDomains = new LinkedHashSet<>();

    ResultBuilder(Plan plan, List<FamilyState> states) {
        this.plan = plan;
        this.all = merge(states);
        plan.domains().forEach(d -> planDomains.add(d.name()));
    }

    private static FamilyState merge(List<FamilyState> states) {
        Map<String, FamilyState.Iommu> iommus = new LinkedHashMap<>();
        Map<String, String> mg = new LinkedHashMap<>();
        Map<String, String> md = new LinkedHashMap<>();
        Map<String, FamilyState.Group> gs = new LinkedHashMap<>();
        Map<String, FamilyState.Domain> ds = new LinkedHashMap<>();
        for (FamilyState s : states) {
            iommus.putAll(s.iommus());
            mg.putAll(s.masterGroup());
            md.putAll(s.masterDomain());
            gs.putAll(s.groups());
            ds.putAll(s.domains());
        }
        return new FamilyState(iommus, mg, md, gs, ds);
    }

    private String group(String key) {
        return key == null ? null : groupName.computeIfAbsent(key, k -> "g" + groupName.size());
    }

    private String domain(String key) {
        if (key == null || planDomains.contains(key)) {
            return key;
        }
        return domainName.computeIfAbsent(key, k -> "d" + domainName.size());
    }

    RunResult build(List<RunResult.Event> events) {
        Map<String, GroupState> groups = new LinkedHashMap<>();
        List<MasterState> masters = new ArrayList<>();
        for (PlanMaster m : plan.masters()) {
            String gkey = all.masterGroup().get(m.id());
            String gname = group(gkey);
            String dname = domain(all.masterDomain().get(m.id()));
            if (gname != null && !groups.containsKey(gname)) {
                FamilyState.Group g = all.groups().get(gkey);
                groups.put(gname, new GroupState(gname, g.iommus(), g.members(), domain(g.defaultDomain())));
            }
            masters.add(new MasterState(m.id(), m.compatible(), FamilyModel.iommusOf(m), m.streams(), gname, dname,
                    m.noIommu()));
        }
        return new RunResult(iommus(), masters, new ArrayList<>(groups.values()), domains(), events);
    }

    private List<IommuState> iommus() {
        List<IommuState> out = new ArrayList<>();
        for (PlanIommu i : plan.iommus()) {
            FamilyState.Iommu s = all.iommus().get(i.id());
            String status = !i.enabled() ? "disabled" : s.probed() ? "okay" : "probe-failed";
            List<IommuState.StreamEntry> sm = new ArrayList<>();
            for (IommuState.StreamEntry e : s.streamMap()) {
                sm.add(new IommuState.StreamEntry(e.index(), e.sid(), e.mask(), e.type(), e.contextBank(),
                        e.group() == null ? null : groupName.get(e.group()), e.registers()));
            }
            List<IommuState.ContextBank> cbs = new ArrayList<>();
            for (IommuState.ContextBank c : s.contextBanks()) {
                cbs.add(new IommuState.ContextBank(c.index(), domain(c.domain()), c.stage(), c.format(), c.asid(),
                        c.vmid(), c.registers(), c.master()));
            }
            out.add(new IommuState(i.id(), i.label(), i.compatible(), Executor.model(i), i.impl(), s.emulation(),
                    status, i.params(), sm, cbs, s.registers()));
        }
        return out;
    }

    /** Report order: d0, d1, … as masters reached them, then drivers' domains in allocation order. */
    private List<DomainState> domains() {
        Map<String, DomainState> out = new LinkedHashMap<>();
        all.domains().forEach((k, d) -> {
            String name = domain(k);
            out.put(name, new DomainState(name, d.type(), d.iommus(), d.contextBank(), d.pagetable()));
        });
        List<DomainState> sorted = new ArrayList<>();
        for (String n : domainName.values()) {
            if (out.containsKey(n)) {
                sorted.add(out.remove(n));
            }
        }
        sorted.addAll(out.values());
        return sorted;
    }
}
