package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a top-level statement build the same tree in two boards: its text, the column it starts
 * at, and where each of its lines came from — file, line and include trail — except the bottom of the
 * trail, the {@code #include} line in the board file itself, which differs from board to board and is
 * swapped when a shared tree is copied ({@link SharedTrees}). A statement written in the board file
 * itself names that file and so only matches the same board.
 *
 * @param segs runs of lines from one file with consecutive line numbers
 */
record StatementKey(String text, int col, List<Seg> segs) {

    /**
     * {@code relLine}: first lexer line of the run, counted from the statement's first line; {@code line}:
     * its line in {@code file}; {@code trail}: the include trail without its bottom, each place without
     * its own trail; {@code included}: whether there is a bottom at all.
     */
    record Seg(int relLine, String file, int line, List<SourcePos> trail, boolean included) {
    }

    /** A statement's key and the bottoms of its trails (one per included seg, in seg order). */
    record Located(StatementKey key, List<SourcePos> bottoms) {
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

    /** Computes keys for the statements of one board; remembers what it learnt per include frame. */
    static final class Locator {
        private record FrameSig(List<SourcePos> trail, SourcePos bottom) {
        }

        private final String text;
        private final LineMap map;
        private final Map<LineMap.Frame, FrameSig> sigs = new IdentityHashMap<>();

        Locator(String text, LineMap map) {
            this.text = text;
            this.map = map;
        }

        Located locate(StatementSplitter.Piece p) {
            List<Seg> segs = new ArrayList<>(2);
            List<SourcePos> bottoms = new ArrayList<>(2);
            LineMap.Frame cur = null;
            int expect = 0;
            for (int l = p.line(); l <= p.lastLine(); l++) {
                LineMap.Frame f = map.frameOf(l);
                int orig = map.lineOf(l);
                if (f == null) {
                    return null;
                }
                if (f != cur || orig != expect) {
                    FrameSig sig = sigs.computeIfAbsent(f, Locator::signature);
                    segs.add(new Seg(l - p.line(), f.file(), orig, sig.trail(), sig.bottom() != null));
                    if (sig.bottom() != null) {
                        bottoms.add(sig.bottom());
                    }
                    cur = f;
                }
                expect = orig + 1;
            }
            return new Located(new StatementKey(text.substring(p.start(), p.end()), p.col(), segs), bottoms);
        }

        private static FrameSig signature(LineMap.Frame f) {
            List<SourcePos> chain = new ArrayList<>(3);
            for (SourcePos s = f.from(); s != null; s = s.from()) {
                chain.add(s);
            }
            if (chain.isEmpty()) {
                return new FrameSig(List.of(), null);
            }
            List<SourcePos> trail = new ArrayList<>(chain.size() - 1);
            for (SourcePos s : chain.subList(0, chain.size() - 1)) {
                trail.add(new SourcePos(s.file(), s.line(), s.col(), s.endLine(), s.endCol()));
            }
            return new FrameSig(List.copyOf(trail), chain.get(chain.size() - 1));
        }
    }
}
