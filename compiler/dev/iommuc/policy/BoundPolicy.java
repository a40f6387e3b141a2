package dev.iommuc.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy whose selectors have been resolved against one device tree. Node lists are full paths
 * in DT pre-order (the order Linux probes in), so everything derived from them is deterministic.
 *
 * @param nodes the paths each selector of the policy selects
 * @param order every live node's pre-order index, by path
 */
public record BoundPolicy(Policy policy, Map<Selector, List<String>> nodes, Map<String, Integer> order) {

    public BoundPolicy {
        Map<Selector, List<String>> copy = new LinkedHashMap<>();
        nodes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        nodes = java.util.Collections.unmodifiableMap(copy);
        order = java.util.Collections.unmodifiableMap(order); // the binder's own map, never changed after
    }

    /** The paths one selector selects (empty for a selector not of this policy). */
    public List<String> nodes(Selector s) {
        return nodes.getOrDefault(s, List.of());
    }

    /** The union of several selectors' paths, without repeats, in DT order. */
    public List<String> nodes(List<Selector> selectors) {
        Set<String> all = new LinkedHashSet<>();
        for (Selector s : selectors) {
            all.addAll(nodes(s));
        }
        List<String> out = new ArrayList<>(all);
        out.sort(Comparator.comparing(p -> order.getOrDefault(p, Integer.MAX_VALUE)));
        return out;
    }

    /**
     * The first master rule that selects {@code path} and applies behind an IOMMU running
     * {@code impl} (null when unknown: then only rules without an {@code iommu-impl} condition count);
     * null when none does.
     */
    public MasterRule ruleFor(String path, String impl) {
        for (MasterRule r : policy.masters()) {
            if ((r.iommuImpl().isEmpty() || (impl != null && r.appliesBehind(impl))) && nodes(r.match()).contains(path)) {
                return r;
            }
        }
        return null;
    }

    /** The default-domain type of a master: its first matching rule's, else the kernel's default. */
    public DomainType defaultDomainType(String path, String impl) {
        MasterRule r = ruleFor(path, impl);
        return r != null ? r.domain() : policy.kernel().defaultDomain();
    }

    /** The driver domain listing {@code path}, or null (the binder allows at most one). */
    public DriverDomain driverDomainOf(String path) {
        for (DriverDomain d : policy.domains()) {
            if (nodes(d.masters()).contains(path)) {
                return d;
            }
        }
        return null;
    }

    /** The herd listing {@code path}, or null (at most one). */
    public Herd herdOf(String path) {
        for (Herd h : policy.sharing().herds()) {
            if (nodes(h.masters()).contains(path)) {
                return h;
            }
        }
        return null;
    }

    /** The hardware entries selecting an IOMMU node, in policy order (later ones win). */
    public List<HardwareOverride> hardwareFor(String iommuPath) {
        List<HardwareOverride> out = new ArrayList<>();
        for (HardwareOverride h : policy.hardware()) {
            if (nodes(h.iommu()).contains(iommuPath)) {
                out.add(h);
            }
        }
        return out;
    }

    /** The requester IDs the policy lists for a PCI host, in listed order, without repeats. */
    public List<Long> ridsFor(String hostPath) {
        Set<Long> out = new LinkedHashSet<>();
        for (PciHost h : policy.pci()) {
            if (nodes(h.host()).contains(hostPath)) {
                out.addAll(h.rids());
            }
        }
        return new ArrayList<>(out);
    }

    /** The master node of a buffer given by {@code master:} (the binder checked there is exactly one), else null. */
    public String bufferMaster(Buffer b) {
        List<String> ns = nodes(b.master());
        return ns.size() == 1 ? ns.get(0) : null;
    }
}
