package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.Bus;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

/**
 * One live node as the checks see it, built once per run by {@link TreeFacts}: its live properties and
 * children as arrays (the model's {@link Node#properties()} copies on every call, and ~80 checks visit
 * every node), its parent's facts, and the per-node state dtc keeps in {@code struct node} and some
 * checks set for later ones: the cached {@code #address-cells}/{@code #size-cells}
 * ({@code addr_size_cells}) and the bus type ({@code *_bus_bridge}, {@code graph_nodes}).
 *
 * <p>Property look-ups by name go first through a 64-bit summary of the names present (one bit per
 * name hash): most look-ups ask for a property the node does not have (16 consumer/provider pairs,
 * the string checks), and those answer without comparing a string.
 */
public final class NodeFacts {

    private static final Property[] NO_PROPS = new Property[0];
    private static final NodeFacts[] NO_KIDS = new NodeFacts[0];

    private final Node node;
    private final NodeFacts parent;
    /** Position in the run's pre-order walk; set by TreeFacts when the node is reached. */
    int order;
    /** Live properties in definition order; never modified after construction. */
    final Property[] props;
    /** Live children in order; filled by TreeFacts right after construction, then never modified. */
    NodeFacts[] kids = NO_KIDS;
    private final long nameBits;
    /** Some live property's name has a character property_name_chars rejects (found in the one walk
     *  over the names that builds nameBits, so that check does not walk every property again). */
    private final boolean badPropertyNameChars;
    /** Some live property's name ends in "-names", or is a GPIO specifier (PhandleArgsCheck), so the
     *  checks of those look at the node's properties at all; found in the same walk. */
    private final boolean hasNamesProperty;
    private final boolean hasGpioProperty;
    /** Two live property names share a bit of nameBits: only then can two be equal. */
    private final boolean nameBitsCollide;
    /** Index of the first '@' in the name, -1 when none; base name and unit are cut on demand. */
    private final int at;
    private String baseName;
    private String unit;
    /** As dtc: 0 until addr_size_cells has run, then the value or -1 when absent. */
    private int addrCells;
    private int sizeCells;
    private Bus bus;

    NodeFacts(Node node, NodeFacts parent) {
        this.node = node;
        this.parent = parent;
        this.props = liveProps(node);
        long bits = 0;
        boolean bad = false;
        boolean names = false;
        boolean gpio = false;
        boolean collide = false;
        for (Property p : props) {
            String name = p.name();
            long b = bit(name);
            collide |= (bits & b) != 0;
            bits |= b;
            bad |= NameChecks.span(name, 0, NameChecks.PROP_CHARS) < name.length();
            names |= ValueChecks.isNamesProperty(name);
            gpio |= PhandleArgsCheck.isGpioProperty(name);
        }
        this.nameBits = bits;
        this.badPropertyNameChars = bad;
        this.hasNamesProperty = names;
        this.hasGpioProperty = gpio;
        this.nameBitsCollide = collide;
        this.at = node.name().indexOf('@');
    }

    private static Property[] liveProps(Node n) {
        var all = n.allProperties();
        int live = 0;
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).deleted()) {
                live++;
            }
        }
        if (live == 0) {
            return NO_PROPS;
        }
        Property[] out = new Property[live];
        int k = 0;
        for (int i = 0; i < all.size(); i++) {
            Property p = all.get(i);
            if (!p.deleted()) {
                out[k++] = p;
            }
        }
        return out;
    }

    /** The summary bit of a name: its (cached) String hash, mixed so names differing at the end spread. */
    private static long bit(String name) {
        int h = name.hashCode();
        return 1L << (h ^ (h >>> 6) ^ (h >>> 12));
    }

    public Node node() {
        return node;
    }

    /** The parent's facts, null for the root. */
    public NodeFacts parent() {
        return parent;
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Full name including the unit address; "" for the root. */
    public String name() {
        return node.name();
    }

    /** Name before '@'. */
    public String baseName() {
        if (baseName == null) {
            baseName = at < 0 ? node.name() : node.name().substring(0, at);
        }
        return baseName;
    }

    /** Whether the base name is exactly {@code s} (dtc strprefixeq on the base name), without cutting it. */
    public boolean baseIs(String s) {
        String name = node.name();
        int len = at < 0 ? name.length() : at;
        return len == s.length() && name.startsWith(s);
    }

    /** Text after the first '@', "" when none (dtc get_unitname). */
    public String unit() {
        if (unit == null) {
            unit = at < 0 ? "" : node.name().substring(at + 1);
        }
        return unit;
    }

    /** Whether the unit address is non-empty. */
    public boolean hasUnit() {
        return at >= 0 && at < node.name().length() - 1;
    }

    public String path() {
        return node.path();
    }

    /** Whether property_name_chars has anything to say about this node. */
    boolean badPropertyNameChars() {
        return badPropertyNameChars;
    }

    /** False when no two live properties can have the same name (their names' bits all differ). */
    boolean mayHaveDuplicateProperty() {
        return nameBitsCollide;
    }

    /** Whether a live property's name ends in "-names". */
    boolean hasNamesProperty() {
        return hasNamesProperty;
    }

    /** Whether a live property's name is a GPIO specifier's ({@link PhandleArgsCheck#isGpioProperty}). */
    boolean hasGpioProperty() {
        return hasGpioProperty;
    }

    public int propCount() {
        return props.length;
    }

    public Property propAt(int i) {
        return props[i];
    }

    public int childCount() {
        return kids.length;
    }

    public NodeFacts childAt(int i) {
        return kids[i];
    }

    /** dtc get_property: the first live property of that name, or null. */
    public Property prop(String name) {
        if ((nameBits & bit(name)) == 0) {
            return null;
        }
        int h = name.hashCode();
        for (Property p : props) {
            String n = p.name();
            if (n.hashCode() == h && n.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** What dtc's get_property finds for the name of the i-th property: it, unless an earlier one has that name. */
    public Property firstOf(int i) {
        String name = props[i].name();
        int h = name.hashCode();
        for (int j = 0; j < i; j++) {
            String other = props[j].name();
            if (other.hashCode() == h && other.equals(name)) {
                return props[j];
            }
        }
        return props[i];
    }

    public boolean has(String name) {
        return prop(name) != null;
    }

    /** dtc get_subnode: the first live child of that full name, or null. */
    public NodeFacts child(String name) {
        for (NodeFacts c : kids) {
            if (c.node.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The cached {@code #address-cells}: -1 when absent (0 if addr_size_cells has not run). */
    public int rawAddrCells() {
        return addrCells;
    }

    public int rawSizeCells() {
        return sizeCells;
    }

    /** dtc node_addr_cells: the cached value, 2 when absent. */
    public int addrCells() {
        return addrCells == -1 ? 2 : addrCells;
    }

    /** dtc node_size_cells: the cached value, 1 when absent. */
    public int sizeCells() {
        return sizeCells == -1 ? 1 : sizeCells;
    }

    public Bus bus() {
        return bus;
    }

    // ---- state set by checks for later checks ----

    void setCells(int addr, int size) {
        addrCells = addr;
        sizeCells = size;
    }

    /** A later bridge check overwrites an earlier one's type, as dtc's single {@code node->bus} field does. */
    void setBus(Bus b) {
        bus = b;
    }

    @Override
    public String toString() {
        return node.path();
    }
}
