package dev.iommuc.diag;

import java.util.List;

/**
 * One finding: which check raised it (a stable kebab-case or dtc-style id usable with
 * {@code -W}/{@code -E}), where, and what. {@code subject} is the node path (with {@code :prop}) it is
 * about, or empty. Notes carry the include trail and secondary locations ("also defined at").
 */
public record Diagnostic(Severity severity, String check, SourcePos pos, String subject, String message,
                         List<Note> notes) {

    public record Note(SourcePos pos, String message) {
    }

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    /** One line: {@code file:line:col: error[check]: /node:prop: message}. */
    public String headline() {
        String where = subject.isEmpty() ? "" : subject + ": ";
        return pos + ": " + severity.label() + "[" + check + "]: " + where + message;
    }
}
