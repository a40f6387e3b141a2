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
    private Map<String, LabelSite> firstNodeLabel;
    private Map<String, LabelSite> firstPropLabel;
    private Map<String, LabelSite> firstValueLabel;
    private boolean labelRepeats;
    private final Map<List<String>, NodeFacts[]> withProps = new HashMap<>();

    public TreeFacts(DeviceTree tree) {
        this.tree = tree;
        this.preorder = tree.root().deleted() ? NONE : index(tree.root());
        this.preorderList = List.of(preorder);
    }

    private static NodeFacts[] index(Node root) {
        // Explicit stack: trees can be deep enough that recursion per node is not worth the risk.
        List<NodeFacts> out = new ArrayList<>();
        ArrayList<NodeFacts> stack = new ArrayList<>();
        stack.add(new NodeFacts(root, null));
        ArrayList<NodeFacts> kids = new ArrayList<>();
        while (!stack.isEmpty()) {
            NodeFacts n = stack.remove(stack.size() - 1);
            out.add(n);
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
        if (r == null) {
            List<NodeFacts> out = new ArrayList<>();
            for (NodeFacts n : preorder) {
                for (int i = 0; i < names.size(); i++) {
                    if (n.prop(names.get(i)) != null) {
                        out.add(n);
                        break;
                    }
                }
            }
            r = out.toArray(NONE);
            withProps.put(names, r);
        }
        return r;
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
        if (firstNodeLabel == null) {
            indexLabels();
        }
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
        if (firstNodeLabel == null) {
            indexLabels();
        }
        return labelRepeats;
    }

    private void indexLabels() {
        firstNodeLabel = new HashMap<>();
        firstPropLabel = new HashMap<>();
        firstValueLabel = new HashMap<>();
        int sites = 0;
        for (NodeFacts n : preorder) {
            for (Label l : n.node().labels().all()) {
                if (!l.deleted()) {
                    sites++;
                    firstNodeLabel.putIfAbsent(l.name(), new LabelSite(n, null, null));
                }
            }
            for (Property p : n.props) {
                for (Label l : p.labels().all()) {
                    if (!l.deleted()) {
                        sites++;
                        firstPropLabel.putIfAbsent(l.name(), new LabelSite(n, p, null));
                    }
                }
                for (Marker m : p.value().markers()) {
                    if (m.kind() == Marker.Kind.LABEL) {
                        sites++;
                        firstValueLabel.putIfAbsent(m.ref(), new LabelSite(n, p, m));
                    }
                }
            }
        }
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
        labelRepeats = sites != distinct;
    }
}
