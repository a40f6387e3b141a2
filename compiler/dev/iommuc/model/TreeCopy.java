package dev.iommuc.model;

import dev.iommuc.diag.SourcePos;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A deep copy of a live (pre-fixup) subtree with everything dtc's tree building keeps: tombstoned
 * nodes, properties and labels in place, every definition site, the omit/referenced flags and
 * phandles. Values ({@link Data}) and positions are immutable and shared, except that each position
 * goes through {@code relocate}, so a tree built while parsing one board can stand in for the same
 * statements of another board whose files were included from other lines (parse.SharedTrees).
 */
public final class TreeCopy {

    private final UnaryOperator<SourcePos> relocate;
    private int weight;

    private TreeCopy(UnaryOperator<SourcePos> relocate) {
        this.relocate = relocate;
    }

    /** The copy and its size in nodes plus properties (what a cache of copies budgets by). */
    public record Result(Node root, int weight) {
    }

    public static Result copy(Node root, UnaryOperator<SourcePos> relocate) {
        TreeCopy c = new TreeCopy(relocate);
        Node copy = c.node(root);
        return new Result(copy, c.weight);
    }

    private Node node(Node n) {
        weight++;
        Node c = new Node(n.name(), null);
        List<SourcePos> ps = n.positions();
        for (int pI = 0; pI < ps.size(); pI++) {
            SourcePos p = ps.get(pI);
            c.positions().add(relocate.apply(p));
        }
        c.labels().copyFrom(n.labels());
        c.setDeleted(n.deleted());
        c.setOmitIfUnused(n.omitIfUnused());
        if (n.referenced()) {
            c.markReferenced();
        }
        c.setPhandle(n.phandle());
        List<Property> props = n.allProperties();
        List<Node> kids = n.allChildren();
        c.reserve(props.size(), kids.size());
        for (int i = 0; i < props.size(); i++) {
            Property p = props.get(i);
            weight++;
            Property q = new Property(p.name(), p.value(), p.pos() == null ? null : relocate.apply(p.pos()));
            if (!p.labelList().isEmpty()) {
                q.labels().copyFrom(p.labels());
            }
            q.setDeleted(p.deleted());
            c.addProperty(q);
        }
        for (int i = 0; i < kids.size(); i++) {
            c.addChild(node(kids.get(i)));
        }
        return c;
    }
}
