package dev.iommuc.checks;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Marker;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the checks of one run know about the tree: live nodes in pre-order with their live properties
 * and children (computed once, because {@link Node#properties()} copies on every call and ~80 checks
 * walk ~10k nodes), the phandle table, and the per-node state dtc keeps in {@code struct node} and
 * that some checks set for later ones: the cached {@code #address-cells}/{@code #size-cells}
 * ({@code addr_size_cells}) and the bus type ({@code *_bus_bridge}, {@code graph_nodes}).
 */
public final class TreeFacts {

    /** dtc's {@code struct bus_type} instances. */
    public enum Bus { PCI, SIMPLE, I2C, SPI, GRAPH_PORT, GRAPH_PORTS }

    private static final class Facts {
        final List<Property> props;
        final List<Node> children;
        /** First live property of each name: ~80 checks look properties up by name on every node. */
        final Map<String, Property> byName;
        /** As dtc: 0 until addr_size_cells has run, then the value or -1 when absent. */
        int addrCells;
        int sizeCells;
        Bus bus;

        Facts(List<Property> props, List<Node> children) {
            Map<String, Property> m = new HashMap<>(props.size() * 2);
            for (Property p : props) {
                m.putIfAbsent(p.name(), p);
            }
            this.byName = m;
            this.props = props;
            this.children = children;
        }
    }

    /** A labelled thing: the node, and the property and marker when the label is on or in a value. */
    public record LabelSite(Node node, Property prop, Marker marker) {
    }

    private final DeviceTree tree;
    private final List<Node> preorder = new ArrayList<>();
    private final Map<Node, Facts> facts = new IdentityHashMap<>();
    private Map<Integer, Node> byPhandle;
    private Map<String, LabelSite> firstNodeLabel;
    private Map<String, LabelSite> firstPropLabel;
    private Map<String, LabelSite> firstValueLabel;

    public TreeFacts(DeviceTree tree) {
        this.tree = tree;
        if (!tree.root().deleted()) {
            index(tree.root());
        }
    }

    private void index(Node root) {
        // Explicit stack: trees can be deep enough that recursion per node is not worth the risk.
        ArrayList<Node> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            List<Node> kids = n.children();
            facts.put(n, new Facts(n.properties(), kids));
            preorder.add(n);
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
    }

    public DeviceTree tree() {
        return tree;
    }

    public Node root() {
        return tree.root();
    }

    public boolean plugin() {
        return tree.plugin();
    }

    /** Live nodes, root first, in dtc's walk order. */
    public List<Node> preorder() {
        return preorder;
    }

    private Facts f(Node n) {
        Facts x = facts.get(n);
        if (x == null) {
            throw new IllegalArgumentException("not a live node of this tree: " + n.path());
        }
        return x;
    }

    public List<Property> props(Node n) {
        return f(n).props;
    }

    public List<Node> children(Node n) {
        return f(n).children;
    }

    /** dtc get_property: the first live property of that name, or null. */
    public Property prop(Node n, String name) {
        return f(n).byName.get(name);
    }

    /** dtc get_subnode: the first live child of that full name, or null. */
    public Node child(Node n, String name) {
        for (Node c : f(n).children) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** dtc get_node_by_phandle: the first live node in pre-order carrying that phandle. */
    public Node byPhandle(int phandle) {
        if (byPhandle == null) {
            byPhandle = new HashMap<>();
            for (Node n : preorder) {
                if (n.phandle() != 0) {
                    byPhandle.putIfAbsent(n.phandle(), n);
                }
            }
        }
        return byPhandle.get(phandle);
    }

    // ---- state set by checks for later checks ----

    void setCells(Node n, int addr, int size) {
        Facts x = f(n);
        x.addrCells = addr;
        x.sizeCells = size;
    }

    /** The cached {@code #address-cells}: -1 when absent (0 if addr_size_cells has not run). */
    public int rawAddrCells(Node n) {
        return f(n).addrCells;
    }

    public int rawSizeCells(Node n) {
        return f(n).sizeCells;
    }

    /** dtc node_addr_cells: the cached value, 2 when absent. */
    public int addrCells(Node n) {
        int v = f(n).addrCells;
        return v == -1 ? 2 : v;
    }

    /** dtc node_size_cells: the cached value, 1 when absent. */
    public int sizeCells(Node n) {
        int v = f(n).sizeCells;
        return v == -1 ? 1 : v;
    }

    public Bus bus(Node n) {
        return n == null ? null : f(n).bus;
    }

    void setBus(Node n, Bus bus) {
        f(n).bus = bus;
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

    private void indexLabels() {
        firstNodeLabel = new HashMap<>();
        firstPropLabel = new HashMap<>();
        firstValueLabel = new HashMap<>();
        for (Node n : preorder) {
            for (String l : n.labels().live()) {
                firstNodeLabel.putIfAbsent(l, new LabelSite(n, null, null));
            }
            for (Property p : props(n)) {
                for (String l : p.labels().live()) {
                    firstPropLabel.putIfAbsent(l, new LabelSite(n, p, null));
                }
                for (Marker m : p.value().markers()) {
                    if (m.kind() == Marker.Kind.LABEL) {
                        firstValueLabel.putIfAbsent(m.ref(), new LabelSite(n, p, m));
                    }
                }
            }
        }
    }
}
