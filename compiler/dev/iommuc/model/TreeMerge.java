package dev.iommuc.model;

/**
 * dtc's merge_nodes (reference/dts-language.md §1.6): the old node is revived, gains the new
 * node's labels; each new property replaces the value of an old one of the same name in place
 * (tombstones included, which revives them) or is appended, a deleting property tombstones the old
 * one; each new child merges into the old child of the same full name (tombstones included) or is
 * appended, a deleting child tombstones the old subtree. Nothing is ever appended to a value.
 */
public final class TreeMerge {

    private TreeMerge() {
    }

    public static void merge(Node old, Node neu) {
        merge(old, neu, null);
    }

    /** As {@link #merge(Node, Node)}, keeping {@code index} (may be null) up to date. */
    public static void merge(Node old, Node neu, LabelIndex index) {
        old.setDeleted(false);
        // dtc walks the new list head-first and prepends each label, so merged labels come out reversed
        for (Label l : neu.labels().all()) {
            old.labels().add(l.name());
            if (index != null) {
                index.register(l.name(), old);
            }
        }
        for (Property np : neu.allProperties()) {
            if (np.deleted()) {
                for (Property op : old.allProperties()) {
                    if (op.name().equals(np.name())) {
                        op.setDeleted(true);
                        op.labels().deleteAll();
                        break;
                    }
                }
                continue;
            }
            Property hit = null;
            for (Property op : old.allProperties()) {
                if (op.name().equals(np.name())) {
                    hit = op;
                    break;
                }
            }
            if (hit == null) {
                old.addProperty(np);
            } else {
                for (Label l : np.labels().all()) {
                    hit.labels().add(l.name());
                }
                hit.setValue(np.value());
                hit.setPos(np.pos());
                hit.setDeleted(false);
            }
        }
        for (Node nc : neu.allChildren()) {
            if (nc.deleted()) {
                for (Node oc : old.allChildren()) {
                    if (oc.name().equals(nc.name())) {
                        oc.delete();
                        break;
                    }
                }
                continue;
            }
            Node hit = null;
            for (Node oc : old.allChildren()) {
                if (oc.name().equals(nc.name())) {
                    hit = oc;
                    break;
                }
            }
            if (hit == null) {
                old.addChild(nc);
                if (index != null) {
                    index.registerSubtree(nc);
                }
            } else {
                merge(hit, nc, index);
            }
        }
        old.positions().addAll(neu.positions());
    }
}
