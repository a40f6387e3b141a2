package dev.iommuc.ci;

/**
 * The default output: one line per board with problems ({@code board: 2 errors, drift}), its
 * findings and drift indented below it, then the summary table. Clean boards print nothing, so a
 * green run is just the table; notes only show beside a board that has problems anyway.
 */
public final class TextFormat {

    private TextFormat() {
    }

    public static String write(CheckResults r) {
        StringBuilder sb = new StringBuilder();
        for (BoardOutcome b : r.boards()) {
            if (b.clean()) {
                continue;
            }
            sb.append(b.board()).append(": ").append(b.status());
            if (b.internal()) {
                sb.append(": ").append(b.internalError().lines().findFirst().orElse(""));
            }
            sb.append('\n');
            if (b.internal()) {
                b.internalError().lines().skip(1).forEach(l -> sb.append("    ").append(l).append('\n'));
            }
            for (Finding f : b.findings()) {
                sb.append("    ").append(f.headline(b.board())).append('\n');
            }
            if (b.hasDrift()) {
                sb.append("    drift from the expected report:\n");
                b.drift().forEach(l -> sb.append("      ").append(l).append('\n'));
            }
        }
        if (r.written() >= 0) {
            sb.append("wrote ").append(r.written()).append(" expected report").append(r.written() == 1 ? "" : "s")
                    .append('\n');
        }
        return sb.append(r.summary()).toString();
    }
}
