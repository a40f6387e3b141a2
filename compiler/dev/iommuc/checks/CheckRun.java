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
    public void fail(NodeFacts facts, String message) {
        failed = true;
        Node node = facts.node();
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
    public void failProp(NodeFacts facts, Property prop, String message) {
        failed = true;
        Node node = facts.node();
        SourcePos pos = prop.pos() != null && prop.pos().known() ? prop.pos() : node.pos();
        diags.report(check.level().severity(), check.id(), pos, node.path() + ":" + prop.name(), message,
                List.of());
    }

    /**
     * dtc's "Failed prerequisite" line is about no node; dtc names the output file, we name the input
     * (the file of the root node, without a line).
     */
    void failedPrerequisite(String prereq) {
        SourcePos root = tree.rootNode().pos();
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

    /**
     * Whether a well-formed string list (non-empty, NUL-terminated) has {@code s} as one of its
     * strings, as dtc's fdt_stringlist_contains; compares bytes in place instead of splitting the list.
     * {@code s} is ASCII.
     */
    static boolean listHasString(Data d, String s) {
        byte[] b = d.bytes();
        if (b.length == 0 || b[b.length - 1] != 0) {
            return false;
        }
        int n = s.length();
        for (int start = 0; start < b.length; ) {
            int end = start;
            while (b[end] != 0) {
                end++;
            }
            if (end - start == n) {
                int i = 0;
                while (i < n && b[start + i] == s.charAt(i)) {
                    i++;
                }
                if (i == n) {
                    return true;
                }
            }
            start = end + 1;
        }
        return false;
    }

    /** dtc streq(prop->val.val, s) on a value whose string-ness a prerequisite established. */
    static boolean valueIs(Property p, String s) {
        return p.value().length() > 0 && cString(p.value()).equals(s);
    }
}
