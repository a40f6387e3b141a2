package dev.iommuc.model;

import java.util.ArrayList;
import java.util.List;

/** A whole device tree: root node, memory reservations, header facts (dtc struct dt_info). */
public final class DeviceTree {

    private final Node root;
    private final List<MemReserve> reserves;
    private final boolean plugin;
    private int bootCpuidPhys;
    private LabelIndex labelIndex;

    public DeviceTree(Node root, List<MemReserve> reserves, boolean plugin, int bootCpuidPhys) {
        this.root = root;
        this.reserves = new ArrayList<>(reserves);
        this.plugin = plugin;
        this.bootCpuidPhys = bootCpuidPhys;
    }

    public Node root() {
        return root;
    }

    public List<MemReserve> reserves() {
        return reserves;
    }

    public boolean plugin() {
        return plugin;
    }

    public int bootCpuidPhys() {
        return bootCpuidPhys;
    }

    public void setBootCpuidPhys(int v) {
        this.bootCpuidPhys = v;
    }

    /** Resets cached full paths (after structural changes). */
    public void fillPaths() {
        clear(root);
    }

    private static void clear(Node n) {
        n.clearPath();
        List<Node> cs = n.allChildren();
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            clear(c);
        }
    }

    /** dtc get_node_by_path: full names compared, deleted nodes skipped; "" or "/" is the root. */
    public Node nodeByPath(String path) {
        Node cur = root;
        if (cur.deleted()) {
            return null;
        }
        int i = 0;
        int n = path.length();
        while (i < n) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int slash = path.indexOf('/', i);
            String part = slash < 0 ? path.substring(i) : path.substring(i, slash);
            cur = cur.child(part);
            if (cur == null) {
                return null;
            }
            i = slash < 0 ? n : slash;
        }
        return cur;
    }

    /** Lets label lookups use {@code index} (kept up to date by whoever builds the tree). */
    public void useLabelIndex(LabelIndex index) {
        this.labelIndex = index;
    }

    /** dtc get_node_by_label: first live node in pre-order carrying a live label of that name. */
    public Node nodeByLabel(String label) {
        if (labelIndex != null && !labelIndex.ambiguous(this, label)) {
            return labelIndex.find(this, label);
        }
        return findLabel(root, label);
    }

    private static Node findLabel(Node n, String label) {
        if (n.labels().has(label)) {
            return n;
        }
        List<Node> cs = n.allChildren();
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            if (!c.deleted()) {
                Node f = findLabel(c, label);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * dtc get_node_by_ref: a path when it starts with '/', else a label, else (dtc ≥ 1.7)
     * {@code label/relative/path}.
     */
    public Node nodeByRef(String ref) {
        if (ref.startsWith("/")) {
            return nodeByPath(ref);
        }
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return nodeByLabel(ref);
        }
        Node base = nodeByLabel(ref.substring(0, slash));
        if (base == null) {
            return null;
        }
        Node cur = base;
        for (String part : ref.substring(slash + 1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            cur = cur.child(part);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }
}
