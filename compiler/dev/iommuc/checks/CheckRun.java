package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Data;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.List;

/**
 * One check executing over one tree: gives the body the tree facts and reports in dtc's two shapes,
 * FAIL (about a node: node position, subject {@code /path}, "also defined at" notes for merged nodes)
 * and FAIL_PROP (about a property: its position, subject {@code /path:prop}). Either marks the check
 * failed, which is what dependents look at. Reports always carry the check's built-in level; the
 * {@link Diagnostics} sink applies -W/-E and drops reports of a check that only runs as a prerequisite.
 */
public final class CheckRun {

    private final Check check;
    private final TreeFacts tree;
    private final Diagnostics diags;
    private boolean failed;

    CheckRun(Check check, TreeFacts tree, Diagnostics diags) {
        this.check = check;
        this.tree = tree;
        this.diags = diags;
    }

    public Check check() {
        return check;
    }

    public TreeFacts tree() {
        return tree;
    }

    public boolean failed() {
        return failed;
    }

    /** dtc FAIL: a finding about {@code node} as a whole. */
    public void fail(Node node, String message) {
        failed = true;
        List<Diagnostic.Note> notes = List.of();
        List<SourcePos> where = node.positions();
        if (where.size() > 1) {
            notes = new ArrayList<>(where.size() - 1);
            for (SourcePos p : where.subList(1, where.size())) {
                notes.add(new Diagnostic.Note(p, "also defined at " + p));
            }
        }
        diags.report(check.level().severity(), check.id(), node.pos(), node.path(), message, notes);
    }

    /** dtc FAIL_PROP: a finding about one property of {@code node}. */
    public void failProp(Node node, Property prop, String message) {
        failed = true;
        SourcePos pos = prop.pos() != null && prop.pos().known() ? prop.pos() : node.pos();
        diags.report(check.level().severity(), check.id(), pos, node.path() + ":" + prop.name(), message,
                List.of());
    }

    /**
     * dtc's "Failed prerequisite" line is about no node; dtc names the output file, we name the input
     * (the file of the root node, without a line).
     */
    void failedPrerequisite(String prereq) {
        SourcePos root = tree.root().pos();
        SourcePos where = root.equals(SourcePos.UNKNOWN) ? root : new SourcePos(root.file(), 0, 0, 0, 0);
        diags.report(check.level().severity(), check.id(), where, "", "Failed prerequisite '" + prereq + "'",
                List.of());
    }

    // ---- value helpers shared by the check families ----

    /**
     * The big-endian cell at cell index {@code i}, or 0 past the end. dtc reads some cells without a
     * length check where a prerequisite usually (not always) guarantees them; reading 0 keeps us from
     * crashing where dtc reads garbage.
     */
    static int cellAt(Data d, int i) {
        long off = 4L * i;
        return off + 4 <= d.length() ? d.cell((int) off) : 0;
    }

    /** C {@code "%s"} of a value: the bytes up to the first NUL. */
    static String cString(Data d) {
        byte[] b = d.bytes();
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** dtc streq(prop->val.val, s) on a value whose string-ness a prerequisite established. */
    static boolean valueIs(Property p, String s) {
        return p.value().length() > 0 && cString(p.value()).equals(s);
    }

    /** Text after the first '@', "" when none (dtc get_unitname). */
    static String unitName(Node n) {
        String u = n.unitAddress();
        return u == null ? "" : u;
    }
}
