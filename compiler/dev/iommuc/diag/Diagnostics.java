package dev.iommuc.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one diagnostics sink of a run (per board): every stage reports here instead of throwing or
 * printing. Levels of named checks are applied on the way in, so a check switched off with
 * {@code -Wno-x} never appears.
 */
public final class Diagnostics {

    private final CheckLevels levels;
    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;
    private int warnings;
    private int limit = 10_000;
    private int reports;

    public Diagnostics() {
        this(new CheckLevels());
    }

    public Diagnostics(CheckLevels levels) {
        this.levels = levels;
    }

    public CheckLevels levels() {
        return levels;
    }

    /** Reports with {@code dflt} as the check's built-in level; returns false if the check is off. */
    public boolean report(Severity dflt, String check, SourcePos pos, String subject, String message,
                          List<Diagnostic.Note> notes) {
        reports++;
        Severity sev = levels.effective(check, dflt);
        if (sev == null) {
            return false;
        }
        if (sev == Severity.ERROR) errors++;
        if (sev == Severity.WARNING) warnings++;
        if (all.size() < limit) {
            all.add(new Diagnostic(sev, check, pos, subject, message, notes));
        }
        return true;
    }

    public void error(String check, SourcePos pos, String message) {
        report(Severity.ERROR, check, pos, "", message, List.of());
    }

    public void error(String check, SourcePos pos, String subject, String message) {
        report(Severity.ERROR, check, pos, subject, message, List.of());
    }

    public void warning(String check, SourcePos pos, String subject, String message) {
        report(Severity.WARNING, check, pos, subject, message, List.of());
    }

    /** Reports a diagnostic as built elsewhere, keeping its severity unless the check's level changes it. */
    public void add(Diagnostic d) {
        report(d.severity(), d.check(), d.pos(), d.subject(), d.message(), d.notes());
    }

    /** Every report so far, including those of checks that are switched off (so dropped). */
    public int reportCount() {
        return reports;
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    public int warningCount() {
        return warnings;
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(all);
    }
}
