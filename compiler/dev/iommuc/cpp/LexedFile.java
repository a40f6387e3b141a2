package dev.iommuc.cpp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One source file, lexed once and shared (read-only) by every board that includes it.
 *
 * <p>{@link #buf} is the file text after line splicing (backslash-newline removed, line ends
 * normalised to {@code \n}) with every comment replaced by spaces of the same width (newlines inside
 * block comments are kept, so the text still has one line per physical line except where lines were
 * spliced). Tokens are kept as parallel arrays of offsets into {@link #buf}; {@link #line} is the
 * physical (1-based) line each token starts on, so positions map back to the original file.
 * The buffer holds the file's bytes, so any byte sequence survives unchanged (text is ISO-8859-1).
 */
final class LexedFile {

    static final byte BOL = 1;
    static final byte PREV_WHITE = 2;

    /** A problem found while lexing (reported each time a board enters the file). */
    record LexDiag(String check, int line, int col, String message) {
    }

    final String key;
    final byte[] buf;
    final int ntok;
    final int[] start;
    final int[] end;
    final int[] line;
    final byte[] kind;
    final byte[] flags;
    /** Interned spelling of each NAME token, null for other kinds. */
    final String[] names;
    /** Buffer offset at which physical line {@code L} starts ({@code physStart[L]}, 1-based). */
    final int[] physStart;
    final int physLines;
    /** Indices of tokens that are a {@code #} at the start of a line (directive candidates). */
    final int[] hashBol;
    final List<LexDiag> diags;
    /** Offsets of the newlines that lie inside block comments (they do not end a logical line). */
    final int[] commentNl;
    /** Include-guard macro if the whole file is wrapped in {@code #ifndef G ... #endif}, else null. */
    final String guard;
    /** Non-null when the file could not be read; then the file has no tokens. */
    final String ioError;
    /**
     * Parsed {@code #define}s, by position in {@link #hashBol}; filled lazily and racily by any
     * thread (a {@link Macro} is immutable, so whichever equal copy lands is fine).
     */
    private final Macro[] defs;

    LexedFile(String key, byte[] buf, int ntok, int[] start, int[] end, int[] line, byte[] kind, byte[] flags,
              String[] names, int[] physStart, int physLines, int[] hashBol, List<LexDiag> diags, int[] commentNl, String guard,
              String ioError) {
        this.key = key;
        this.buf = buf;
        this.ntok = ntok;
        this.start = start;
        this.end = end;
        this.line = line;
        this.kind = kind;
        this.flags = flags;
        this.names = names;
        this.physStart = physStart;
        this.physLines = physLines;
        this.hashBol = hashBol;
        this.diags = diags;
        this.commentNl = commentNl;
        this.guard = guard;
        this.ioError = ioError;
        this.defs = new Macro[hashBol.length];
    }

    /** The cached definition made by the {@code #define} whose {@code #} is token {@code hashTok}. */
    Macro cachedDefinition(int hashTok) {
        int h = java.util.Arrays.binarySearch(hashBol, hashTok);
        return h >= 0 ? defs[h] : null;
    }

    void cacheDefinition(int hashTok, Macro m) {
        int h = java.util.Arrays.binarySearch(hashBol, hashTok);
        if (h >= 0) {
            defs[h] = m;
        }
    }

    /** Bytes this file holds, about: its text and its token arrays (for the cache's budget). */
    long weight() {
        return 64L + buf.length + 22L * ntok + 4L * (physStart.length + hashBol.length + commentNl.length);
    }

    static LexedFile failed(String key, String message) {
        return new LexedFile(key, new byte[] {'\n'}, 0, new int[0], new int[0], new int[0], new byte[0],
                new byte[0], new String[0], new int[] {0, 0, 1}, 1, new int[0], List.of(), new int[0], null, message);
    }

    boolean bol(int i) {
        return (flags[i] & BOL) != 0;
    }

    boolean white(int i) {
        return (flags[i] & PREV_WHITE) != 0;
    }

    /** The token's text; names are shared strings, punctuators come from a constant table. */
    String spell(int i) {
        byte k = kind[i];
        if (k == Tk.NAME) {
            return names[i];
        }
        if (Tk.isPunct(k)) {
            return Tk.PUNCT[k];
        }
        return text(start[i], end[i]);
    }

    /** Buffer text {@code [from, to)}. */
    String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** 1-based column of token {@code i} in its physical line. */
    int col(int i) {
        return colOf(start[i], line[i]);
    }

    int colOf(int offset, int physLine) {
        int l = Math.max(1, Math.min(physLine, physLines));
        return Math.max(1, offset - physStart[l] + 1);
    }

    /** Physical line containing buffer offset {@code off}. */
    int lineOfOffset(int off) {
        int lo = 1;
        int hi = physLines;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (physStart[mid] <= off) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Index of the first token of the next logical line after token {@code i} (or {@link #ntok}). */
    int lineEnd(int i) {
        int j = i + 1;
        while (j < ntok && (flags[j] & BOL) == 0) {
            j++;
        }
        return j;
    }

    /** The physical line following the logical line whose last token is {@code lastTokOfLine}. */
    int lineAfter(int lastTokOfLine) {
        int off = end[lastTokOfLine];
        while (off < buf.length - 1 && (buf[off] != '\n' || inComment(off))) {
            off++;
        }
        return lineOfOffset(off) + 1;
    }

    private boolean inComment(int newlineOffset) {
        return commentNl.length > 0 && java.util.Arrays.binarySearch(commentNl, newlineOffset) >= 0;
    }

    /** First index in {@link #hashBol} holding a token index {@code >= from}. */
    int nextHashBol(int from) {
        int lo = 0;
        int hi = hashBol.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hashBol[mid] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < hashBol.length ? hashBol[lo] : -1;
    }
}
