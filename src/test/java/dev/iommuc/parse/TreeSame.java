package dev.iommuc.parse;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Label;
import dev.iommuc.model.Labels;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.List;

/** Compares two live trees field by field — positions with their include trails, tombstones, labels. */
public final class TreeSame {

    private TreeSame() {
    }

    /** The first difference as a readable line, or null when the trees are the same. */
    public static String diff(DeviceTree a, DeviceTree b) {
        if (a.plugin() != b.plugin() || !a.reserves().equals(b.reserves())) {
            return "header or /memreserve/ differ";
        }
        return node(a.root(), b.root(), "/");
    }

    private static String node(Node a, Node b, String where) {
        if (!a.name().equals(b.name())) {
            return where + ": name " + a.name() + " vs " + b.name();
        }
        if (!a.positions().equals(b.positions())) {
            return where + ": positions " + a.positions() + " vs " + b.positions();
        }
        if (a.deleted() != b.deleted() || a.omitIfUnused() != b.omitIfUnused() || a.referenced() != b.referenced()
                || a.phandle() != b.phandle()) {
            return where + ": flags or phandle differ";
        }
        String l = labels(a.labels(), b.labels());
        if (l != null) {
            return where + ": labels " + l;
        }
        List<Property> pa = a.allProperties();
        List<Property> pb = b.allProperties();
        if (pa.size() != pb.size()) {
            return where + ": " + pa.size() + " vs " + pb.size() + " properties";
        }
        for (int i = 0; i < pa.size(); i++) {
            Property x = pa.get(i);
            Property y = pb.get(i);
            String at = where + ":" + x.name();
            if (!x.name().equals(y.name()) || !x.value().equals(y.value()) || x.deleted() != y.deleted()) {
                return at + ": name, value or tombstone differ";
            }
            if (x.pos() == null ? y.pos() != null : !x.pos().equals(y.pos())) {
                return at + ": position " + x.pos() + " / " + x.pos().from() + " vs " + y.pos() + " / "
                        + (y.pos() == null ? null : y.pos().from());
            }
            String pl = labels(x.labels(), y.labels());
            if (pl != null) {
                return at + ": labels " + pl;
            }
        }
        List<Node> ca = a.allChildren();
        List<Node> cb = b.allChildren();
        if (ca.size() != cb.size()) {
            return where + ": " + ca.size() + " vs " + cb.size() + " children";
        }
        for (int i = 0; i < ca.size(); i++) {
            if (ca.get(i).parent() != a || cb.get(i).parent() != b) {
                return where + ": child " + i + " has a wrong parent";
            }
            String d = node(ca.get(i), cb.get(i), where + (where.endsWith("/") ? "" : "/") + ca.get(i).name());
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static String labels(Labels a, Labels b) {
        List<Label> x = a.all();
        List<Label> y = b.all();
        if (x.size() != y.size()) {
            return x.size() + " vs " + y.size();
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).name().equals(y.get(i).name()) || x.get(i).deleted() != y.get(i).deleted()) {
                return x.get(i).name() + " vs " + y.get(i).name();
            }
        }
        return null;
    }
}
