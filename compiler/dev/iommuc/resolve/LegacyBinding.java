package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deprecated arm-smmu binding (arm-smmu-v2.md §1.5): the SMMU node lists its masters in
 * {@code mmu-masters}, each entry a master phandle plus the master's {@code #stream-id-cells} raw
 * 32-bit fwids. A master belongs to the first SMMU (in probe order) whose list names it, and only
 * that list's first entry for it counts, as {@code arm_smmu_register_legacy_master} stops there.
 */
final class LegacyBinding {

    private LegacyBinding() {
    }

    /** A master's entry: the SMMU that lists it and where. */
    record Listing(Provider smmu, Node smmuNode, PhandleList.Entry entry) {
    }

    static Map<Node, Listing> collect(Dt dt, Map<Node, Provider> providers, Diagnostics diags) {
        Map<Node, Listing> out = new LinkedHashMap<>();
        Map<Node, List<PhandleList.Entry>> lists = new LinkedHashMap<>();
        providers.forEach((node, p) -> {
            if (p.legacy()) {
                lists.put(node, PhandleList.parse(dt, diags, node, "mmu-masters", "#stream-id-cells", false));
            }
        });
        // only probed SMMUs are searched; a master listed only by a disabled or failed one is kept
        // (afterwards) so the report can say why it has no IOMMU
        for (boolean usable : new boolean[] {true, false}) {
            lists.forEach((node, entries) -> {
                Provider p = providers.get(node);
                if (p.usable() == usable) {
                    for (PhandleList.Entry e : entries) {
                        out.putIfAbsent(e.target(), new Listing(p, node, e));
                    }
                }
            });
        }
        return out;
    }
}
