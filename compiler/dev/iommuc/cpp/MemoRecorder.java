package dev.iommuc.cpp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * What one included file's processing (nested includes included) depended on and did, gathered
 * while it runs. Recorders of nested files form a stack through {@link #outer}.
 *
 * <p>A macro lookup depends on the world outside the file only the first time the file asks about
 * that name: every change the file makes to a name ({@code #define} checks the old definition for
 * the redefinition warning, {@code #undef} for the fingerprint) is itself preceded by a lookup, so
 * later answers follow from the file's own text. Hence "first answer per name" is the whole
 * dependency set, and a lookup needs to reach an outer recorder only when the inner one had not seen
 * the name yet (an outer recorder has seen every name an inner one has).
 */
final class MemoRecorder {

    /** Marks "not defined" in {@link #deps} and {@link #effects} (maps cannot hold null values here). */
    static final Object UNDEFINED = new Object();

    final MemoRecorder outer;
    /** Distinct among one preprocessor's recorders, from 1 (Macro.Live.seenBy). */
    final long serial;
    final ExpansionMemo.Key key;
    final FileState file;
    /** Name -> Macro or UNDEFINED, as first seen. */
    final NameMap deps = new NameMap(256);
    /** Once-only file key -> whether it was once-only when first asked. */
    final HashMap<String, Boolean> onceDeps = new HashMap<>();
    /** Net changes to the macro table, name -> Macro or UNDEFINED, in the order first made. */
    final NameMap effects = new NameMap(32);
    final LinkedHashSet<String> onceAdds = new LinkedHashSet<>();
    final LinkedHashSet<LexedFile> files = new LinkedHashSet<>();
    int maxDepth;
    /** Set when the result depends on something not tracked (__COUNTER__, __BASE_FILE__, ...). */
    boolean uncacheable;

    final long steps0;
    final long reports0;
    final int out0;
    final Printer.State entry;
    final long touches0;
    final long loose0;

    MemoRecorder(MemoRecorder outer, long serial, ExpansionMemo.Key key, FileState file, long steps0, long reports0,
                 int out0, Printer.State entry, long touches0, long loose0) {
        this.outer = outer;
        this.serial = serial;
        this.key = key;
        this.file = file;
        this.steps0 = steps0;
        this.reports0 = reports0;
        this.out0 = out0;
        this.entry = entry;
        this.touches0 = touches0;
        this.loose0 = loose0;
        this.maxDepth = file.depth;
        files.add(file.lf);
    }

    void saw(String name, Macro.Live live) {
        Object v = live == null ? UNDEFINED : live.def;
        for (MemoRecorder r = this; r != null && r.deps.putIfAbsent(name, v) == null; r = r.outer) {
            // recorded as a dependency of r; try the next one out
        }
    }

    void sawOnce(String fileKey, boolean present) {
        Boolean v = present;
        for (MemoRecorder r = this; r != null && r.onceDeps.putIfAbsent(fileKey, v) == null; r = r.outer) {
            // as in saw()
        }
    }

    void defined(String name, Macro m) {
        effects.put(name, m == null ? UNDEFINED : m);
    }

    /** Folds a finished inner recorder (or a replayed entry, via its parts) into this one. */
    void absorb(MemoRecorder in) {
        effects.putAll(in.effects);
        onceAdds.addAll(in.onceAdds);
        files.addAll(in.files);
        maxDepth = Math.max(maxDepth, in.maxDepth);
        uncacheable |= in.uncacheable;
    }

    /** The stored form; {@code out}, {@code exit} and the counters are taken by the caller. */
    ExpansionMemo.Entry toEntry(byte[] out, Printer.State exit, boolean touched, long steps) {
        String[] depNames = new String[deps.size()];
        Macro[] depDefs = new Macro[deps.size()];
        for (int i = 0; i < depNames.length; i++) {
            depNames[i] = deps.key(i);
            depDefs[i] = deps.value(i) == UNDEFINED ? null : (Macro) deps.value(i);
        }
        String[] onceNames = new String[onceDeps.size()];
        boolean[] onceVals = new boolean[onceDeps.size()];
        int i = 0;
        for (Map.Entry<String, Boolean> e : onceDeps.entrySet()) {
            onceNames[i] = e.getKey();
            onceVals[i++] = e.getValue();
        }
        String[] effNames = new String[effects.size()];
        Macro[] effDefs = new Macro[effects.size()];
        for (i = 0; i < effNames.length; i++) {
            effNames[i] = effects.key(i);
            effDefs[i] = effects.value(i) == UNDEFINED ? null : (Macro) effects.value(i);
        }
        return new ExpansionMemo.Entry(depNames, depDefs, onceNames, onceVals, effNames, effDefs,
                onceAdds.toArray(new String[0]), new ArrayList<>(files).toArray(new LexedFile[0]), out, exit, touched,
                entry.avoidPaste(), steps, maxDepth - file.depth);
    }
}
