package dev.iommuc.cpp;

/**
 * A token inside the macro engine (tokens of the source file itself stay in {@link LexedFile}
 * arrays and become {@code Tok}s only when they take part in an expansion). Immutable: painting a
 * token "no longer expandable" makes a copy. A {@link Tk#PADDING} token carries no text; its
 * {@link #src} is the token whose preceding white space it stands for (or null), which is how the
 * printer decides, as GNU cpp does, where expansions need a space.
 */
final class Tok {

    static final int PREV_WHITE = 1;
    /** Painted: a macro name met while its macro was being expanded; never expands again. */
    static final int NO_EXPAND = 2;
    /** In a macro body: followed by {@code ##}. */
    static final int PASTE_LEFT = 4;
    /** In a macro body: a parameter preceded by {@code #}. */
    static final int STRINGIFY = 8;
    /** A source token that starts a line. */
    static final int BOL = 16;

    static final Tok AVOID_PASTE = padding(null);
    static final Tok EOF = new Tok(Tk.EOF, "", 0, -1, null, null, -1, 0);

    final byte kind;
    final String text;
    final int flags;
    /** In a macro body: index of the parameter this token stands for, else -1. */
    final int param;
    /** PADDING only: the token whose spacing it carries (may be null). */
    final Tok src;
    /** For tokens taken from a source file: the file and token index (for positions); else null/-1. */
    final LexedFile lf;
    final int idx;
    /** Presumed line of a token taken from a source file (0 for tokens of macro bodies). */
    final int line;

    Tok(byte kind, String text, int flags, int param, Tok src, LexedFile lf, int idx, int line) {
        this.kind = kind;
        this.text = text;
        this.flags = flags;
        this.param = param;
        this.src = src;
        this.lf = lf;
        this.idx = idx;
        this.line = line;
    }

    static Tok of(byte kind, String text, int flags) {
        return new Tok(kind, text, flags, -1, null, null, -1, 0);
    }

    static Tok padding(Tok source) {
        return new Tok(Tk.PADDING, "", 0, -1, source, null, -1, 0);
    }

    boolean white() {
        return (flags & PREV_WHITE) != 0;
    }

    boolean is(int f) {
        return (flags & f) != 0;
    }

    Tok withFlags(int newFlags) {
        return newFlags == flags ? this : new Tok(kind, text, newFlags, param, src, lf, idx, line);
    }

    char first() {
        return text.isEmpty() ? '\0' : text.charAt(0);
    }

    @Override
    public String toString() {
        return kind == Tk.PADDING ? "<pad>" : text;
    }
}
