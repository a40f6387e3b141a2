package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;

import java.util.ArrayList;
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
 * @param segs runs of lines from one file with consecutive line numbers
 */
record StatementKey(String text, int col, List<Seg> segs) {

    /**
     * {@code relLine}: first lexer line of the run, counted from the statement's first line; {@code line}:
     * its line in {@code file}; {@code included}: whether the file was included (has a trail).
     */
    record Seg(int relLine, String file, int line, boolean included) {
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
        private final String text;
        private final LineMap map;

        Locator(String text, LineMap map) {
            this.text = text;
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
            return new Located(new StatementKey(text.substring(p.start(), p.end()), p.col(), segs), trails);
        }
    }
}
