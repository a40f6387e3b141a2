package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The generic model for IOMMUs without a register-level model (Rockchip, MediaTek, Tegra, IPMMU,
 * Exynos, …): the IOMMU core's grouping and default domains, with the limits their drivers are known
 * for, and no page tables (reported as {@code emulation: generic}).
 */
final class GenericFamily implements FamilyModel {

    private final Plan plan;
    private final Predicate<String> owned;
    private final Map<String, PlanIommu> iommus = new LinkedHashMap<>();
    private final Set<String> probed = new LinkedHashSet<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, String> groupOfMaster = new LinkedHashMap<>();
    private final Map<String, Dom> domains = new LinkedHashMap<>();
    private final Map<String, String> domainOfMaster = new LinkedHashMap<>();
    private final Map<String, Integer> contextsInUse = new LinkedHashMap<>();
    private final List<RunResult.Event> events;

    private static final class Group {
        final Set<String> iommus = new LinkedHashSet<>();
        final List<String> members = new ArrayList<>();
        String defaultDomain;
    }

    private record Dom(DomainType type, Set<String> iommus) {
    }

    /** @param owned the IOMMUs this model stands in for (those no register-level family owns) */
    GenericFamily(Plan plan, Predicate<String> owned, List<RunResult.Event> events) {
        this.plan = plan;
        this.owned = owned;
        this.events = events;
        plan.iommus().forEach(i -> iommus.put(i.id(), i));
    }

    @Override
    public boolean owns(String iommu) {
        return owned.test(iommu);
    }

    @Override
    public void probe(String iommu) {
        probed.add(iommu);
    }

    @Override
    public void addDevice(PlanMaster m) {
        List<String> its = FamilyModel.iommusOf(m);
        if (!probed.containsAll(its)) {
            events.add(new RunResult.Event("error", "runtime-iommu-not-probed", m.id(),
                    "master's IOMMU was not probed; the device has no IOMMU"));
            return;
        }
        PlanIommu first = iommus.get(its.get(0));
        String key = groupKey(first, m);
        Group g = groups.computeIfAbsent(key, k -> new Group());
        g.iommus.addAll(its);
        g.members.add(m.id());
        groupOfMaster.put(m.id(), key);
        if (g.defaultDomain == null) {
            g.defaultDomain = defaultDomain(m, its);
        }
        if (g.defaultDomain != null) {
            domains.get(g.defaultDomain).iommus().addAll(its);
            domainOfMaster.put(m.id(), g.defaultDomain);
        }
    }

    /**
     * device_group of the generic drivers (dart-smmuv3-of.md C.4): rockchip-iommu puts every master of
     * an instance in the instance's one group; mtk_iommu groups by IOVA region, the domain ID of the
     * specifier (MTK_M4U_DOM_ID: bits 19:16); the others (Exynos, IPMMU, tegra-smmu's fallback) one group
     * per device.
     */
    private static String groupKey(PlanIommu first, PlanMaster m) {
        if ("rockchip".equals(first.impl())) {
            return "gen:iommu:" + first.id();
        }
        if ("mtk-m4u".equals(first.impl())) {
            long dom = (m.streams().get(0).sid() >>> 16) & 0xf;
            return "gen:mtk:" + first.id() + ":" + dom;
        }
        return "gen:master:" + m.id();
    }

    /** The group's default domain key, or null when the IOMMU has no context left for it. */
    private String defaultDomain(PlanMaster m, List<String> its) {
        DomainType type = m.requested() != null ? m.requested() : plan.kernel().defaultDomain();
        if (m.requested() == null && "tegra-smmu".equals(iommus.get(its.get(0)).impl())) {
            // tegra_smmu_def_domain_type: every device IDENTITY for now (a FIXME in the driver, C.4)
            type = DomainType.IDENTITY;
        }
        if (type == DomainType.UNMANAGED) {
            // a driver-managed master still gets a DMA default domain first (iommu_setup_default_domain)
            type = DomainType.DMA;
        }
        Sharing sharing = new Sharing(plan);
        String herd = sharing.herdOf(m.id());
        if (herd != null) {
            return domain(herd, DomainType.DMA, its.get(0));
        }
        if (sharing.perIommu() && type == DomainType.DMA) {
            return domain("gen:iommu:" + its.get(0), DomainType.DMA, its.get(0));
        }
        return domain("gen:d" + domains.size(), type, its.get(0));
    }

    /**
     * An existing domain, or a new one if the IOMMU has a context for it: IPMMU-VMSA and tegra-smmu
     * have a fixed number of hardware contexts/ASIDs, and a translating domain takes one (C.4).
     */
    private String domain(String key, DomainType type, String iommu) {
        if (domains.containsKey(key)) {
            return key;
        }
        PlanIommu p = iommus.get(iommu);
        long limit = p.param("num-contexts", p.param("num-asids", -1));
        if (type == DomainType.DMA || type == DomainType.UNMANAGED) {
            int used = contextsInUse.getOrDefault(iommu, 0);
            if (limit >= 0 && used >= limit) {
                // ipmmu_domain_allocate_context returns -EBUSY, tegra_smmu_alloc_asid -ENOSPC
                String errno = "ipmmu-vmsa".equals(p.impl()) ? "-EBUSY" : "-ENOSPC";
                events.add(new RunResult.Event("error", "runtime-out-of-contexts", p.id(),
                        "no free context for a new domain: all " + limit + " are in use (" + errno + ")"));
                return null;
            }
            contextsInUse.put(iommu, used + 1);
        }
        domains.put(key, new Dom(type, new LinkedHashSet<>()));
        return key;
    }

    @Override
    public void attach(PlanDomain pd, PlanMaster m) {
        List<String> its = FamilyModel.iommusOf(m);
        String key = domain(pd.name(), pd.type(), its.get(0));
        if (key == null) {
            return;
        }
        domains.get(key).iommus().addAll(its);
        domainOfMaster.put(m.id(), key);
    }

    @Override
    public boolean map(PlanBuffer b) {
        String key = b.domain() != null ? b.domain() : domainOfMaster.get(b.master());
        if (key == null || !domains.containsKey(key)) {
            return false;
        }
        events.add(new RunResult.Event("note", "runtime-generic", b.domain() != null ? b.domain() : b.master(),
                "buffer at 0x" + Long.toHexString(b.iova()) + " not mapped: the generic model has no page tables"));
        return true;
    }

    @Override
    public Transaction translate(Transaction.Request request) {
        return null;
    }

    @Override
    public FamilyState state() {
        Map<String, FamilyState.Iommu> its = new LinkedHashMap<>();
        for (PlanIommu i : plan.iommus()) {
            if (owns(i.id())) {
                its.put(i.id(), new FamilyState.Iommu("generic", probed.contains(i.id()), List.of(), List.of()));
            }
        }
        Map<String, FamilyState.Group> gs = new LinkedHashMap<>();
        groups.forEach((k, g) -> gs.put(k, new FamilyState.Group(new ArrayList<>(g.iommus), g.members,
                g.defaultDomain)));
        Map<String, FamilyState.Domain> ds = new LinkedHashMap<>();
        domains.forEach((k, d) -> ds.put(k, new FamilyState.Domain(d.type().name().toLowerCase(Locale.ROOT),
                new ArrayList<>(d.iommus()), null, null)));
        return new FamilyState(its, groupOfMaster, domainOfMaster, gs, ds);
    }
}
