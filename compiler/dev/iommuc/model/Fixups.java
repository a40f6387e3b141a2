package dev.iommuc.model;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of dtc that change the tree, in dtc's table order (reference/dts-language.md §1.6–1.8,
 * §3.1): redundant {@code name} properties removed, explicit phandles honoured, phandles allocated
 * lazily in depth-first order of the referencing properties, path references inserted,
 * {@code /omit-if-no-ref/} nodes dropped, then {@code __symbols__} ({@code -@}) and overlay fixup nodes.
 */
public final class Fixups {

    /** Which phandle properties to add ({@code -H epapr|legacy|both}). */
    public enum PhandleStyle { EPAPR, LEGACY, BOTH }

    public record Options(boolean symbols, PhandleStyle style) {
        public static final Options DEFAULT = new Options(false, PhandleStyle.EPAPR);
    }

    private final DeviceTree tree;
    private final Diagnostics diags;
    private final Options options;
    private final Map<Integer, Node> byPhandle = new HashMap<>();
    private Map<String, Node> labelIndex;
    /** dtc's static phandle counter: each allocation starts from the last one. */
    private int nextPhandle = 1;

    private Fixups(DeviceTree tree, Diagnostics diags, Options options) {
        this.tree = tree;
        this.diags = diags;
        this.options = options;
    }

    /** Resolve, then generate: for callers that do not run checks in between. */
    public static void apply(DeviceTree tree, Diagnostics diags, Options options) {
        Fixups f = resolve(tree, diags, options);
        f.generate();
    }

    /**
     * The fixups of dtc's check table (name properties, explicit phandles, phandle and path
     * references, omit-if-no-ref). dtc runs its other checks right after these and only then
     * generates {@code __symbols__}/{@code __fixups__}: call {@link #generate()} after the checks.
     */
    public static Fixups resolve(DeviceTree tree, Diagnostics diags, Options options) {
        Fixups f = new Fixups(tree, diags, options);
        f.run();
        return f;
    }

    /** dtc's generation after the checks: {@code -@} symbols, then a plugin's fixup nodes. */
    public void generate() {
        if (options.symbols()) {
            new OverlaySupport(tree, this::nodeByRef, this::allocate).symbols();
        }
        if (tree.plugin()) {
            new OverlaySupport(tree, this::nodeByRef, this::allocate).fixups();
        }
    }

    private void run() {
        tree.fillPaths();
        List<Node> order = new ArrayList<>();
        preorder(tree.root(), order);
        for (Node n : order) {
            nameProperty(n);
        }
        for (Node n : order) {
            explicitPhandles(n);
        }
        labelIndex = buildLabelIndex(order);
        for (Node n : order) {
            phandleReferences(n);
        }
        for (Node n : order) {
            pathReferences(n);
        }
        for (Node n : order) {
            if (n.deleted()) {
                continue;
            }
            if (options.symbols() && !n.labels().all().isEmpty()) {
                continue;
            }
            if (n.omitIfUnused() && !n.referenced()) {
                n.delete();
            }
        }
    }

    private static void preorder(Node n, List<Node> out) {
        if (n.deleted()) {
            return;
        }
        out.add(n);
        List<Node> cs = n.allChildren();
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            preorder(c, out);
        }
    }

    /** First live node in pre-order per live label: what dtc's get_node_by_label would find. */
    private static Map<String, Node> buildLabelIndex(List<Node> order) {
        Map<String, Node> idx = new HashMap<>();
        for (int nI = 0; nI < order.size(); nI++) {
            Node n = order.get(nI);
            List<Label> ls = n.labels().all();
            for (int lI = 0; lI < ls.size(); lI++) {
                Label l = ls.get(lI);
                if (!l.deleted()) {
                    idx.putIfAbsent(l.name(), n);
                }
            }
        }
        return idx;
    }

    Node nodeByRef(String ref) {
        if (!ref.startsWith("/") && ref.indexOf('/') < 0) {
            Node n = labelIndex.get(ref);
            return n != null && !n.deleted() ? n : null;
        }
        return tree.nodeByRef(ref);
    }

    /** dtc check_name_properties: a {@code name} equal to the base name is redundant and removed. */
    private void nameProperty(Node n) {
        if (!n.mayHaveProperty("name")) {
            return;
        }
        List<Property> ps = n.allProperties();
        for (int pI = 0; pI < ps.size(); pI++) {
            Property p = ps.get(pI);
            if (p.name().equals("name")) {
                byte[] v = p.value().bytes();
                byte[] base = n.baseName().getBytes(StandardCharsets.ISO_8859_1);
                boolean same = v.length == base.length + 1 && java.util.Arrays.equals(v, 0, base.length, base, 0, base.length);
                if (same) {
                    n.removeProperty(p);
                }
                return;
            }
        }
    }

    private void explicitPhandles(Node n) {
        int ph = phandleProp(n, "phandle");
        int linux = phandleProp(n, "linux,phandle");
        if (ph == 0 && linux == 0) {
            return;
        }
        if (ph != 0 && linux != 0 && ph != linux) {
            fail("explicit_phandles", n, "", "mismatching 'phandle' and 'linux,phandle' properties");
        }
        if (ph == 0) {
            ph = linux;
        }
        Node other = byPhandle.get(ph);
        if (other != null && other != n) {
            fail("explicit_phandles", n, "", String.format("duplicated phandle 0x%x (seen before at %s)", ph, other.path()));
            return;
        }
        n.setPhandle(ph);
        byPhandle.put(ph, n);
    }

    private int phandleProp(Node n, String name) {
        Property p = n.property(name);
        if (p == null) {
            return 0;
        }
        if (p.value().length() != 4) {
            fail("explicit_phandles", n, ":" + name, "bad length for " + name + " property");
            return 0;
        }
        List<Marker> ms = p.value().markers();
        for (int mI = 0; mI < ms.size(); mI++) {
            Marker m = ms.get(mI);
            if (m.kind() == Marker.Kind.REF_PHANDLE) {
                // "phandle = <&self>" asks for a phandle to be allocated; pointing elsewhere is nonsense
                if (tree.nodeByRef(m.ref()) != n) {
                    fail("explicit_phandles", n, "", name + " is a reference to another node");
                }
                return 0;
            }
        }
        int v = p.value().cell(0);
        if (v == 0 || v == -1) {
            fail("explicit_phandles", n, ":" + name, String.format("bad value (0x%x) in %s property", v, name));
            return 0;
        }
        return v;
    }

    private void phandleReferences(Node n) {
        // by index: allocating a phandle for n itself appends to the list being walked, as in dtc
        for (int pi = 0; pi < n.allProperties().size(); pi++) {
            Property p = n.allProperties().get(pi);
            if (p.deleted()) {
                continue;
            }
            byte[] patched = null;   // one copy of the value however many references it holds
            List<Marker> ms = p.value().markers();
            for (int mI = 0; mI < ms.size(); mI++) {
                Marker m = ms.get(mI);
                if (m.kind() != Marker.Kind.REF_PHANDLE) {
                    continue;
                }
                Node target = nodeByRef(m.ref());
                int ph;
                if (target == null) {
                    if (!tree.plugin()) {
                        fail("phandle_references", n, ":" + p.name(),
                                "Reference to non-existent node or label \"" + m.ref() + "\"", p);
                        continue;
                    }
                    ph = -1;
                } else {
                    ph = allocate(target);
                    target.markReferenced();
                }
                if (patched == null) {
                    patched = p.value().bytes().clone();
                }
                int off = m.offset();
                patched[off] = (byte) (ph >>> 24);
                patched[off + 1] = (byte) (ph >>> 16);
                patched[off + 2] = (byte) (ph >>> 8);
                patched[off + 3] = (byte) ph;
            }
            if (patched != null) {
                p.setValue(new Data(patched, p.value().markers()));
            }
        }
    }

    /** dtc get_node_phandle: reuse, or take the lowest free value at or above the counter, and add the property. */
    int allocate(Node node) {
        if (node.phandle() != 0 && node.phandle() != -1) {
            return node.phandle();
        }
        while (byPhandle.containsKey(nextPhandle)) {
            nextPhandle++;
        }
        int ph = nextPhandle;
        node.setPhandle(ph);
        byPhandle.put(ph, node);
        Data d = new DataBuilder().marker(Marker.Kind.TYPE_U32, null).cell(ph).build();
        PhandleStyle style = options.style();
        if (node.property("linux,phandle") == null && style != PhandleStyle.EPAPR) {
            node.addProperty(new Property("linux,phandle", d, node.pos()));
        }
        if (node.property("phandle") == null && style != PhandleStyle.LEGACY) {
            node.addProperty(new Property("phandle", d, node.pos()));
        }
        return ph;
    }

    private void pathReferences(Node n) {
        List<Property> ps = n.allProperties();
        for (int pI = 0; pI < ps.size(); pI++) {
            Property p = ps.get(pI);
            if (p.deleted()) {
                continue;
            }
            int i = 0;
            while (i < p.value().markers().size()) {
                Marker m = p.value().markers().get(i);
                i++;
                if (m.kind() != Marker.Kind.REF_PATH) {
                    continue;
                }
                Node target = nodeByRef(m.ref());
                if (target == null) {
                    fail("path_references", n, ":" + p.name(),
                            "Reference to non-existent node or label \"" + m.ref() + "\"", p);
                    continue;
                }
                byte[] path = (target.path() + "\0").getBytes(StandardCharsets.ISO_8859_1);
                p.setValue(p.value().insertAt(m, path));
                target.markReferenced();
            }
        }
    }

    private void fail(String check, Node n, String suffix, String msg) {
        fail(check, n, suffix, msg, null);
    }

    private void fail(String check, Node n, String suffix, String msg, Property p) {
        List<Diagnostic.Note> notes = new ArrayList<>();
        diags.report(Severity.ERROR, check, p != null ? p.pos() : n.pos(), n.path() + suffix, msg, notes);
    }
}
