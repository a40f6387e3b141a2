package dev.iommuc.ci;

import java.util.List;
import java.util.Locale;

/**
 * A whole {@code check} run, in board order: what every output format is written from.
 * {@code written} counts the expected reports rewritten under {@code --update-expect} (-1: not asked).
 */
public record CheckResults(List<BoardOutcome> boards, long wallNanos, String version, int written) {

    public CheckResults {
        boards = List.copyOf(boards);
    }

    public long count(java.util.function.Predicate<BoardOutcome> p) {
        return boards.stream().filter(p).count();
    }

    /** The summary table: boards, clean, with errors, with warnings, drift, internal errors, wall time. */
    public String summary() {
        String[] head = {"boards", "clean", "with errors", "with warnings", "drift", "internal errors", "wall time"};
        String[] vals = {
            String.valueOf(boards.size()),
            String.valueOf(count(BoardOutcome::clean)),
            String.valueOf(count(b -> b.errors() > 0)),
            String.valueOf(count(b -> b.warnings() > 0)),
            String.valueOf(count(BoardOutcome::hasDrift)),
            String.valueOf(count(BoardOutcome::internal)),
            seconds(wallNanos) + " s",
        };
        StringBuilder h = new StringBuilder();
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < head.length; i++) {
            int w = Math.max(head[i].length(), vals[i].length());
            String sep = i == 0 ? "" : "  ";
            h.append(sep).append(" ".repeat(w - head[i].length())).append(head[i]);
            v.append(sep).append(" ".repeat(w - vals[i].length())).append(vals[i]);
        }
        return h + "\n" + v + "\n";
    }

    /** Nanoseconds as seconds with 3 decimals, independent of the default locale. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
