package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a (layered) policy's selectors against a device tree and checks what needs the tree:
 * paths and labels that name nothing, user compatibles that match nothing, hardware entries on
 * non-IOMMUs, PCI entries on nodes without {@code iommu-map}, masters claimed twice, buffer targets,
 * per-process indexes and PASID ranges. Profile compatibles that match nothing are normal (a
 * non-Qualcomm board) and stay silent.
 */
public final class PolicyBinder {

    private final Policy policy;
    private final DeviceTree tree;
    private final Diagnostics diags;
    private final Map<String, List<String>> byCompatible = new HashMap<>();
    private final Map<String, Integer> order = new HashMap<>(1024);
    private final Map<Selector, List<String>> nodes = new LinkedHashMap<>();

    private PolicyBinder(Policy policy, DeviceTree tree, Diagnostics diags) {
        this.policy = policy;
        this.tree = tree;
        this.diags = diags;
    }

    /** The bound policy, or null when binding reported errors. */
    public static BoundPolicy bind(Policy policy, DeviceTree tree, Diagnostics diags) {
        return new PolicyBinder(policy, tree, diags).run();
    }

    private BoundPolicy run() {
        int errorsBefore = diags.errorCount();
        index();
        for (MasterRule r : policy.masters()) {
            resolve(r.match(), true);
        }
        for (DriverDomain d : policy.domains()) {
            resolve(d.masters(), true);
        }
        for (Herd h : policy.sharing().herds()) {
            resolve(h.masters(), true);
        }
        for (HardwareOverride h : policy.hardware()) {
            resolve(h.iommu(), true);
            requireProperty(h.iommu(), "#iommu-cells", PolicyChecks.NOT_IOMMU, "is not an IOMMU (no #iommu-cells)");
        }
        for (PciHost p : policy.pci()) {
            resolve(p.host(), true);
            requireProperty(p.host(), "iommu-map", PolicyChecks.NOT_PCI_HOST, "has no iommu-map to translate RIDs");
        }
        for (Buffer b : policy.workload()) {
            resolve(b.master(), false);
        }
        BoundPolicy bound = new BoundPolicy(policy, nodes, order);
        new BindChecks(bound, tree, diags).run();
        return diags.errorCount() > errorsBefore ? null : bound;
    }

    /** One pre-order walk over live nodes: positions and the compatible index. */
    private void index() {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(tree.root());
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            String path = n.path();
            order.put(path, order.size());
            Property c = n.property("compatible");
            List<String> compats = c == null ? null : c.value().asStrings();
            if (compats != null) {
                for (String s : compats) {
                    List<String> l = byCompatible.computeIfAbsent(s, k -> new ArrayList<>());
                    if (l.isEmpty() || !l.get(l.size() - 1).equals(path)) {
                        l.add(path);
                    }
                }
            }
            List<Node> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }

    private void resolve(List<Selector> selectors, boolean warnUnmatched) {
        for (Selector s : selectors) {
            if (nodes.containsKey(s)) {
                continue;
            }
            List<String> found = new ArrayList<>();
            if (s instanceof Selector.ByCompatible c) {
                found.addAll(byCompatible.getOrDefault(c.value(), List.of()));
                if (found.isEmpty() && warnUnmatched && !Profiles.isBuiltIn(s.pos())) {
                    diags.warning(PolicyChecks.UNMATCHED_COMPATIBLE, s.pos(), "",
                            "compatible '" + s.value() + "' matches no node of this board");
                }
            } else {
                Node n = s instanceof Selector.ByPath ? tree.nodeByPath(s.value()) : tree.nodeByLabel(s.value());
                if (n == null || n.deleted()) {
                    diags.error(PolicyChecks.UNKNOWN_NODE, s.pos(), s instanceof Selector.ByPath
                            ? "path '" + s.value() + "' names no node of this board"
                            : "label '" + s.value() + "' names no node of this board");
                } else {
                    found.add(n.path());
                }
            }
            nodes.put(s, found);
        }
    }

    private void requireProperty(List<Selector> selectors, String prop, String check, String what) {
        for (Selector s : selectors) {
            for (String path : nodes.get(s)) {
                Node n = tree.nodeByPath(path);
                if (n != null && n.property(prop) == null) {
                    diags.error(check, s.pos(), path + " " + what);
                }
            }
        }
    }
}
