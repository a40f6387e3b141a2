package dev.iommuc.model;

import java.util.List;

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
        List<Label> ls = neu.labels().all();
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            old.labels().add(l.name());
            if (index != null) {
                index.register(l.name(), old);
            }
        }
        List<Property> nps = neu.allProperties();
        for (int npI = 0; npI < nps.size(); npI++) {
            Property np = nps.get(npI);
            if (np.deleted()) {
                List<Property> ops = old.allProperties();
                for (int opI = 0; opI < ops.size(); opI++) {
                    Property op = ops.get(opI);
                    if (op.name().equals(np.name())) {
                        op.setDeleted(true);
                        op.labels().deleteAll();
                        break;
                    }
                }
                continue;
            }
            Property hit = null;
            List<Property> ops = old.allProperties();
            for (int opI = 0; opI < ops.size(); opI++) {
                Property op = ops.get(opI);
                if (op.name().equals(np.name())) {
                    hit = op;
                    break;
                }
            }
            if (hit == null) {
                old.addProperty(np);
            } else {
                List<Label> nls = np.labelList();
                for (int lI = 0; lI < nls.size(); lI++) {
                    Label l = nls.get(lI);
                    hit.labels().add(l.name());
                }
                hit.setValue(np.value());
                hit.setPos(np.pos());
                hit.setDeleted(false);
            }
        }
        List<Node> ncs = neu.allChildren();
        for (int ncI = 0; ncI < ncs.size(); ncI++) {
            Node nc = ncs.get(ncI);
            if (nc.deleted()) {
                List<Node> ocs = old.allChildren();
                for (int ocI = 0; ocI < ocs.size(); ocI++) {
                    Node oc = ocs.get(ocI);
                    if (oc.name().equals(nc.name())) {
                        oc.delete();
                        break;
                    }
                }
                continue;
            }
            Node hit = null;
            List<Node> ocs = old.allChildren();
            for (int ocI = 0; ocI < ocs.size(); ocI++) {
                Node oc = ocs.get(ocI);
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
