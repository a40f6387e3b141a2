package dev.iommuc.cpp;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run's macro definitions and once-only files. Every question and every change goes through
 * here so that the include memo ({@link IncludeReplay}) learns what an included file depended on
 * and what it changed; {@link #peek} is the one unrecorded read, for checking a memo entry.
 */
final class MacroTable {

    private final Preprocessor pp;
    private final HashMap<String, Macro.Live> map = new HashMap<>(8192);
    private final Set<String> onceFiles = new HashSet<>();
    /** XOR of the digests of all definitions: the macro state, for include-cycle detection. */
    private long fingerprint;

    MacroTable(Preprocessor pp) {
        this.pp = pp;
    }

    void clear() {
        map.clear();
        onceFiles.clear();
        fingerprint = 0;
    }

    long fingerprint() {
        return fingerprint;
    }

    int onceCount() {
        return onceFiles.size();
    }

    Macro.Live lookup(String name) {
        Macro.Live m = map.get(name);
        MemoRecorder rec = pp.replay.rec;
        // a definition the current recorder has already seen is already among its dependencies
        if (rec != null && (m == null || m.seenBy != rec.serial)) {
            rec.saw(name, m);
            if (m != null) {
                m.seenBy = rec.serial;
            }
        }
        return m;
    }

    /** The definition of {@code name} without telling the memo (for validating a memo entry). */
    Macro.Live peek(String name) {
        return map.get(name);
    }

    boolean onceOnly(String fileKey) {
        boolean has = onceFiles.contains(fileKey);
        if (pp.replay.rec != null) {
            pp.replay.rec.sawOnce(fileKey, has);
        }
        return has;
    }

    boolean peekOnce(String fileKey) {
        return onceFiles.contains(fileKey);
    }

    void addOnceOnly(String fileKey) {
        if (!onceOnly(fileKey)) {
            onceFiles.add(fileKey);
            if (pp.replay.rec != null) {
                pp.replay.rec.onceAdds.add(fileKey);
            }
        }
    }

    /** {@code #define}: warns (at token {@code tok} of {@code fs}) when it changes a definition. */
    void define(Macro m, FileState fs, int tok) {
        Macro.Live oldLive = lookup(m.name);
        if (oldLive != null) {
            Macro old = oldLive.def;
            if (old.builtin != Macro.Builtin.NONE || !old.sameAs(m)) {
                List<Diagnostic.Note> notes = new ArrayList<>(pp.rep.trail(fs));
                if (old.defFile != null) {
                    notes.add(0, new Diagnostic.Note(SourcePos.of(old.defFile, old.defLine, 1),
                            "this is the location of the previous definition"));
                }
                pp.rep.emit(Severity.WARNING, "cpp-macro-redefined", pp.rep.pos(fs, tok),
                        "\"" + m.name + "\" redefined", notes);
            }
        }
        set(m.name, m);
    }

    /**
     * {@code #undef}. The lookup first is what makes "the first answer per name" a complete record
     * of the file's dependencies (see {@link MemoRecorder}).
     */
    void undefine(String name) {
        if (lookup(name) != null) {
            set(name, null);
        }
    }

    /** Defines {@code name} as {@code m} (null: undefines it), keeping the fingerprint up to date. */
    void set(String name, Macro m) {
        Macro.Live old = m == null ? map.remove(name) : map.put(name, new Macro.Live(m));
        if (old != null) {
            fingerprint ^= old.def.digest;
        }
        if (m != null) {
            fingerprint ^= m.digest;
        }
        if (pp.replay.rec != null) {
            pp.replay.rec.defined(name, m);
        }
    }
}
