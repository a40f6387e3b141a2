package dev.iommuc.diag;

/**
 * A span in an original source file (before preprocessing), 1-based line and column, as dtc's
 * {@code srcpos} and cpp line markers describe it. {@code endCol} is inclusive. A position that
 * is not known is {@link #UNKNOWN}; a position inside a DTB is given as a byte offset in {@code col}
 * with {@code line} 0.
 */
public record SourcePos(String file, int line, int col, int endLine, int endCol) {

    public static final SourcePos UNKNOWN = new SourcePos("<unknown>", 0, 0, 0, 0);

    public static SourcePos of(String file, int line, int col) {
        return new SourcePos(file, line, col, line, col);
    }

    /** The smallest span covering this one and {@code other}, when both lie in the same file. */
    public SourcePos to(SourcePos other) {
        if (!other.file.equals(file)) {
            return this;
        }
        return new SourcePos(file, line, col, other.endLine, other.endCol);
    }

    public boolean known() {
        return line > 0;
    }

    /** {@code file:line:col}, the form every diagnostic starts with. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + col : file;
    }
}
