package dev.iommuc.ci;

import java.util.ArrayList;
import java.util.List;

/**
 * JUnit XML as CI servers read it: one {@code <testsuite>}, one {@code <testcase>} per board named by
 * its path, {@code <failure>} when the board has errors or drift (the messages as its text),
 * {@code <error>} for an internal error, warnings and notes of a passing board in
 * {@code <system-out>}; times in seconds.
 */
public final class JunitFormat {

    private JunitFormat() {
    }

    public static String write(CheckResults r) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"iommuc check\" tests=\"").append(r.boards().size())
                .append("\" failures=\"").append(r.count(b -> !b.internal() && b.failed()))
                .append("\" errors=\"").append(r.count(BoardOutcome::internal))
                .append("\" skipped=\"0\" time=\"").append(CheckResults.seconds(r.wallNanos())).append("\">\n");
        for (BoardOutcome b : r.boards()) {
            sb.append("  <testcase classname=\"iommuc.check\" name=\"").append(xml(b.board()))
                    .append("\" time=\"").append(CheckResults.seconds(b.nanos())).append("\"");
            List<String> lines = new ArrayList<>();
            for (Finding f : b.findings()) {
                lines.add(f.headline(b.board()));
            }
            if (b.hasDrift()) {
                lines.add("drift from the expected report:");
                b.drift().forEach(l -> lines.add("  " + l));
            }
            if (b.internal()) {
                sb.append(">\n    <error type=\"").append(Finding.INTERNAL).append("\" message=\"")
                        .append(xml(b.internalError().lines().findFirst().orElse(""))).append("\">")
                        .append(xml(b.internalError())).append("</error>\n");
                text(sb, "system-out", lines);
                sb.append("  </testcase>\n");
            } else if (b.failed()) {
                sb.append(">\n    <failure type=\"").append(b.hasDrift() && b.errors() == 0 ? Finding.DRIFT : "error")
                        .append("\" message=\"").append(xml(b.board() + ": " + b.status())).append("\">")
                        .append(xml(String.join("\n", lines))).append("</failure>\n");
                sb.append("  </testcase>\n");
            } else if (!lines.isEmpty()) {
                sb.append(">\n");
                text(sb, "system-out", lines);
                sb.append("  </testcase>\n");
            } else {
                sb.append("/>\n");
            }
        }
        return sb.append("</testsuite>\n").toString();
    }

    private static void text(StringBuilder sb, String tag, List<String> lines) {
        if (!lines.isEmpty()) {
            sb.append("    <").append(tag).append('>').append(xml(String.join("\n", lines))).append("</").append(tag)
                    .append(">\n");
        }
    }

    /** Escapes for text and attribute values; characters XML 1.0 cannot carry become U+FFFD. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                        ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}
