package dev.iommuc.cpp;

import java.nio.file.Path;
import java.util.ArrayList;

/** One file being preprocessed: the include stack is a chain of these (heap, not Java recursion). */
final class FileState {

    /** One open {@code #if} group. */
    static final class Cond {
        /** The last directive of the group so far (if, ifdef, elif, else ...), for messages. */
        String directive;
        final int line;
        final int col;
        /** The group's enclosing text was being skipped (so nothing in it is live). */
        final boolean wasSkipping;
        /** Some branch was taken already (later #elif/#else are skipped). */
        boolean branchTaken;
        boolean sawElse;

        Cond(String directive, int line, int col, boolean wasSkipping, boolean branchTaken) {
            this.directive = directive;
            this.line = line;
            this.col = col;
            this.wasSkipping = wasSkipping;
            this.branchTaken = branchTaken;
        }
    }

    final LexedFile lf;
    /** Name as opened (normalised), printed in line markers and diagnostics. */
    final String display;
    /** Path used to open it; its parent is searched first for {@code #include "..."}. */
    final Path openPath;
    /** Index of the -I directory it was found in (-1: current directory or main file). */
    final int dirIndex;
    final FileState parent;
    /** Position of the {@code #include} in the parent, and the parent's line to resume at. */
    final int includeLine;
    final int includeCol;
    final int resumeLine;
    /** Macro-table fingerprint when the file was entered (include-cycle detection). */
    final long fingerprint;
    final int depth;
    /** Number of once-only files when it was entered (part of the cycle-detection state). */
    int onceCount;
    /** The include memo's record of this file's processing, if it is being recorded. */
    MemoRecorder rec;

    int pos;
    boolean skipping;
    final ArrayList<Cond> conds = new ArrayList<>();
    /** {@code #line}: presumed line = physical line + lineDelta; presumed file name. */
    int lineDelta;
    String presumed;

    FileState(LexedFile lf, String display, Path openPath, int dirIndex, FileState parent, int includeLine,
              int includeCol, int resumeLine, long fingerprint) {
        this.lf = lf;
        this.display = display;
        this.openPath = openPath;
        this.dirIndex = dirIndex;
        this.parent = parent;
        this.includeLine = includeLine;
        this.includeCol = includeCol;
        this.resumeLine = resumeLine;
        this.fingerprint = fingerprint;
        this.depth = parent == null ? 1 : parent.depth + 1;
        this.presumed = display;
    }

    int presumedLine(int tokIdx) {
        return lf.line[tokIdx] + lineDelta;
    }
}
