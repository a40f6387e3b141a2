package dev.iommuc.ci;

import java.util.List;

/**
 * What checking one board came to: its findings (compile diagnostics and runtime events, in report
 * order), its drift from the expected report (readable diff lines, empty when none or not asked),
 * an internal error (one line, or a stack trace under --debug; null when none), how long it took, and
 * the report YAML when it is to be written as the new expected report (null otherwise).
 */
public record BoardOutcome(String board, List<Finding> findings, List<String> drift, String internalError,
                           long nanos, String report) {

    public BoardOutcome {
        findings = List.copyOf(findings);
        drift = List.copyOf(drift);
    }

    public long errors() {
        return findings.stream().filter(Finding::isError).count();
    }

    public long warnings() {
        return findings.stream().filter(Finding::isWarning).count();
    }

    public boolean hasDrift() {
        return !drift.isEmpty();
    }

    public boolean internal() {
        return internalError != null;
    }

    /** Nothing to report: no errors, warnings, drift or internal error (notes do not count). */
    public boolean clean() {
        return errors() == 0 && warnings() == 0 && !hasDrift() && !internal();
    }

    /** Whether the board fails the run (exit 1): errors (warnings too under --werror) or drift. */
    public boolean failed() {
        return errors() > 0 || hasDrift();
    }

    /** "2 errors, 1 warning, drift (3 changes)" or "internal error". */
    public String status() {
        if (internal()) {
            return "internal error";
        }
        StringBuilder s = new StringBuilder();
        count(s, errors(), "error");
        count(s, warnings(), "warning");
        if (hasDrift()) {
            s.append(s.length() > 0 ? ", " : "").append("drift");
        }
        return s.length() == 0 ? "clean" : s.toString();
    }

    private static void count(StringBuilder s, long n, String what) {
        if (n > 0) {
            s.append(s.length() > 0 ? ", " : "").append(n).append(' ').append(what).append(n == 1 ? "" : "s");
        }
    }
}
