package dev.iommuc.ci;

/**
 * GitHub Actions workflow commands, one per finding ({@code ::error file=F,line=L,col=C::msg},
 * {@code ::warning}, {@code ::notice}), one per drifting board and internal error, then the summary
 * table as plain log lines. Escaping follows GitHub's toolkit: in the message {@code %}, CR and LF
 * become {@code %25}, {@code %0D}, {@code %0A}; in property values also {@code :} and {@code ,}
 * ({@code %3A}, {@code %2C}), which would otherwise end the value.
 */
public final class GithubFormat {

    private GithubFormat() {
    }

    public static String write(CheckResults r) {
        StringBuilder sb = new StringBuilder();
        for (BoardOutcome b : r.boards()) {
            if (b.internal()) {
                command(sb, "error", b.board(), 0, 0, "[" + Finding.INTERNAL + "] " + b.internalError());
            }
            for (Finding f : b.findings()) {
                String kind = f.level().equals("note") ? "notice" : f.level();
                if (f.pos() == null) {
                    command(sb, kind, b.board(), 0, 0, f.text());
                } else {
                    // a DTB position (line 0) has a byte offset, not a column: file only
                    int line = f.pos().line();
                    command(sb, kind, f.pos().file(), line, line > 0 ? f.pos().col() : 0, f.text());
                }
            }
            if (b.hasDrift()) {
                command(sb, "error", b.board(), 0, 0,
                        "[" + Finding.DRIFT + "] drift from the expected report:\n" + String.join("\n", b.drift()));
            }
        }
        return sb.append(r.summary()).toString();
    }

    private static void command(StringBuilder sb, String kind, String file, int line, int col, String msg) {
        sb.append("::").append(kind).append(" file=").append(property(file));
        if (line > 0) {
            sb.append(",line=").append(line);
            if (col > 0) {
                sb.append(",col=").append(col);
            }
        }
        sb.append("::").append(data(msg)).append('\n');
    }

    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
