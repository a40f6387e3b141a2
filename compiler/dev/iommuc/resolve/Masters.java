package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masters stated by {@code iommus} (generic binding) or by a legacy {@code mmu-masters} listing, and
 * the rules that leave a master without an IOMMU. Streams are kept even then, so reports can show
 * what the DT says; {@link Master#noIommu()} tells the planner not to use them.
 */
final class Masters {

    private final Dt dt;
    private final Diagnostics diags;
    private final Map<Node, Provider> providers;
    private final Map<String, Provider> byPath = new HashMap<>();

    Masters(Dt dt, Diagnostics diags, Map<Node, Provider> providers) {
        this.dt = dt;
        this.diags = diags;
        this.providers = providers;
        providers.values().forEach(p -> byPath.put(p.path(), p));
    }

    /** The master a node states through {@code iommus} and/or a legacy listing. */
    Master resolve(Node n, LegacyBinding.Listing legacy) {
        List<StreamRef> streams = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Property iommus = n.property("iommus");
        boolean unusable = false;
        if (iommus != null) {
            SourcePos pos = iommus.pos() == null ? n.pos() : iommus.pos();
            Specifiers.Site site = new Specifiers.Site(diags, pos, Dt.subject(n, "iommus"));
            List<PhandleList.Entry> entries = PhandleList.parse(dt, diags, n, "iommus", "#iommu-cells", true);
            for (PhandleList.Entry e : entries) {
                decode(providers.get(e.target()), StreamRef.Via.IOMMUS, e.index(), e.args(), null, site,
                        streams, rejected);
            }
            // of_iommu_configure_dev: nothing parsed means -ENODEV, i.e. no IOMMU (C.1)
            unusable = entries.isEmpty();
            mixedFamilies(streams, site);
        }
        if (legacy != null) {
            Specifiers.Site site = new Specifiers.Site(diags, legacy.smmuNode().property("mmu-masters").pos(),
                    Dt.subject(legacy.smmuNode(), "mmu-masters"));
            for (Long fwid : legacy.entry().args()) {
                decode(legacy.smmu(), StreamRef.Via.MMU_MASTERS, legacy.entry().index(), List.of(fwid), null, site,
                        streams, rejected);
            }
        }
        String noIommu = noIommu(n, streams, rejected);
        if (noIommu == null && unusable) {
            noIommu = "no usable iommus entry";
        }
        return master(n.path(), n, n, streams, noIommu);
    }

    void decode(Provider p, StreamRef.Via via, int index, List<Long> args, Long rid, Specifiers.Site site,
                List<StreamRef> streams, List<String> rejected) {
        Specifiers.Decoded d = Specifiers.decode(p, via, index, args, rid, site);
        streams.add(d.ref());
        if (d.rejected() != null) {
            rejected.add(d.rejected());
        }
    }

    /**
     * Why a master ends up without an IOMMU, in the kernel's order: a disabled device is never
     * created; of_iommu_xlate gives up at a disabled provider or one whose driver did not probe
     * (C.1); the core refuses a second driver; probe_device rejects out-of-range IDs (§1.7). Null
     * when the master is translated.
     */
    String noIommu(Node node, List<StreamRef> streams, List<String> rejected) {
        if (node != null && !Dt.availableWithAncestors(node)) {
            return "device is disabled (status), so it is never probed";
        }
        String driver = null;
        for (StreamRef s : streams) {
            Provider p = provider(s.provider());
            if (!p.enabled()) {
                return "iommu " + p.path() + " is disabled";
            }
            if (p.probeFailure() != null) {
                return "iommu " + p.path() + " does not probe: " + p.probeFailure();
            }
            if (driver != null && !driver.equals(driver(p))) {
                return "iommus point to different drivers";
            }
            driver = driver(p);
        }
        return rejected.isEmpty() ? null : rejected.get(0);
    }

    private void mixedFamilies(List<StreamRef> streams, Specifiers.Site site) {
        Set<String> drivers = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (StreamRef s : streams) {
            Provider p = provider(s.provider());
            if (drivers.add(driver(p))) {
                seen.add(p.path() + " (" + driver(p) + ")");
            }
        }
        if (drivers.size() > 1) {
            IommuCheck.MIXED_FAMILIES.report(site.diags(), site.pos(), site.subject(),
                    "multiple iommus must point to the same driver: " + String.join(", ", seen));
        }
    }

    /** The kernel driver behind a provider: one per family, except that generic providers differ by driver. */
    static String driver(Provider p) {
        return p.family() == Family.GENERIC ? p.impl() : p.family().model();
    }

    Provider provider(String path) {
        return byPath.get(path);
    }

    /** The provider of a node, or null when the node is not one. */
    Provider providerOf(Node n) {
        return providers.get(n);
    }

    Dt dt() {
        return dt;
    }

    Diagnostics diags() {
        return diags;
    }

    /**
     * A master record.
     *
     * @param node the device's node, or null for a requester ID only the policy lists
     * @param host the node that stands in for a missing {@code node}: position and DMA coherency
     */
    static Master master(String path, Node node, Node host, List<StreamRef> streams, String noIommu) {
        Node n = node == null ? host : node;
        Long pasid = node == null ? null : Dt.u32(node, "pasid-num-bits");
        return new Master(path, node == null ? null : Dt.label(node), node == null ? List.of() : Dt.compatible(node),
                streams, pasid == null ? 0 : pasid.intValue(), coherent(n), noIommu, n.pos());
    }

    /** of_dma_is_coherent: the nearest of the node and its ancestors that says dma-coherent or dma-noncoherent. */
    private static boolean coherent(Node n) {
        for (Node m = n; m != null; m = m.parent()) {
            if (m.property("dma-coherent") != null) {
                return true;
            }
            if (m.property("dma-noncoherent") != null) {
                return false;
            }
        }
        return false;
    }
}
