package dev.iommuc.model;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The generated overlay nodes of dtc (reference/dts-language.md §1.8): {@code __symbols__} with
 * {@code -@} (one path string per live node label, a phandle forced on every node that has any
 * label), and for a {@code /plugin/} {@code __fixups__} (one string-list entry
 * {@code path:prop:offset} per unresolved phandle reference) and {@code __local_fixups__} (the
 * offsets of resolved ones, under a mirror of the referencing node's path).
 */
final class OverlaySupport {

    private final DeviceTree tree;
    private final Function<String, Node> byRef;
    private final ToIntFunction<Node> allocate;

    OverlaySupport(DeviceTree tree, Function<String, Node> byRef, ToIntFunction<Node> allocate) {
        this.tree = tree;
        this.byRef = byRef;
        this.allocate = allocate;
    }

    void symbols() {
        if (!anyLabel(tree.root())) {
            return;
        }
        Node an = childOrNew(tree.root(), "__symbols__");
        symbols(an, tree.root());
    }

    private static boolean anyLabel(Node n) {
        if (!n.labels().all().isEmpty()) {
            return true;
        }
        for (Node c : n.children()) {
            if (anyLabel(c)) {
                return true;
            }
        }
        return false;
    }

    private void symbols(Node an, Node n) {
        if (!n.labels().all().isEmpty()) {
            for (String l : n.labels().live()) {
                if (an.property(l) != null) {
                    continue; // dtc warns "label already exists" and keeps the first
                }
                Data d = new DataBuilder().marker(Marker.Kind.TYPE_STRING, null)
                        .bytes((n.path() + "\0").getBytes(StandardCharsets.ISO_8859_1)).build();
                an.addProperty(new Property(l, d, n.pos()));
            }
            allocate.applyAsInt(n);
        }
        for (Node c : n.children()) {
            symbols(an, c);
        }
    }

    void fixups() {
        if (any(tree.root(), false)) {
            Node fn = childOrNew(tree.root(), "__fixups__");
            unresolved(fn, tree.root());
        }
        if (any(tree.root(), true)) {
            Node lfn = childOrNew(tree.root(), "__local_fixups__");
            resolved(lfn, tree.root());
        }
    }

    private boolean any(Node n, boolean resolved) {
        for (Property p : n.properties()) {
            for (Marker m : p.value().markers()) {
                if (m.kind() == Marker.Kind.REF_PHANDLE && (byRef.apply(m.ref()) != null) == resolved) {
                    return true;
                }
            }
        }
        for (Node c : n.children()) {
            if (any(c, resolved)) {
                return true;
            }
        }
        return false;
    }

    private void unresolved(Node fn, Node n) {
        for (Property p : n.properties()) {
            for (Marker m : p.value().markers()) {
                if (m.kind() == Marker.Kind.REF_PHANDLE && byRef.apply(m.ref()) == null) {
                    String entry = n.path() + ":" + p.name() + ":" + m.offset() + "\0";
                    append(fn, m.ref(), entry.getBytes(StandardCharsets.ISO_8859_1), Marker.Kind.TYPE_STRING);
                }
            }
        }
        for (Node c : n.children()) {
            unresolved(fn, c);
        }
    }

    private void resolved(Node lfn, Node n) {
        for (Property p : n.properties()) {
            for (Marker m : p.value().markers()) {
                if (m.kind() == Marker.Kind.REF_PHANDLE && byRef.apply(m.ref()) != null) {
                    Node wn = lfn;
                    java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
                    for (Node w = n; w.parent() != null; w = w.parent()) {
                        names.push(w.name());
                    }
                    for (String name : names) {
                        wn = childOrNew(wn, name);
                    }
                    byte[] off = new DataBuilder().cell(m.offset()).build().bytes();
                    append(wn, p.name(), off, Marker.Kind.TYPE_U32);
                }
            }
        }
        for (Node c : n.children()) {
            resolved(lfn, c);
        }
    }

    private static void append(Node n, String name, byte[] bytes, Marker.Kind type) {
        Property p = n.property(name);
        if (p == null) {
            n.addProperty(new Property(name, new DataBuilder().marker(type, null).bytes(bytes).build(), n.pos()));
        } else {
            p.setValue(new DataBuilder().append(p.value()).marker(type, null).bytes(bytes).build());
        }
    }

    private static Node childOrNew(Node parent, String name) {
        Node c = parent.child(name);
        if (c == null) {
            c = new Node(name, parent.pos());
            parent.addChild(c);
        }
        return c;
    }
}
