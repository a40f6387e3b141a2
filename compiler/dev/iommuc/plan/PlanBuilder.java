package dev.iommuc.plan;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.policy.BoundPolicy;
import dev.iommuc.policy.Buffer;
import dev.iommuc.policy.DriverDomain;
import dev.iommuc.policy.HardwareOverride;
import dev.iommuc.policy.Herd;
import dev.iommuc.policy.KernelFacts;
import dev.iommuc.policy.MasterRule;
import dev.iommuc.policy.Policy;
import dev.iommuc.policy.Profiles;
import dev.iommuc.resolve.Master;
import dev.iommuc.resolve.Param;
import dev.iommuc.resolve.Provider;
import dev.iommuc.resolve.ResolveOptions;
import dev.iommuc.resolve.StreamRef;
import dev.iommuc.resolve.Topology;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Topology + bound policy → {@link Plan}. Everything is in a documented, deterministic order:
 * IOMMUs and masters in DT pre-order (the order Linux probes them), driver domains in policy order
 * with their masters in DT order (so drm/msm's GMU domain, listed first by the profile, is attached
 * before the GPU's), then the workload in policy order.
 */
public final class PlanBuilder {

    private PlanBuilder() {
    }

    /** What the resolver needs from the policy: PCI requester IDs and hardware overrides per node. */
    public static ResolveOptions resolveOptions(BoundPolicy bound) {
        Map<String, Map<String, Long>> overrides = new LinkedHashMap<>();
        for (HardwareOverride h : bound.policy().hardware()) {
            for (String node : bound.nodes(h.iommu())) {
                overrides.computeIfAbsent(node, k -> new LinkedHashMap<>()).putAll(h.params());
            }
        }
        overrides.values().removeIf(Map::isEmpty);
        Map<String, List<Long>> rids = new LinkedHashMap<>();
        for (dev.iommuc.policy.PciHost h : bound.policy().pci()) {
            for (String node : bound.nodes(h.host())) {
                rids.putIfAbsent(node, bound.ridsFor(node));
            }
        }
        return new ResolveOptions(rids, overrides);
    }

    public static Plan build(Topology topo, BoundPolicy bound, List<String> files, String policyFile,
                             Diagnostics diags) {
        Policy policy = bound.policy();
        KernelFacts k = policy.kernel();
        Kernel kernel = new Kernel(k.pageSize(), type(k.defaultDomain()), k.disableBypass(),
                Kernel.DartSmallPages.valueOf(k.dartSmallPages().name()), k.qcomBypassQuirk());

        Map<String, Provider> providers = new HashMap<>();
        List<PlanIommu> iommus = new ArrayList<>();
        for (Provider p : topo.providers()) {
            providers.put(p.path(), p);
            iommus.add(iommu(p, bound));
        }

        List<PlanMaster> masters = new ArrayList<>();
        Map<String, Master> withIommu = new LinkedHashMap<>();
        for (Master m : topo.masters()) {
            List<PlanStream> streams = new ArrayList<>();
            for (StreamRef s : m.streams()) {
                streams.add(new PlanStream(s.provider(), s.sid(), s.mask(), via(s.via()), s.rid()));
            }
            String impl = m.streams().isEmpty() ? null : implOf(providers.get(m.streams().get(0).provider()));
            MasterRule rule = bound.ruleFor(m.path(), impl);
            DomainType requested = rule == null ? null : type(rule.domain());
            String reason = rule == null ? null : describe(rule);
            masters.add(new PlanMaster(m.path(), m.label(), m.compatible(), streams, requested, reason, m.pasidBits(),
                    m.noIommu()));
            if (m.noIommu() == null && !m.streams().isEmpty()) {
                withIommu.put(m.path(), m);
            }
        }

        List<PlanDomain> domains = new ArrayList<>();
        List<Operation> attaches = new ArrayList<>();
        for (DriverDomain d : policy.domains()) {
            List<String> ms = attached(bound.nodes(d.masters()), withIommu);
            int split = d.splitTables() == null ? 0 : d.splitTables().processes();
            int pasid = d.pasid() == null ? 0 : d.pasid().processes();
            if (ms.isEmpty()) {
                continue;   // a profile domain for hardware this board does not have (or not behind an IOMMU)
            }
            sameFamily(d.name(), ms, withIommu, providers, diags, d.pos());
            domains.add(new PlanDomain(d.name(), DomainType.UNMANAGED, ms, split, pasid));
            for (String m : ms) {
                attaches.add(new Operation.Attach(d.name(), m));
            }
        }
        String sharing = policy.sharing().strategy() == null ? "per-group" : policy.sharing().strategy().yamlName();
        for (Herd h : policy.sharing().herds()) {
            List<String> ms = attached(bound.nodes(h.masters()), withIommu);
            if (!ms.isEmpty()) {
                sameFamily(h.name(), ms, withIommu, providers, diags, h.pos());
                domains.add(new PlanDomain("herd:" + h.name(), DomainType.DMA, ms, 0, 0));
            }
        }

        List<PlanBuffer> workload = new ArrayList<>();
        Set<String> domainNames = new LinkedHashSet<>();
        domains.forEach(d -> domainNames.add(d.name()));
        for (Buffer b : policy.workload()) {
            String master = b.domain() == null ? bound.bufferMaster(b) : null;
            if (b.domain() != null && !domainNames.contains(b.domain())) {
                continue;   // its domain has no master on this board
            }
            if (b.domain() == null && (master == null || !withIommu.containsKey(master))) {
                continue;
            }
            workload.add(new PlanBuffer(b.domain(), master, b.iova(), b.size(), b.prot().toString(), b.phys(),
                    b.process()));
        }

        List<Operation> ops = new ArrayList<>();
        for (Provider p : topo.providers()) {
            if (p.usable()) {
                ops.add(new Operation.Probe(p.path()));
            }
        }
        for (String m : withIommu.keySet()) {
            ops.add(new Operation.AddDevice(m));
        }
        ops.addAll(attaches);
        for (int i = 0; i < workload.size(); i++) {
            ops.add(new Operation.MapBuffer(i));
        }
        String profile = policy.profile() == null ? Profiles.DEFAULT : policy.profile();
        return new Plan(files, policyFile, profile, kernel, sharing, iommus, masters, domains, workload, ops);
    }

    private static List<String> attached(List<String> selected, Map<String, Master> withIommu) {
        List<String> out = new ArrayList<>();
        for (String s : selected) {
            if (withIommu.containsKey(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The IOMMU core refuses a domain spanning different drivers (reference dart-smmuv3-of.md C.1). */
    private static void sameFamily(String domain, List<String> masters, Map<String, Master> withIommu,
                                   Map<String, Provider> providers, Diagnostics diags, dev.iommuc.diag.SourcePos pos) {
        Set<String> families = new LinkedHashSet<>();
        for (String m : masters) {
            for (StreamRef s : withIommu.get(m).streams()) {
                Provider p = providers.get(s.provider());
                if (p != null) {
                    families.add(p.family().model() + (p.family() == dev.iommuc.resolve.Family.GENERIC ? ":" + p.impl() : ""));
                }
            }
        }
        if (families.size() > 1) {
            diags.report(Severity.ERROR, "iommu-domain-mixed-families", pos, "",
                    "domain '" + domain + "' would span IOMMUs of different drivers (" + String.join(", ", families)
                            + "); one domain belongs to one IOMMU driver", List.of());
        }
    }

    private static PlanIommu iommu(Provider p, BoundPolicy bound) {
        Map<String, PlanParam> params = new LinkedHashMap<>();
        for (Map.Entry<String, Param> e : p.params().entrySet()) {
            Param v = e.getValue();
            params.put(e.getKey(), new PlanParam(v.value(), v.source().name().toLowerCase(Locale.ROOT), v.why()));
        }
        for (HardwareOverride h : bound.hardwareFor(p.path())) {
            if (h.locked() != null) {
                String why = "policy: firmware-locked DART";
                params.put("locked-ttbr", new PlanParam(h.locked().ttbr(), "policy", why));
                params.put("locked-four-level", new PlanParam(h.locked().fourLevel() ? 1 : 0, "policy", why));
            }
            if (!h.granules().isEmpty()) {
                long mask = 0;
                for (long g : h.granules()) {
                    mask |= g;
                }
                params.put("granules", new PlanParam(mask, "policy", "policy granule list"));
            }
        }
        return new PlanIommu(p.path(), p.label(), p.compatible(), family(p.family()), p.impl(), p.version(),
                p.enabled(), p.iommuCells(), p.legacy(), params);
    }

    private static String implOf(Provider p) {
        return p == null ? null : p.impl();
    }

    private static String describe(MasterRule r) {
        String where = Profiles.isBuiltIn(r.pos()) ? "profile rule" : "policy rule";
        return where + " at " + r.pos() + ": " + r.domain().yamlName();
    }

    private static IommuFamily family(dev.iommuc.resolve.Family f) {
        return switch (f) {
            case ARM_SMMU -> IommuFamily.ARM_SMMU;
            case ARM_SMMU_V3 -> IommuFamily.ARM_SMMU_V3;
            case APPLE_DART -> IommuFamily.APPLE_DART;
            case GENERIC -> IommuFamily.GENERIC;
        };
    }

    private static DomainType type(dev.iommuc.policy.DomainType t) {
        return DomainType.valueOf(t.name());
    }

    private static String via(StreamRef.Via v) {
        return switch (v) {
            case IOMMUS -> "iommus";
            case IOMMU_MAP -> "iommu-map";
            case MMU_MASTERS -> "mmu-masters";
        };
    }
}
