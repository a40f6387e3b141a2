package dev.iommuc.resolve;

import dev.iommuc.model.Data;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of the live tree the way the kernel's OF helpers see it: phandle lookup,
 * {@code status}, u32 and string-list properties, interrupt counts. One instance per resolution; it
 * indexes the tree once.
 */
final class Dt {

    /** Bound on interrupt-parent chains, so a cyclic tree cannot hang the resolver. */
    private static final int MAX_HOPS = 64;
    /** Where a node's phandle may be written, in dtc's order (an array: no iterator per node under C1). */
    private static final String[] PHANDLE_PROPERTIES = {"phandle", "linux,phandle"};

    private final DeviceTree tree;
    private final Map<Long, Node> byPhandle = new HashMap<>();
    private final List<Node> preorder = new ArrayList<>();

    Dt(DeviceTree tree) {
        this.tree = tree;
        index(tree.root());
    }

    private void index(Node root) {
        // iterative pre-order: corpus trees are shallow, but fuzzed ones need not be
        ArrayList<Node> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            preorder.add(n);
            long ph = phandleOf(n);
            if (ph != 0) {
                byPhandle.putIfAbsent(ph, n);
            }
            List<Node> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
    }

    /** The phandle the kernel would see: the node's assigned phandle, else {@code phandle}/{@code linux,phandle}. */
    private static long phandleOf(Node n) {
        if (n.phandle() != 0 && n.phandle() != -1) {
            return n.phandle() & 0xffffffffL;
        }
        for (String name : PHANDLE_PROPERTIES) {
            Long v = u32(n, name);
            if (v != null && v != 0 && v != 0xffffffffL) {
                return v;
            }
        }
        return 0;
    }

    DeviceTree tree() {
        return tree;
    }

    /** Live nodes in DT pre-order (the order Linux creates platform devices). */
    List<Node> preorder() {
        return preorder;
    }

    /** of_find_node_by_phandle; null for 0 or an unknown value. */
    Node byPhandle(long phandle) {
        return phandle == 0 ? null : byPhandle.get(phandle);
    }

    /** of_device_is_available: no {@code status}, "okay" or "ok". */
    static boolean available(Node n) {
        Property p = n.property("status");
        if (p == null) {
            return true;
        }
        String s = p.value().asString();
        return "okay".equals(s) || "ok".equals(s);
    }

    /** The node and every ancestor available: of_platform_populate does not descend into disabled buses. */
    static boolean availableWithAncestors(Node n) {
        for (Node m = n; m != null; m = m.parent()) {
            if (!available(m)) {
                return false;
            }
        }
        return true;
    }

    /** First cell of a property as unsigned, or null when absent or shorter than a cell (of_property_read_u32). */
    static Long u32(Node n, String name) {
        Property p = n.property(name);
        if (p == null || p.value().length() < 4) {
            return null;
        }
        return p.value().cell(0) & 0xffffffffL;
    }

    /** All whole cells of a value, unsigned. */
    static long[] cells(Data d) {
        long[] out = new long[d.length() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.cell(i * 4) & 0xffffffffL;
        }
        return out;
    }

    /** {@code compatible} strings, empty when absent or malformed. */
    static List<String> compatible(Node n) {
        Property p = n.property("compatible");
        List<String> s = p == null ? null : p.value().asStrings();
        return s == null ? List.of() : s;
    }

    static boolean isCompatible(Node n, String compat) {
        return compatible(n).contains(compat);
    }

    /** First live label (as dtc prints them), or null. */
    static String label(Node n) {
        List<String> l = n.labels().live();
        return l.isEmpty() ? null : l.get(0);
    }

    /** A PCI bus node: a host bridge or a bridge below it ({@code device_type = "pci"}). */
    static boolean isPciBus(Node n) {
        Property p = n.property("device_type");
        String s = p == null ? null : p.value().asString();
        return "pci".equals(s) || "pciex".equals(s);
    }

    /** "/a/b:prop", the subject of a diagnostic about a property. */
    static String subject(Node n, String prop) {
        return n.path() + ":" + prop;
    }

    /**
     * of_irq_count: entries of {@code interrupts-extended} (phandle plus the target's cells), else of
     * {@code interrupts} with the interrupt parent's {@code #interrupt-cells}. Counting stops at the
     * first entry that cannot be parsed, as of_irq_parse_one fails there.
     */
    int irqCount(Node n) {
        Property ext = n.property("interrupts-extended");
        if (ext != null) {
            long[] c = cells(ext.value());
            int count = 0;
            int i = 0;
            while (i < c.length) {
                Node parent = byPhandle(c[i]);
                Long k = parent == null ? null : u32(parent, "#interrupt-cells");
                if (k == null || i + 1 + k > c.length) {
                    break;
                }
                count++;
                i += 1 + k.intValue();
            }
            return count;
        }
        Property irqs = n.property("interrupts");
        if (irqs == null) {
            return 0;
        }
        Node parent = interruptParent(n);
        Long k = parent == null ? null : u32(parent, "#interrupt-cells");
        if (k == null || k == 0) {
            return 0;
        }
        return (int) (irqs.value().length() / 4 / k);
    }

    /** of_irq_find_parent: follow {@code interrupt-parent} or the DT parent until a node has {@code #interrupt-cells}. */
    private Node interruptParent(Node n) {
        Node cur = n;
        for (int hops = 0; hops < MAX_HOPS && cur != null; hops++) {
            Long ip = u32(cur, "interrupt-parent");
            Node next = ip != null ? byPhandle(ip) : cur.parent();
            if (next == null || next.property("#interrupt-cells") != null) {
                return next;
            }
            cur = next;
        }
        return null;
    }
}
