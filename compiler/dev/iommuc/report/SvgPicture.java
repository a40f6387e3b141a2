package dev.iommuc.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Topology} as a standalone SVG: the columns side by side, boxes stacked in report order,
 * edges as curves from a box's right side to the next box's left side. No layout engine: the
 * columns are the layout, so the same report always gives the same bytes.
 */
public final class SvgPicture {

    private static final int BOX_W = 200;
    private static final int PITCH = 260;
    private static final int LINE_H = 14;
    private static final int GAP = 10;
    private static final int TOP = 44;
    private static final int MARGIN = 16;

    private SvgPicture() {
    }

    /** The fill colour of a box tone (shared with {@link DotPicture}). */
    static String fill(String tone) {
        return switch (tone) {
            case "master" -> "#dbe9f6";
            case "stream" -> "#eef3f8";
            case "group" -> "#f2e6d9";
            case "domain-dma" -> "#d9f2dd";
            case "domain-unmanaged" -> "#e8dcf5";
            case "domain-blocked" -> "#f6d5d5";
            case "bank" -> "#fff4c2";
            case "table" -> "#e0f0ee";
            default -> "#eeeeee";
        };
    }

    private record Place(int x, int y, int h) {
    }

    public static String write(Topology t) {
        Map<String, Place> at = new LinkedHashMap<>();
        int height = TOP;
        for (int c = 0; c < t.columns().size(); c++) {
            int y = TOP;
            for (Topology.Box b : t.columns().get(c).boxes()) {
                int h = 8 + LINE_H * (1 + b.lines().size());
                at.put(b.id(), new Place(MARGIN + c * PITCH, y, h));
                y += h + GAP;
            }
            height = Math.max(height, y);
        }
        int notesTop = height + 6;
        height += t.notes().size() * LINE_H + (t.notes().isEmpty() ? 0 : 10);
        int width = 2 * MARGIN + (t.columns().size() - 1) * PITCH + BOX_W;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height + MARGIN).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + MARGIN)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int c = 0; c < t.columns().size(); c++) {
            sb.append("<text x=\"").append(MARGIN + c * PITCH + BOX_W / 2).append("\" y=\"24\" text-anchor=\"middle\"")
                    .append(" font-weight=\"bold\" fill=\"#555\">").append(t.columns().get(c).title())
                    .append("</text>\n");
        }
        for (Topology.Edge e : t.edges()) {
            Place a = at.get(e.from());
            Place b = at.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            int x1 = a.x() + BOX_W;
            int y1 = a.y() + a.h() / 2;
            int x2 = b.x();
            int y2 = b.y() + b.h() / 2;
            int dx = Math.max(30, (x2 - x1) / 2);
            sb.append("<path d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + dx).append(',')
                    .append(y1).append(' ').append(x2 - dx).append(',').append(y2).append(' ').append(x2).append(',')
                    .append(y2).append("\" fill=\"none\" stroke=\"#777\"")
                    .append(e.style().equals("dashed") ? " stroke-dasharray=\"4 3\"" : "").append("/>\n");
        }
        for (Topology.Column col : t.columns()) {
            for (Topology.Box b : col.boxes()) {
                Place p = at.get(b.id());
                sb.append("<rect x=\"").append(p.x()).append("\" y=\"").append(p.y()).append("\" width=\"")
                        .append(BOX_W).append("\" height=\"").append(p.h()).append("\" rx=\"5\" fill=\"")
                        .append(fill(b.tone())).append("\" stroke=\"#888\"/>\n");
                int ty = p.y() + 4 + LINE_H - 2;
                sb.append("<text x=\"").append(p.x() + 8).append("\" y=\"").append(ty)
                        .append("\" font-weight=\"bold\">").append(esc(b.title())).append("</text>\n");
                for (String line : b.lines()) {
                    ty += LINE_H;
                    sb.append("<text x=\"").append(p.x() + 8).append("\" y=\"").append(ty).append("\">")
                            .append(esc(line)).append("</text>\n");
                }
            }
        }
        int ny = notesTop;
        for (String n : t.notes()) {
            ny += LINE_H;
            sb.append("<text x=\"").append(MARGIN).append("\" y=\"").append(ny).append("\" fill=\"")
                    .append(n.startsWith("error") ? "#b00020" : "#8a6d00").append("\">").append(escText(n))
                    .append("</text>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String escText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Escaped for XML text, cut to what fits a box (about 31 characters at 11 px). */
    private static String esc(String s) {
        if (s.length() > 31) {
            s = s.substring(0, 30) + "…";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
