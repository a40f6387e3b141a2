package dev.iommuc.ci;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.runtime.exec.RunResult;

/**
 * One thing {@code check} found in a board, in the shape every output format needs: a level
 * ({@code error}, {@code warning}, {@code note}), the check id (the SARIF rule), a place and a message.
 * {@code pos} is null for findings without a source position (runtime events, drift, internal
 * errors): those are reported against the board file itself.
 */
public record Finding(String level, String check, SourcePos pos, String node, String message) {

    /** Drift from the expected report (SPEC §6: an input error, exit 1). */
    public static final String DRIFT = "report-drift";
    /** An unexpected exception while checking one board (a bug: exit 3). */
    public static final String INTERNAL = "internal-error";

    /** A compile-time diagnostic; under {@code --werror} a warning is reported as the error it counts as. */
    static Finding of(Diagnostic d, boolean werror) {
        String level = d.severity().label();
        if (werror && level.equals("warning")) {
            level = "error";
        }
        SourcePos pos = d.pos().known() || d.pos().col() > 0 ? d.pos() : null;
        return new Finding(level, d.check(), pos, d.subject(), d.message());
    }

    /** A runtime event: what the kernel would log at boot, about {@code node}. */
    static Finding of(RunResult.Event e, boolean werror) {
        String level = werror && e.severity().equals("warning") ? "error" : e.severity();
        return new Finding(level, e.check(), null, e.node() == null ? "" : e.node(), e.message());
    }

    public boolean isError() {
        return level.equals("error");
    }

    public boolean isWarning() {
        return level.equals("warning");
    }

    /** {@code [check] /node: message}: the text every format shows (the place is given separately). */
    public String text() {
        return "[" + check + "] " + (node.isEmpty() ? "" : node + ": ") + message;
    }

    /** {@code file:line:col: level[check]: /node: message}, the form the other commands print. */
    public String headline(String board) {
        String where = pos == null ? board : pos.toString();
        return where + ": " + level + "[" + check + "]: " + (node.isEmpty() ? "" : node + ": ") + message;
    }
}
