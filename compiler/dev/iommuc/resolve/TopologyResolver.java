package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves every IOMMU fact of a board (SPEC §3, issue 3): the providers with their parameters and
 * the masters with their decoded streams, before any policy decision about domains. Problems go to
 * the board's one diagnostics sink as {@code iommu-…} checks ({@link IommuCheck}).
 *
 * <p>Order is DT pre-order throughout, the order Linux creates platform devices: providers by their
 * node; masters by the node that states them, with an {@code iommu-map} host's requester IDs at the
 * host's position (its PCI device nodes in pre-order, then the policy's RIDs).
 */
public final class TopologyResolver {

    private TopologyResolver() {
    }

    public static Topology resolve(DeviceTree tree, Diagnostics diags, ResolveOptions options) {
        Dt dt = new Dt(tree);
        Map<Node, Provider> providers = Providers.resolve(dt, diags, options);
        Map<Node, LegacyBinding.Listing> legacy = LegacyBinding.collect(dt, providers, diags);
        Masters masters = new Masters(dt, diags, providers);
        IommuMap maps = new IommuMap(masters);

        List<Master> out = new ArrayList<>();
        Set<Node> consumed = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (Node n : dt.preorder()) {
            if (n.property("iommu-map") != null) {
                hosts.add(n.path());
                out.addAll(maps.resolve(n, options.pciRids().getOrDefault(n.path(), List.of()), consumed));
            }
            if (consumed.contains(n)) {
                continue;
            }
            LegacyBinding.Listing listing = legacy.get(n);
            if (n.property("iommus") != null || listing != null) {
                out.add(masters.resolve(n, listing));
            }
        }
        policyTargets(providers, hosts, options, diags);
        return new Topology(List.copyOf(providers.values()), out);
    }

    /** The policy may only name providers (overrides) and iommu-map hosts (RIDs). */
    private static void policyTargets(Map<Node, Provider> providers, Set<String> hosts, ResolveOptions options,
                                      Diagnostics diags) {
        Set<String> providerPaths = new HashSet<>();
        providers.values().forEach(p -> providerPaths.add(p.path()));
        for (String path : options.overrides().keySet()) {
            if (!providerPaths.contains(path)) {
                IommuCheck.POLICY_UNKNOWN_NODE.report(diags, SourcePos.UNKNOWN, path,
                        "policy overrides parameters of " + path + ", which is not an IOMMU provider");
            }
        }
        for (String path : options.pciRids().keySet()) {
            if (!hosts.contains(path)) {
                IommuCheck.POLICY_UNKNOWN_NODE.report(diags, SourcePos.UNKNOWN, path,
                        "policy lists requester IDs for " + path + ", which has no iommu-map");
            }
        }
    }
}
