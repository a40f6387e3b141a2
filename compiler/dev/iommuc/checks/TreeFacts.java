package dev.iommuc.checks;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Label;
import dev.iommuc.model.Marker;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the checks of one run know about the tree: the live nodes in pre-order as {@link NodeFacts}
 * (computed once: ~80 checks walk every node), the phandle table, the label table and, per property
 * name a check is keyed on, the nodes carrying it.
 */
public final class TreeFacts {

    /** dtc's {@code struct bus_type} instances. */
    public enum Bus { PCI, SIMPLE, I2C, SPI, GRAPH_PORT, GRAPH_PORTS }

    /** A labelled thing: the node, and the property and marker when the label is on or in a value. */
    public record LabelSite(NodeFacts node, Property prop, Marker marker) {
    }

    private static final NodeFacts[] NONE = new NodeFacts[0];

    private final DeviceTree tree;
    private final NodeFacts[] preorder;
    private final List<NodeFacts> preorderList;
    private Map<Integer, NodeFacts> byPhandle;
    /** Slot of each key property name (see {@link Check#keys()}); the nodes carrying it, in pre-order. */
    private final NameSlots slots;
    private final List<List<NodeFacts>> keyed;
    private final Map<List<String>, NodeFacts[]> withProps = new HashMap<>();
    private final Map<String, LabelSite> firstNodeLabel = new HashMap<>();
    private final Map<String, LabelSite> firstPropLabel = new HashMap<>();
    private final Map<String, LabelSite> firstValueLabel = new HashMap<>();
    private int labelSites;
    private Boolean labelRepeats;

    /** Facts for a run of the registry's checks. */
    public TreeFacts(DeviceTree tree) {
        this(tree, CheckRegistry.keyNameSlots(), CheckRegistry.keySlots().size());
    }

    /**
     * @param keySlots a distinct slot (0..n-1) per property name checks are keyed on; other names are
     *                 found by scanning when asked for
     */
    TreeFacts(DeviceTree tree, Map<String, Integer> keySlots) {
        this(tree, NameSlots.of(keySlots), keySlots.size());
    }

    private TreeFacts(DeviceTree tree, NameSlots slots, int keyCount) {
        this.tree = tree;
        this.slots = slots;
        this.keyed = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keyed.add(null);
        }
        this.preorder = tree.root().deleted() ? NONE : index(tree.root());
        this.preorderList = List.of(preorder);
    }

    /**
     * One walk over the live tree, in pre-order, that reads every live property once: the node facts,
     * the nodes carrying each key property and the first site of every label. The checks then look
     * at the model only for values.
     */
    private NodeFacts[] index(Node root) {
        // Explicit stack: trees can be deep enough that recursion per node is not worth the risk.
        List<NodeFacts> out = new ArrayList<>();
        ArrayList<NodeFacts> stack = new ArrayList<>();
        stack.add(new NodeFacts(root, null));
        ArrayList<NodeFacts> kids = new ArrayList<>();
        while (!stack.isEmpty()) {
            NodeFacts n = stack.remove(stack.size() - 1);
            n.order = out.size();
            out.add(n);
            scan(n);
            List<Node> all = n.node().allChildren();
            kids.clear();
            for (int i = 0; i < all.size(); i++) {
                Node c = all.get(i);
                if (!c.deleted()) {
                    kids.add(new NodeFacts(c, n));
                }
            }
            n.kids = kids.isEmpty() ? NONE : kids.toArray(NONE);
            for (int i = n.kids.length - 1; i >= 0; i--) {
                stack.add(n.kids[i]);
            }
        }
        return out.toArray(NONE);
    }

    private void scan(NodeFacts n) {
        List<Label> ls = n.node().labels().all();
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (!l.deleted()) {
                labelSites++;
                firstNodeLabel.putIfAbsent(l.name(), new LabelSite(n, null, null));
            }
        }
        for (Property p : n.props) {
            int slot = slots.slot(p.name());
            if (slot >= 0) {
                List<NodeFacts> with = keyed.get(slot);
                if (with == null) {
                    with = new ArrayList<>();
                    keyed.set(slot, with);
                }
                if (with.isEmpty() || with.get(with.size() - 1) != n) {
                    with.add(n);
                }
            }
            List<Label> pls = p.labelList();
            for (int lI = 0; lI < pls.size(); lI++) {
                Label l = pls.get(lI);
                if (!l.deleted()) {
                    labelSites++;
                    firstPropLabel.putIfAbsent(l.name(), new LabelSite(n, p, null));
                }
            }
            List<Marker> marks = p.value().markers();
            for (int i = 0; i < marks.size(); i++) {
                Marker m = marks.get(i);
                if (m.kind() == Marker.Kind.LABEL) {
                    labelSites++;
                    firstValueLabel.putIfAbsent(m.ref(), new LabelSite(n, p, m));
                }
            }
        }
    }

    public DeviceTree tree() {
        return tree;
    }

    /** The root's facts; null when the root itself is deleted (nothing to check). */
    public NodeFacts root() {
        return preorder.length == 0 ? null : preorder[0];
    }

    public Node rootNode() {
        return tree.root();
    }

    public boolean plugin() {
        return tree.plugin();
    }

    /** Live nodes, root first, in dtc's walk order. */
    public List<NodeFacts> preorder() {
        return preorderList;
    }

    NodeFacts[] preorderArray() {
        return preorder;
    }

    /**
     * The live nodes, in pre-order, that carry a live property of one of these names: for a check that
     * does nothing on a node without them, walking these visits the same nodes that matter in the
     * same order as dtc's walk over all nodes.
     */
    NodeFacts[] withAnyProp(List<String> names) {
        NodeFacts[] r = withProps.get(names);
        if (r != null) {
            return r;
        }
        List<NodeFacts> out = new ArrayList<>();
        boolean indexed = true;
        for (String name : names) {
            indexed &= slots.slot(name) >= 0;
        }
        if (indexed) {
            for (String name : names) {
                List<NodeFacts> with = keyed.get(slots.slot(name));
                if (with != null) {
                    out.addAll(with);
                }
            }
            if (names.size() > 1) {
                // a node carrying two of the names is listed twice; keep one, in pre-order
                out.sort((a, b) -> Integer.compare(a.order, b.order));
                out = dedupeSorted(out);
            }
        } else {
            for (NodeFacts n : preorder) {
                for (String name : names) {
                    if (n.prop(name) != null) {
                        out.add(n);
                        break;
                    }
                }
            }
        }
        r = out.toArray(NONE);
        withProps.put(names, r);
        return r;
    }

    private static List<NodeFacts> dedupeSorted(List<NodeFacts> sorted) {
        List<NodeFacts> out = new ArrayList<>(sorted.size());
        for (NodeFacts n : sorted) {
            if (out.isEmpty() || out.get(out.size() - 1) != n) {
                out.add(n);
            }
        }
        return out;
    }

    /** dtc get_node_by_phandle: the first live node in pre-order carrying that phandle. */
    public NodeFacts byPhandle(int phandle) {
        if (byPhandle == null) {
            byPhandle = new HashMap<>();
            for (NodeFacts n : preorder) {
                int ph = n.node().phandle();
                if (ph != 0) {
                    byPhandle.putIfAbsent(ph, n);
                }
            }
        }
        return byPhandle.get(phandle);
    }

    // ---- label look-ups, as dtc's get_node_by_label / get_property_by_label / get_marker_label ----

    /**
     * The site dtc's duplicate_label compares against: the first node carrying the label in pre-order,
     * else the first property, else the first label inside a value. Built once instead of dtc's
     * walk per label.
     */
    public LabelSite firstLabelSite(String label) {
        LabelSite s = firstNodeLabel.get(label);
        if (s == null) {
            s = firstPropLabel.get(label);
        }
        if (s == null) {
            s = firstValueLabel.get(label);
        }
        return s;
    }

    /**
     * Whether some label occurs at more than one site (node, property or value). When none does, every
     * occurrence is its own first site and duplicate_label has nothing to report.
     */
    public boolean labelRepeats() {
        if (labelRepeats == null) {
            labelRepeats = labelSites != distinctLabels();
        }
        return labelRepeats;
    }

    private int distinctLabels() {
        int distinct = firstNodeLabel.size();
        for (String l : firstPropLabel.keySet()) {
            if (!firstNodeLabel.containsKey(l)) {
                distinct++;
            }
        }
        for (String l : firstValueLabel.keySet()) {
            if (!firstNodeLabel.containsKey(l) && !firstPropLabel.containsKey(l)) {
                distinct++;
            }
        }
        return distinct;
    }
}
