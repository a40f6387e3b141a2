package dev.iommuc.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Speeds up dtc's get_node_by_label (a depth-first search of the whole tree for every
 * {@code &label { … }} while parsing) without changing its answer: every node that was ever given a
 * label is registered, and a lookup keeps the candidates that are still in the tree, alive and
 * carrying the label. One candidate is the answer; several (a duplicate label, an error later
 * anyway) fall back to the search so the first in pre-order still wins.
 */
public final class LabelIndex {

    private final Map<String, List<Node>> byLabel = new HashMap<>();

    public void register(String label, Node node) {
        List<Node> list = byLabel.computeIfAbsent(label, k -> new ArrayList<>(1));
        if (!list.contains(node)) {
            list.add(node);
        }
    }

    /** Registers every label of {@code node}'s subtree (a body about to become part of the tree). */
    public void registerSubtree(Node node) {
        List<Label> ls = node.labels().all();
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            register(l.name(), node);
        }
        List<Node> cs = node.allChildren();
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            registerSubtree(c);
        }
    }

    Node find(DeviceTree tree, String label) {
        List<Node> list = byLabel.get(label);
        if (list == null) {
            return null;
        }
        Node found = null;
        for (Node n : list) {
            if (n.labels().has(label) && attached(tree.root(), n)) {
                if (found != null) {
                    return null;   // ambiguous: let the caller search in pre-order
                }
                found = n;
            }
        }
        return found;
    }

    boolean ambiguous(DeviceTree tree, String label) {
        List<Node> list = byLabel.get(label);
        if (list == null || list.size() < 2) {
            return false;
        }
        int live = 0;
        for (Node n : list) {
            if (n.labels().has(label) && attached(tree.root(), n)) {
                live++;
            }
        }
        return live > 1;
    }

    private static boolean attached(Node root, Node n) {
        Node top = n;
        for (Node p = n; p != null; p = p.parent()) {
            if (p.deleted()) {
                return false;
            }
            top = p;
        }
        return top == root;
    }
}
