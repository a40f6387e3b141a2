package dev.iommuc.cpp;

/**
 * Writes preprocessed text with GNU-style line markers.
 *
 * <p>Tokens taken straight from a source file are copied with the original text between them
 * (comments already blanked), so unexpanded lines keep their columns. Tokens produced by macro
 * expansion follow GNU cpp's spacing: a space where the source had white space, and a space where
 * two tokens would otherwise lex as one; {@link Tk#PADDING} tokens carry that white-space
 * information across expansion boundaries. A line marker is emitted whenever the next output line
 * is not the next line of the current file (up to 7 missing lines are filled with blank lines).
 */
final class Printer {

    private final StringBuilder out;
    private final long maxChars;

    /** Presumed file and line of the current output line. */
    private String file = "";
    private int srcLine = 1;
    /** Something was printed on the current output line. */
    private boolean printed;

    // GNU spacing state.
    private boolean avoidPaste;
    private Tok source;
    private int prevKind = -1;
    private char prevFirst;

    /** The raw text of {@link #rawLf} has been copied up to offset {@link #rawPos} (-1: out of sync). */
    private LexedFile rawLf;
    private int rawPos = -1;

    Printer(int capacity, long maxChars) {
        this.out = new StringBuilder(capacity);
        this.maxChars = maxChars;
    }

    boolean overflow() {
        return out.length() > maxChars;
    }

    long length() {
        return out.length();
    }

    String text() {
        return out.toString();
    }

    /** {@code # line "file" flags}, ending the current line first. */
    void marker(int line, String name, String flags) {
        if (printed) {
            out.append('\n');
            printed = false;
        }
        out.append("# ").append(line).append(" \"");
        escape(name);
        out.append('"').append(flags).append('\n');
        srcLine = line;
        file = name;
    }

    private void escape(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\\').append((char) ('0' + ((c >> 6) & 7))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                out.append(c);
            }
        }
    }

    /**
     * Ends the current line and moves output to presumed line {@code target} of the current file:
     * blank lines for a small gap, else a marker (GNU's maybe_print_line).
     */
    void sync(int target) {
        if (printed) {
            out.append('\n');
            srcLine++;
            printed = false;
        }
        if (target >= srcLine && target < srcLine + 8) {
            while (srcLine < target) {
                out.append('\n');
                srcLine++;
            }
        } else {
            marker(target, file, "");
        }
    }

    private void lineChange(int target) {
        sync(target);
        prevKind = -1;
        source = null;
        printed = true;
    }

    /**
     * Starts a new output line for the first token {@code i} of a source line (presumed line
     * {@code line}), copying its indentation.
     */
    void beginLine(LexedFile lf, int i, int line) {
        lineChange(line);
        int s = lf.start[i];
        int ls = s;
        char[] b = lf.buf;
        while (ls > 0 && b[ls - 1] != '\n') {
            ls--;
        }
        out.append(b, ls, s - ls);
        rawLf = lf;
        rawPos = s;
    }

    /** A token straight from the source, at presumed line {@code line}. */
    void direct(LexedFile lf, int i, int line) {
        byte k = lf.kind[i];
        char[] b = lf.buf;
        int s = lf.start[i];
        boolean white = (lf.flags[i] & LexedFile.PREV_WHITE) != 0;
        if (avoidPaste) {
            boolean srcWhite = source != null ? source.white() : white;
            if (srcWhite || (prevKind < 0 ? k == Tk.HASH
                    : Tk.avoidPaste(prevKind, prevFirst, k, b[s], allId(b, s, lf.end[i])))) {
                if (srcWhite && white) {
                    rawGap(lf, i, line);
                } else {
                    out.append(' ');
                }
            }
        } else if (white) {
            rawGap(lf, i, line);
        }
        int e = lf.end[i];
        out.append(b, s, e - s);
        prevKind = k;
        prevFirst = b[s];
        avoidPaste = false;
        source = null;
        printed = true;
        rawLf = lf;
        rawPos = e;
    }

    /** Copies the white space before source token {@code i}, unless it is already out. */
    private void rawGap(LexedFile lf, int i, int line) {
        int s = lf.start[i];
        if (rawLf == lf && rawPos == s) {
            return;
        }
        if (i == 0 || (lf.flags[i] & LexedFile.BOL) != 0) {
            out.append(' ');
            return;
        }
        int from = lf.end[i - 1];
        boolean newline = false;
        for (int p = from; p < s; p++) {
            if (lf.buf[p] == '\n') {
                newline = true;
                break;
            }
        }
        out.append(lf.buf, from, s - from);
        if (newline) {
            srcLine = line;
        }
    }

    private static boolean allId(char[] b, int s, int e) {
        for (int p = s; p < e; p++) {
            if (!Tk.isIdChar(b[p])) {
                return false;
            }
        }
        return true;
    }

    /** A padding token (GNU's rule for which white space it stands for). */
    void padding(Tok p) {
        avoidPaste = true;
        if (source == null || (!source.white() && p.src == null)) {
            source = p.src;
        }
    }

    /** A token produced by macro expansion. */
    void tok(Tok t) {
        if (avoidPaste) {
            Tok src = source != null ? source : t;
            if (src.white() || (prevKind < 0 ? t.kind == Tk.HASH
                    : Tk.avoidPaste(prevKind, prevFirst, t.kind, t.first(),
                    t.kind == Tk.NUMBER && Tk.allIdChars(t.text)))) {
                space(src);
            }
        } else if (t.white()) {
            out.append(' ');
        }
        out.append(t.text);
        prevKind = t.kind;
        prevFirst = t.first();
        avoidPaste = false;
        source = null;
        printed = true;
        rawPos = -1;
    }

    /**
     * White space standing for {@code src}: the original text when {@code src} is the source token
     * that directly follows what was printed last (a macro name), else one space.
     */
    private void space(Tok src) {
        LexedFile lf = src.lf;
        if (lf != null && lf == rawLf && src.idx >= 0 && src.white()) {
            int s = lf.start[src.idx];
            if (rawPos == s) {
                return;
            }
            if (src.idx > 0 && rawPos == lf.end[src.idx - 1] && (lf.flags[src.idx] & LexedFile.BOL) == 0) {
                boolean newline = false;
                for (int p = rawPos; p < s; p++) {
                    if (lf.buf[p] == '\n') {
                        newline = true;
                        break;
                    }
                }
                out.append(lf.buf, rawPos, s - rawPos);
                if (newline) {
                    srcLine = src.line;
                }
                rawPos = s;
                return;
            }
        }
        out.append(' ');
    }

    /** Ends the output (a final newline if a line is open). */
    void finish() {
        if (printed) {
            out.append('\n');
            printed = false;
        }
    }
}
