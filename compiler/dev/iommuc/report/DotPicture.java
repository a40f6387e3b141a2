package dev.iommuc.report;


/**
 * {@link Topology} as a Graphviz digraph: one rank per column, left to right
 * ({@code iommuc report BOARD --format dot | dot -Tsvg}).
 */
public final class DotPicture {

    private DotPicture() {
    }

    public static String write(Topology t) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph iommu {\n");
        sb.append("  rankdir=LR;\n  nodesep=0.15;\n  ranksep=0.9;\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n");
        sb.append("  edge [arrowsize=0.6];\n");
        for (int c = 0; c < t.columns().size(); c++) {
            Topology.Column col = t.columns().get(c);
            sb.append("  subgraph cluster_").append(c).append(" {\n");
            sb.append("    label=").append(quote(col.title())).append(";\n    style=dashed;\n    color=gray70;\n");
            for (Topology.Box b : col.boxes()) {
                sb.append("    ").append(quote(b.id())).append(" [label=").append(quote(label(b)))
                        .append(", fillcolor=").append(quote(SvgPicture.fill(b.tone()))).append("];\n");
            }
            sb.append("  }\n");
        }
        for (Topology.Edge e : t.edges()) {
            sb.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
            if (e.style().equals("dashed")) {
                sb.append(" [style=dashed]");
            }
            sb.append(";\n");
        }
        if (!t.notes().isEmpty()) {
            sb.append("  label=").append(quote(String.join("\n", t.notes()))).append(";\n  labelloc=b;\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String label(Topology.Box b) {
        StringBuilder sb = new StringBuilder(b.title());
        for (String l : b.lines()) {
            sb.append('\n').append(l);
        }
        return sb.toString();
    }

    /** A DOT string literal: quotes and backslashes escaped, newlines as {@code \n} (centred lines). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
