package dev.iommuc.dts;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.TreeWalk;
import dev.iommuc.model.Property;


/**
 * Canonical DTS text of a live tree in dtc's {@code -O dts} layout (reference/dts-language.md §2.1):
 * {@code /dts-v1/;}, memreserves, then nodes indented with tabs, labels first, properties before
 * children and a blank line before each child. Phandle references print as the numbers they resolved
 * to (as dtc 1.6.1 does), so compiling the text with {@code dtc -I dts -O dtb} gives the same blob as
 * {@link dev.iommuc.dtb.DtbWriter} gives for the tree. Deleted nodes and properties are skipped.
 * Names are printed as they are: a name outside dtc's name characters {@code [A-Za-z0-9,._+*#?@-]}
 * (possible only in a hand-made DTB) has no DTS spelling, in dtc either.
 */
public final class DtsWriter {

    private DtsWriter() {
    }

    public static String write(DeviceTree tree) {
        StringBuilder sb = new StringBuilder(16384);
        sb.append("/dts-v1/;\n");
        if (tree.plugin()) {
            sb.append("/plugin/;\n");
        }
        sb.append('\n');
        for (MemReserve r : tree.reserves()) {
            for (String l : r.labels()) {
                sb.append(l).append(": ");
            }
            sb.append("/memreserve/\t");
            hex16(sb, r.address());
            sb.append(' ');
            hex16(sb, r.size());
            sb.append(";\n");
        }
        writeNodes(sb, tree.root());
        return sb.toString();
    }

    /** Pre-order over the live nodes (iterative: deep trees cannot overflow the Java stack). */
    private static void writeNodes(StringBuilder sb, Node root) {
        TreeWalk.live(root, new TreeWalk.Visitor() {
            @Override
            public void enter(Node node, int depth) {
                if (depth > 0) {
                    sb.append('\n');
                }
                open(sb, node, depth);
            }

            @Override
            public void exit(Node node, int depth) {
                tabs(sb, depth);
                sb.append("};\n");
            }
        });
    }

    private static void open(StringBuilder sb, Node n, int depth) {
        tabs(sb, depth);
        for (String l : n.labels().live()) {
            sb.append(l).append(": ");
        }
        sb.append(depth == 0 ? "/" : n.name()).append(" {\n");
        for (Property p : n.allProperties()) {
            if (p.deleted()) {
                continue;
            }
            tabs(sb, depth + 1);
            for (String l : p.labels().live()) {
                sb.append(l).append(": ");
            }
            sb.append(p.name());
            if (p.value().length() > 0) {
                ValueWriter.write(sb, p.value());
            }
            sb.append(";\n");
        }
    }

    private static void tabs(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append('\t');
        }
    }

    /** {@code 0x%016llx}. */
    private static void hex16(StringBuilder sb, long v) {
        String h = Long.toHexString(v);
        sb.append("0x");
        for (int i = h.length(); i < 16; i++) {
            sb.append('0');
        }
        sb.append(h);
    }
}
