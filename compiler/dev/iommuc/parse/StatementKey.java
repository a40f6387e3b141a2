package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a top-level statement build the same tree in two boards: its text, the column it starts
 * at, and the file and line each of its lines came from. Where those files were included from (the
 * include trail, which starts at an {@code #include} line of the board file itself and so differs
 * from board to board) is not part of it: a shared tree's positions get the new board's trails when
 * it is copied ({@link SharedTrees}). A statement written in the board file itself names that file
 * and so only matches the same board.
 *
 * <p>A key looked up reads its text in place in the board's bytes (no copy per statement per board);
 * only a key kept in the trie gets bytes of its own ({@link #compact()}).
 */
final class StatementKey {

    /**
     * {@code relLine}: first lexer line of the run, counted from the statement's first line; {@code line}:
     * its line in {@code file}; {@code included}: whether the file was included (has a trail).
     */
    record Seg(int relLine, String file, int line, boolean included) {
    }

    private final byte[] src;
    private final int start;
    private final int end;
    private final int col;
    private final List<Seg> segs;
    private int hash;                        // 0 until asked for; racy but idempotent, like String's

    private StatementKey(byte[] src, int start, int end, int col, List<Seg> segs, int hash) {
        this.src = src;
        this.start = start;
        this.end = end;
        this.col = col;
        this.segs = segs;
        this.hash = hash;
    }

    /** The key of the statement at {@code src[start, end)}. */
    static StatementKey of(byte[] src, int start, int end, int col, List<Seg> segs) {
        return new StatementKey(src, start, end, col, segs, 0);
    }

    /** The same key over a copy of just its text, fit to keep without the rest of the board. */
    StatementKey compact() {
        return start == 0 && end == src.length ? this
                : new StatementKey(Arrays.copyOfRange(src, start, end), 0, end - start, col, segs, hashCode());
    }

    int length() {
        return end - start;
    }

    int col() {
        return col;
    }

    List<Seg> segs() {
        return segs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatementKey k && k.hashCode() == hashCode() && k.col == col && k.end - k.start == end - start
                && Arrays.equals(src, start, end, k.src, k.start, k.end) && k.segs.equals(segs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // a sample of the text is enough: equals() compares all of it, and a trie node has a handful
            // of children, so a collision costs one comparison, while hashing every byte of every
            // statement of every board cost 2.6 % of a corpus check
            int len = end - start;
            h = len;
            int step = Math.max(1, len / 64);
            for (int i = start; i < end; i += step) {
                h = 31 * h + src[i];
            }
            for (int i = Math.max(start, end - 16); i < end; i++) {
                h = 31 * h + src[i];
            }
            h = (h * 31 + col) * 31 + segs.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        return new String(src, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1) + " @" + col + " " + segs;
    }

    /** A statement's key and the include trails of its included segs (each trail's head, in seg order). */
    record Located(StatementKey key, List<SourcePos> trails) {
        /** Every line comes from an included file (none from the board file itself). */
        boolean included() {
            for (Seg s : key.segs()) {
                if (!s.included()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Computes keys for the statements of one board. */
    static final class Locator {
        private final byte[] bytes;
        private final LineMap map;

        Locator(byte[] bytes, LineMap map) {
            this.bytes = bytes;
            this.map = map;
        }

        Located locate(StatementSplitter.Piece p) {
            List<Seg> segs = new ArrayList<>(2);
            List<SourcePos> trails = new ArrayList<>(2);
            LineMap.Frame cur = null;
            int expect = 0;
            for (int l = p.line(); l <= p.lastLine(); l++) {
                LineMap.Frame f = map.frameOf(l);
                int orig = map.lineOf(l);
                if (f == null) {
                    return null;
                }
                if (f != cur || orig != expect) {
                    segs.add(new Seg(l - p.line(), f.file(), orig, f.from() != null));
                    if (f.from() != null) {
                        trails.add(f.from());
                    }
                    cur = f;
                }
                expect = orig + 1;
            }
            return new Located(StatementKey.of(bytes, p.start(), p.end(), p.col(), segs), trails);
        }
    }
}
