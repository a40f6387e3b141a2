package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    /** The live nodes carrying each compatible some selector asks for, in pre-order. */
    private final Map<String, List<Node>> byCompatible = new HashMap<>();
    /** The compatibles byCompatible has been filled for (an absent key then means no node). */
    private final java.util.Set<String> indexed = new java.util.HashSet<>();
    /** Pre-order index of the nodes in byCompatible; of every live node once a path or label asked. */
    private final Map<Node, Integer> preorder = new IdentityHashMap<>();
    private boolean everyNodeIndexed;
    /** Pre-order index by path of every node a selector selects: what BoundPolicy sorts by. */
    private final Map<String, Integer> order = new HashMap<>();
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
        indexed.addAll(wantedCompatibles());
        index(indexed, false);
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

    /**
     * The compatibles the policy's selectors name, all indexed in one walk. Only a shortcut: a
     * selector group missing here is still resolved, by a walk of its own (resolve).
     */
    private java.util.Set<String> wantedCompatibles() {
        java.util.Set<String> out = new java.util.HashSet<>();
        java.util.function.Consumer<List<Selector>> add = l -> {
            for (Selector s : l) {
                if (s instanceof Selector.ByCompatible c) {
                    out.add(c.value());
                }
            }
        };
        policy.masters().forEach(r -> add.accept(r.match()));
        policy.domains().forEach(d -> add.accept(d.masters()));
        policy.sharing().herds().forEach(h -> add.accept(h.masters()));
        policy.hardware().forEach(h -> add.accept(h.iommu()));
        policy.pci().forEach(p -> add.accept(p.host()));
        policy.workload().forEach(b -> add.accept(b.master()));
        return out;
    }

    /**
     * One pre-order walk over live nodes: the compatible index for {@code wanted}, with the pre-order
     * index of the nodes in it; with {@code all}, the pre-order index of every node. Only selected
     * nodes need an index (they are sorted by it), so paths are not built for the thousands of others.
     */
    private void index(java.util.Set<String> wanted, boolean all) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(tree.root());
        int at = 0;
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            int here = at++;
            if (all) {
                preorder.put(n, here);
            } else {
                Property c = n.mayHaveProperty("compatible") ? n.property("compatible") : null;
                List<String> compats = c == null ? null : c.value().asStrings();
                if (compats != null) {
                    for (int k = 0; k < compats.size(); k++) {
                        String s = compats.get(k);
                        if (!wanted.contains(s)) {
                            continue;
                        }
                        List<Node> l = byCompatible.computeIfAbsent(s, key -> new ArrayList<>());
                        if (l.isEmpty() || l.get(l.size() - 1) != n) {
                            l.add(n);
                        }
                        preorder.put(n, here);
                    }
                }
            }
            List<Node> kids = n.allChildren();
            for (int i = kids.size() - 1; i >= 0; i--) {
                if (!kids.get(i).deleted()) {
                    stack.push(kids.get(i));
                }
            }
        }
    }

    /** Records {@code n} as selected: its path, with its pre-order index for BoundPolicy. */
    private String select(Node n) {
        if (!preorder.containsKey(n) && !everyNodeIndexed) {
            everyNodeIndexed = true;
            index(java.util.Set.of(), true);
        }
        String path = n.path();
        Integer at = preorder.get(n);
        if (at != null) {
            order.put(path, at);
        }
        return path;
    }

    private void resolve(List<Selector> selectors, boolean warnUnmatched) {
        for (Selector s : selectors) {
            if (nodes.containsKey(s)) {
                continue;
            }
            List<String> found = new ArrayList<>();
            if (s instanceof Selector.ByCompatible c) {
                if (indexed.add(c.value())) {
                    index(java.util.Set.of(c.value()), false);
                }
                for (Node n : byCompatible.getOrDefault(c.value(), List.of())) {
                    String path = select(n);
                    if (found.isEmpty() || !found.get(found.size() - 1).equals(path)) {
                        found.add(path);
                    }
                }
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
                    found.add(select(n));
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
