package dev.iommuc.diag;

/**
 * A span in an original source file (before preprocessing), 1-based line and column, as dtc's
 * {@code srcpos} and cpp line markers describe it; {@code endCol} is inclusive. {@code from} is the
 * place the file was included from (itself with its own {@code from}), null for the top file: the
 * include trail that diagnostics show as notes. A position in a binary input (a DTB) has line 0 and
 * the 1-based byte offset as column. An unknown position is {@link #UNKNOWN}.
 */
public record SourcePos(String file, int line, int col, int endLine, int endCol, SourcePos from) {

    public static final SourcePos UNKNOWN = new SourcePos("<unknown>", 0, 0, 0, 0);

    public SourcePos(String file, int line, int col, int endLine, int endCol) {
        this(file, line, col, endLine, endCol, null);
    }

    public static SourcePos of(String file, int line, int col) {
        return new SourcePos(file, line, col, line, col);
    }

    /** The smallest span covering this one and {@code other}, when both lie in the same file. */
    public SourcePos to(SourcePos other) {
        if (!other.file.equals(file)) {
            return this;
        }
        return new SourcePos(file, line, col, other.endLine, other.endCol, from);
    }

    public boolean known() {
        return line > 0;
    }

    /** {@code file:line:col}; for a binary input {@code file:0:offset}. */
    @Override
    public String toString() {
        return line > 0 || col > 0 ? file + ":" + line + ":" + col : file;
    }
}
