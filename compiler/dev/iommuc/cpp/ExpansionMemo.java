package dev.iommuc.cpp;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Recorded expansions of included files, shared by every board of a run (it lives in the
 * {@link SourceCache}). A board that includes a file in a macro state equivalent to one already
 * seen gets the recorded text and macro-table changes instead of running the file's directives and
 * expansions again; see {@link IncludeReplay} for what is recorded and how a candidate is checked.
 *
 * <p>An entry is immutable once stored, so threads read entries outside the lock; only the map is
 * guarded. Memory is bounded by a byte budget with least-recently-used eviction, and by a cap on the
 * entries kept per file (a file included under many different macro states keeps the newest ones).
 */
public final class ExpansionMemo {

    /** The entries kept per key: enough for headers parameterised by a handful of #defines. */
    static final int PER_KEY = 8;

    /**
     * What an included file's expansion depends on besides the macro table: the options (-I order
     * decides what nested includes find), how it was opened (quoted includes search its directory,
     * line markers print its display name) and its -I index (for {@code #include_next}).
     */
    record Key(CppOptions options, String openPath, String display, int dirIndex) {
    }

    /**
     * One recorded expansion. {@code depNames[i]} must currently be defined as {@code depDefs[i]}
     * (null: undefined) and {@code onceNames[i]} be once-only exactly when {@code onceVals[i]}; then
     * replay appends {@code out}, takes printer state {@code exit}, applies {@code effNames/effDefs}
     * (null: #undef) and {@code onceAdds}, and charges {@code steps} to the expansion budget.
     * {@code files} are the files entered (none may be on the include stack: cycle detection),
     * {@code depthSpan} how much deeper than the file itself the nesting went.
     */
    record Entry(String[] depNames, Macro[] depDefs, String[] onceNames, boolean[] onceVals, String[] effNames,
                 Macro[] effDefs, String[] onceAdds, LexedFile[] files, byte[] out, Printer.State exit,
                 boolean touched, boolean entryAvoidPaste, long steps, int depthSpan) {

        /** Approximate heap cost: the text plus two references per array slot, plus headers. */
        long weight() {
            return out.length + 16L * (depNames.length + onceNames.length + effNames.length + onceAdds.length
                    + files.length) + 256;
        }

        /** Same requirements (so storing both would only waste a slot). */
        boolean sameDeps(Entry o) {
            return Arrays.equals(depNames, o.depNames) && Arrays.equals(depDefs, o.depDefs)
                    && Arrays.equals(onceNames, o.onceNames) && Arrays.equals(onceVals, o.onceVals);
        }
    }

    /** Counters since the memo was made. */
    public record Stats(long hits, long misses, long replayedChars, long stored, long evicted, long entries,
                        long bytes) {
        @Override
        public String toString() {
            long tries = hits + misses;
            return String.format("memo: %d hits / %d lookups (%.1f %%), %.1f MB of text replayed, %d stored, %d evicted,"
                    + " %d entries, %.1f MB held", hits, tries, tries == 0 ? 0.0 : 100.0 * hits / tries,
                    replayedChars / 1e6, stored, evicted, entries, bytes / 1e6);
        }
    }

    private final long budget;
    private final LinkedHashMap<Key, Entry[]> map = new LinkedHashMap<>(512, 0.75f, true);
    private long weight;
    private long entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder evicted = new LongAdder();

    /** A memo holding at most about {@code budgetBytes}; 0 turns it off. */
    ExpansionMemo(long budgetBytes) {
        this.budget = Math.max(0, budgetBytes);
    }

    boolean enabled() {
        return budget > 0;
    }

    /** The entries for {@code key}, newest first (never modified after return), or null. */
    synchronized Entry[] candidates(Key key) {
        return map.get(key);
    }

    void hit(Entry e) {
        hits.increment();
        replayed.add(e.out().length);
    }

    void miss() {
        misses.increment();
    }

    synchronized void put(Key key, Entry e) {
        long w = e.weight();
        if (w > budget / 4) {
            return; // one huge expansion would push out everything else
        }
        Entry[] old = map.get(key);
        if (old != null) {
            for (Entry o : old) {
                if (o.sameDeps(e)) {
                    return; // the other worker recorded the same state first
                }
            }
        }
        int keep = old == null ? 0 : Math.min(old.length, PER_KEY - 1);
        Entry[] now = new Entry[keep + 1];
        now[0] = e;
        for (int i = 0; i < keep; i++) {
            now[i + 1] = old[i];
        }
        for (int i = keep; old != null && i < old.length; i++) {
            weight -= old[i].weight();
            entries--;
            evicted.increment();
        }
        map.put(key, now);
        weight += w;
        entries++;
        stored.increment();
        Iterator<Map.Entry<Key, Entry[]>> it = map.entrySet().iterator();
        while (weight > budget && it.hasNext()) {
            Map.Entry<Key, Entry[]> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            for (Entry x : eldest.getValue()) {
                weight -= x.weight();
                entries--;
                evicted.increment();
            }
            it.remove();
        }
    }

    synchronized Stats stats() {
        return new Stats(hits.sum(), misses.sum(), replayed.sum(), stored.sum(), evicted.sum(), entries, weight);
    }

    synchronized void clear() {
        map.clear();
        weight = 0;
        entries = 0;
    }
}
