package dev.iommuc.cpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private byte[] out;
    private int len;
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

    /**
     * For the include memo: how many text-printing calls were made, and how many of them came
     * right after a line marker without starting a line first (which would let state from before
     * the marker leak into what follows it).
     */
    private long touches;
    private long looseTouches;
    private boolean afterMarker;

    /**
     * Everything the printer carries from one output position to the next; an included file's
     * replayed text ends in the state recorded with it.
     */
    record State(boolean printed, int srcLine, String file, boolean afterMarker, boolean avoidPaste, Tok source,
                 int prevKind, char prevFirst, LexedFile rawLf, int rawPos) {
    }

    Printer(int capacity, long maxChars) {
        this.out = new byte[capacity];
        this.maxChars = maxChars;
    }

    boolean overflow() {
        return len > maxChars;
    }

    long length() {
        return len;
    }

    State state() {
        return new State(printed, srcLine, file, afterMarker, avoidPaste, source, prevKind, prevFirst, rawLf, rawPos);
    }

    long touches() {
        return touches;
    }

    long looseTouches() {
        return looseTouches;
    }

    boolean avoidPaste() {
        return avoidPaste;
    }

    /** The text printed from offset {@code from} on. */
    byte[] since(int from) {
        return Arrays.copyOfRange(out, from, len);
    }

    /**
     * Appends text recorded by {@link #since} and takes the state that followed it. When that text
     * printed no token ({@code touched} false), only the line position is taken: the spacing state
     * is still the one from before.
     */
    void replay(byte[] text, State s, boolean touched) {
        room(text.length);
        System.arraycopy(text, 0, out, len, text.length);
        len += text.length;
        printed = s.printed();
        srcLine = s.srcLine();
        file = s.file();
        afterMarker = s.afterMarker();
        if (touched) {
            touches++;
            avoidPaste = s.avoidPaste();
            source = s.source();
            prevKind = s.prevKind();
            prevFirst = s.prevFirst();
            rawLf = s.rawLf();
            rawPos = s.rawPos();
        }
    }

    /** Counts a printing call; one right after a marker that does not start a line is "loose". */
    private void touch(boolean startsLine) {
        touches++;
        if (afterMarker && !startsLine) {
            looseTouches++;
        }
        afterMarker = false;
    }

    Preprocessor.Output output() {
        return new Preprocessor.Output(out, len);
    }

    private void room(int n) {
        if (len + n > out.length) {
            long want = Math.max((long) out.length * 2, (long) len + n);
            if (want > Integer.MAX_VALUE - 16) {
                want = Math.max(len + n, Integer.MAX_VALUE - 16);
            }
            out = Arrays.copyOf(out, (int) want);
        }
    }

    private void put(char c) {
        if (len == out.length) {
            room(1);
        }
        out[len++] = (byte) c;
    }

    private void put(byte[] b, int from, int to) {
        int n = to - from;
        room(n);
        System.arraycopy(b, from, out, len, n);
        len += n;
    }

    private void put(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            out[len + i] = (byte) s.charAt(i);
        }
        len += n;
    }

    /** {@code # line "file" flags}, ending the current line first. */
    void marker(int line, String name, String flags) {
        if (printed) {
            put('\n');
            printed = false;
        }
        put("# ");
        put(Integer.toString(line));
        put(" \"");
        escape(name);
        put('"');
        put(flags);
        put('\n');
        srcLine = line;
        file = name;
        afterMarker = true;
    }

    private void escape(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == '"') {
                put('\\');
                put(c);
            } else if (c < 0x20 || c == 0x7f) {
                put('\\');
                put((char) ('0' + ((c >> 6) & 7)));
                put((char) ('0' + ((c >> 3) & 7)));
                put((char) ('0' + (c & 7)));
            } else {
                put(c);
            }
        }
    }

    /**
     * Ends the current line and moves output to presumed line {@code target} of the current file:
     * blank lines for a small gap, else a marker (GNU's maybe_print_line).
     */
    void sync(int target) {
        if (printed) {
            put('\n');
            srcLine++;
            printed = false;
        }
        if (target >= srcLine && target < srcLine + 8) {
            while (srcLine < target) {
                put('\n');
                srcLine++;
            }
        } else {
            marker(target, file, "");
        }
    }

    private void lineChange(int target) {
        sync(target); // may print a marker: the line it starts is still a fresh one
        touch(true);
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
        byte[] b = lf.buf;
        while (ls > 0 && b[ls - 1] != '\n') {
            ls--;
        }
        put(b, ls, s);
        rawLf = lf;
        rawPos = s;
    }

    /** Tokens {@code [from, to)} of one logical line, straight from the source. */
    void directRun(LexedFile lf, int from, int to) {
        touch(false);
        int s = rawPos;
        if (avoidPaste || rawLf != lf || (s != lf.start[from] && (from == 0 || s != lf.end[from - 1]))) {
            direct(lf, from);
            if (++from == to) {
                return;
            }
            s = rawPos;
        }
        int last = to - 1;
        int e = lf.end[last];
        if (lf.line[last] != lf.line[from]) {
            srcLine += newlines(lf.buf, s, e); // block comments spanning lines inside the run
        }
        put(lf.buf, s, e);
        prevKind = lf.kind[last];
        prevFirst = (char) (lf.buf[lf.start[last]] & 0xff);
        printed = true;
        rawPos = e;
    }

    /** A token straight from the source. */
    void direct(LexedFile lf, int i) {
        touch(false);
        byte k = lf.kind[i];
        byte[] b = lf.buf;
        int s = lf.start[i];
        int e = lf.end[i];
        boolean white = (lf.flags[i] & LexedFile.PREV_WHITE) != 0;
        if (!avoidPaste && rawLf == lf && i > 0 && rawPos == lf.end[i - 1]) {
            // The common case: the previous source token was printed last; copy gap and token at once.
            if (lf.line[i] != lf.line[i - 1]) {
                srcLine += newlines(b, rawPos, s); // a block comment spanning lines was in the gap
            }
            put(b, rawPos, e);
        } else {
            if (avoidPaste) {
                boolean srcWhite = source != null ? source.white() : white;
                if (srcWhite || (prevKind < 0 ? k == Tk.HASH
                        : Tk.avoidPaste(prevKind, prevFirst, k, (char) (b[s] & 0xff), allId(b, s, e)))) {
                    if (srcWhite && white) {
                        rawGap(lf, i);
                    } else {
                        put(' ');
                    }
                }
            } else if (white) {
                rawGap(lf, i);
            }
            put(b, s, e);
            avoidPaste = false;
            source = null;
        }
        prevKind = k;
        prevFirst = (char) (b[s] & 0xff);
        printed = true;
        rawLf = lf;
        rawPos = e;
    }

    /** Copies the white space before source token {@code i}, unless it is already out. */
    private void rawGap(LexedFile lf, int i) {
        int s = lf.start[i];
        if (rawLf == lf && rawPos == s) {
            return;
        }
        if (i == 0 || (lf.flags[i] & LexedFile.BOL) != 0) {
            put(' ');
            return;
        }
        put(lf.buf, lf.end[i - 1], s);
        if (lf.line[i] != lf.line[i - 1]) {
            srcLine += newlines(lf.buf, lf.end[i - 1], s);
        }
    }

    /** Newlines in {@code b[from, to)}: printed ones advance the output line (splices do not). */
    private static int newlines(byte[] b, int from, int to) {
        int n = 0;
        for (int p = from; p < to; p++) {
            if (b[p] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean allId(byte[] b, int s, int e) {
        for (int p = s; p < e; p++) {
            if (!Tk.isIdChar((char) b[p])) {
                return false;
            }
        }
        return true;
    }

    /** A padding token (GNU's rule for which white space it stands for). */
    void padding(Tok p) {
        touch(false);
        avoidPaste = true;
        if (source == null || (!source.white() && p.src == null)) {
            source = p.src;
        }
    }

    /** A token produced by macro expansion. */
    void tok(Tok t) {
        touch(false);
        if (avoidPaste) {
            Tok src = source != null ? source : t;
            if (src.white() || (prevKind < 0 ? t.kind == Tk.HASH
                    : Tk.avoidPaste(prevKind, prevFirst, t.kind, t.first(),
                    t.kind == Tk.NUMBER && Tk.allIdChars(t.text)))) {
                space(src);
            }
        } else if (t.white()) {
            put(' ');
        }
        put(t.text);
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
                srcLine += newlines(lf.buf, rawPos, s);
                put(lf.buf, rawPos, s);
                rawPos = s;
                return;
            }
        }
        put(' ');
    }

    /** Ends the output (a final newline if a line is open). */
    void finish() {
        if (printed) {
            put('\n');
            printed = false;
        }
    }
}
