package dev.iommuc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code check}'s progress line, {@code [ 37/1118] qcom/sm8550-hdk.dts}, redrawn in place with
 * {@code \r} on standard error. Only for a person at a terminal: piped or in CI it would only fill
 * logs with carriage returns, so then it prints nothing at all.
 */
final class Progress {

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final int width;
    private int done;
    private int shown;

    Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
        int cols = 80;
        try {
            cols = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException e) {
            // keep 80
        }
        this.width = Math.max(20, cols - 1);
    }

    /**
     * Whether standard error is a terminal a person watches: a console (stdin and stdout are
     * terminals), standard error a terminal device too (Linux's /proc tells; elsewhere we trust the
     * console), and not a CI job.
     */
    static boolean interactive() {
        if (System.console() == null || System.getenv("CI") != null) {
            return false;
        }
        try {
            String fd2 = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /** One more board finished (in any order: workers finish when they finish). */
    synchronized void done(String board) {
        done++;
        if (!enabled) {
            return;
        }
        String digits = String.valueOf(total);
        String line = "[" + " ".repeat(digits.length() - String.valueOf(done).length()) + done + "/" + total + "] " + board;
        if (line.length() > width) {
            line = line.substring(0, width);
        }
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = line.length();
    }

    /** Clears the line so what follows starts on a clean one. */
    synchronized void finish() {
        if (enabled && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
        }
    }
}
