package dev.iommuc.cpp;

/**
 * The include memo inside one run: records what an included file's processing depended on and
 * produced, and replays a recorded expansion when the state now is equivalent.
 *
 * <p>What an included file F's output and effects can depend on, and how each is covered:
 * <ul>
 *   <li>macro definitions and once-only files from outside F: recorded per name as first seen
 *       ({@link MemoRecorder}), compared by content on replay ({@link Macro#equivalent});</li>
 *   <li>how F was found (its path, display name, -I index) and the options: the memo key;</li>
 *   <li>the printer: F's text starts right after its entry marker, which fixes the line position;
 *       the only spacing state that survives into F's first line is "avoid paste", so it must match
 *       (and a recording where anything was printed after a marker without starting a line first
 *       is not kept);</li>
 *   <li>the include stack: cycle detection looks at the files above, so no file F entered may be
 *       there; the depth limit: F's nesting must still fit;</li>
 *   <li>budgets: the expansion steps F used are charged, and the replayed text must fit;</li>
 *   <li>{@code __COUNTER__}, {@code __INCLUDE_LEVEL__}, {@code __BASE_FILE__} and anything that
 *       tried to report a diagnostic: never recorded, so those run (and report) every time.</li>
 * </ul>
 * Only includes met by the main loop are recorded or replayed (not ones inside macro arguments).
 */
final class IncludeReplay {

    private final Preprocessor pp;
    /** The innermost file being recorded, or null. */
    MemoRecorder rec;
    /** Recorders made so far by this preprocessor: the next one's serial. */
    private long serials;

    IncludeReplay(Preprocessor pp) {
        this.pp = pp;
    }

    void reset() {
        rec = null;
    }

    /** The result of the file being recorded depends on something the memo does not track. */
    void untracked() {
        if (rec != null) {
            rec.uncacheable = true;
        }
    }

    /** The memo key for entering {@code r} now, or null when this include is not memoized. */
    ExpansionMemo.Key key(Includes.Resolved r) {
        if (!pp.cache.memo().enabled() || pp.stateful || pp.ex.depth != 0 || pp.ex.parsingArgs != 0) {
            return null;
        }
        return new ExpansionMemo.Key(pp.options(), r.openPath().toString(), r.display(), r.dirIndex());
    }

    /**
     * Called right after the entry marker of an include from {@code fs}: replays a matching entry
     * (text, return marker, macro changes) and returns true, or returns false to process the file.
     */
    boolean replay(ExpansionMemo.Key key, FileState fs, int resumeLine) {
        if (key == null) {
            return false;
        }
        ExpansionMemo memo = pp.cache.memo();
        ExpansionMemo.Entry[] cands = memo.candidates(key);
        if (cands != null) {
            for (ExpansionMemo.Entry e : cands) {
                if (matches(e, fs)) {
                    memo.hit(e);
                    apply(e, fs, resumeLine);
                    return true;
                }
            }
        }
        memo.miss();
        return false;
    }

    private boolean matches(ExpansionMemo.Entry e, FileState fs) {
        Printer printer = pp.printer;
        if (e.touched() && printer.avoidPaste() != e.entryAvoidPaste()) {
            return false;
        }
        if (fs.depth + 1 + e.depthSpan() > Preprocessor.MAX_INCLUDE_DEPTH
                || pp.ex.steps + e.steps() > pp.maxSteps || printer.length() + e.out().length > pp.maxChars) {
            return false;
        }
        for (FileState p = fs; p != null; p = p.parent) {
            for (LexedFile lf : e.files()) {
                // by path: an entry recorded before the cache dropped and re-read a file holds the old copy
                if (p.lf == lf || p.lf.key.equals(lf.key)) {
                    return false;
                }
            }
        }
        MacroTable macros = pp.macros;
        String[] names = e.depNames();
        Macro[] defs = e.depDefs();
        for (int i = 0; i < names.length; i++) {
            Macro.Live cur = macros.peek(names[i]);
            Macro want = defs[i];
            if (want == null ? cur != null : cur == null || !cur.def.equivalent(want)) {
                return false;
            }
        }
        String[] once = e.onceNames();
        for (int i = 0; i < once.length; i++) {
            if (macros.peekOnce(once[i]) != e.onceVals()[i]) {
                return false;
            }
        }
        return true;
    }

    private void apply(ExpansionMemo.Entry e, FileState fs, int resumeLine) {
        MacroTable macros = pp.macros;
        if (rec != null) {
            // An enclosing recording depends on what this entry depended on.
            for (String name : e.depNames()) {
                rec.saw(name, macros.peek(name));
            }
            for (int i = 0; i < e.onceNames().length; i++) {
                rec.sawOnce(e.onceNames()[i], e.onceVals()[i]);
            }
            for (LexedFile lf : e.files()) {
                rec.files.add(lf);
            }
            rec.maxDepth = Math.max(rec.maxDepth, fs.depth + 1 + e.depthSpan());
        }
        String[] names = e.effNames();
        for (int i = 0; i < names.length; i++) {
            macros.set(names[i], e.effDefs()[i]);
        }
        for (String f : e.onceAdds()) {
            macros.addOnceOnly(f);
        }
        pp.ex.steps += e.steps();
        pp.printer.replay(e.out(), e.exit(), e.touched());
        pp.printer.marker(resumeLine, fs.presumed, " 2");
    }

    /** Starts recording {@code child}, just entered (after its entry marker), if {@code key} allows. */
    void begin(FileState child, ExpansionMemo.Key key) {
        if (rec != null) {
            rec.files.add(child.lf);
            rec.maxDepth = Math.max(rec.maxDepth, child.depth);
        }
        if (key == null) {
            return;
        }
        Printer printer = pp.printer;
        rec = new MemoRecorder(rec, ++serials, key, child, pp.ex.steps, pp.rep.emitted, (int) printer.length(), printer.state(),
                printer.touches(), printer.looseTouches());
        child.rec = rec;
    }

    /** At the end of {@code fs} (before its return marker): stores its record if it is clean. */
    void end(FileState fs) {
        MemoRecorder r = fs.rec;
        fs.rec = null;
        if (r != rec) {
            rec = null; // cannot happen (recorders nest like files); give up recording rather than guess
            return;
        }
        rec = r.outer;
        if (rec != null) {
            rec.absorb(r);
        }
        Printer printer = pp.printer;
        if (r.uncacheable || pp.aborted || pp.rep.emitted != r.reports0 || printer.looseTouches() != r.loose0) {
            return;
        }
        pp.cache.memo().put(r.key, r.toEntry(printer.since(r.out0), printer.state(), printer.touches() != r.touches0,
                pp.ex.steps - r.steps0));
    }
}
