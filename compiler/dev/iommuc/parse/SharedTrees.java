package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Node;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trees built from the same leading statements, shared by the boards of one run (issue 7: "parsed
 * trees of identical preprocessed inputs reused"). Boards of one SoC start with the same statements —
 * the SoC's {@code .dtsi}, often a family's common file — so the tree after those statements is the
 * same for all of them, up to the include trails of their positions.
 *
 * <p>The statements every board began with form a trie keyed by {@link StatementKey} (text plus the
 * file and line each line came from). Where a board leaves the path of an earlier one, the
 * tree after the common part is kept as a snapshot (a copy), and a later board with that prefix starts
 * from a copy of it instead of parsing and building the prefix again. Only prefixes built without any
 * report are kept, so a board never misses a diagnostic; snapshots are bounded by size (least recently
 * used go first) and the trie by the text it holds. Safe for the workers of a run; no global state.
 */
public final class SharedTrees {

    /**
     * Default budget: nodes plus properties over all snapshots. The biggest corpus tree has ≈ 25 000, and
     * boards of one SoC come together in sorted order, so a couple of trees hold nearly all the sharing
     * there is (corpus: 795 boards resumed at 50 000, 808–833 at 300 000). Kept trees are many small
     * long-lived objects: at 300 000 the collector spent 1.7 s of a 9 s run on them, at 50 000 0.6 s.
     */
    public static final long DEFAULT_WEIGHT = 60_000;
    /** Characters of statement text the trie may hold before it starts over. */
    static final long MAX_TEXT = 16L << 20;

    /** A tree after some statements: its root (never handed out, only copied) and the trails its files had. */
    record Snapshot(Node root, List<SourcePos> trails, int weight) {
    }

    /** A trie node: the statements seen after this prefix, and the tree after it when kept. */
    static final class Prefix {
        final Map<StatementKey, Prefix> next = new ConcurrentHashMap<>();
        volatile Snapshot snapshot;
    }

    private final long maxWeight;
    private volatile Prefix root = new Prefix();
    private long text;                       // guarded by this
    private long weight;                     // guarded by this
    private final LinkedHashMap<Prefix, Boolean> kept = new LinkedHashMap<>(64, 0.75f, true); // guarded by this
    private final AtomicLong boards = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong statementsReused = new AtomicLong();
    private final AtomicLong statementsParsed = new AtomicLong();

    public SharedTrees() {
        this(DEFAULT_WEIGHT);
    }

    public SharedTrees(long maxWeight) {
        this.maxWeight = maxWeight;
    }

    Prefix root() {
        return root;
    }

    /** The prefix one statement longer, or null when no board had it. */
    static Prefix child(Prefix p, StatementKey k) {
        return p.next.get(k);
    }

    /** The prefix one statement longer, made if new. */
    Prefix add(Prefix p, StatementKey k) {
        Prefix[] made = new Prefix[1];
        Prefix c = p.next.get(k);
        if (c == null) {
            c = p.next.computeIfAbsent(k.compact(), key -> made[0] = new Prefix());
        }
        if (made[0] != null) {
            boolean full;
            synchronized (this) {
                text += k.length();
                full = text > MAX_TEXT;
                if (full) {
                    text = 0;
                    weight = 0;
                    kept.clear();
                }
            }
            if (full) {
                root = new Prefix();   // start over; boards under way keep their old nodes, harmlessly
            }
        }
        return c;
    }

    /** The kept tree after {@code p}, or null; marks it recently used. */
    Snapshot snapshot(Prefix p) {
        Snapshot s = p.snapshot;
        if (s != null) {
            synchronized (this) {
                kept.get(p);
            }
        }
        return s;
    }

    /** Keeps {@code s} as the tree after {@code p} (first one wins), dropping the least recently used over budget. */
    void keep(Prefix p, Snapshot s) {
        synchronized (this) {
            if (p.snapshot != null || s.weight() > maxWeight) {
                return;
            }
            p.snapshot = s;
            kept.put(p, Boolean.TRUE);
            weight += s.weight();
            Iterator<Prefix> it = kept.keySet().iterator();
            while (weight > maxWeight && it.hasNext()) {
                Prefix old = it.next();
                if (old == p) {
                    continue;
                }
                weight -= old.snapshot.weight();
                old.snapshot = null;
                it.remove();
            }
        }
    }

    void count(boolean resumedFromSnapshot, int reused, int parsed) {
        boards.incrementAndGet();
        if (resumedFromSnapshot) {
            resumed.incrementAndGet();
        }
        statementsReused.addAndGet(reused);
        statementsParsed.addAndGet(parsed);
    }

    /** What sharing achieved so far, for benchmarks and {@code --debug}. */
    public record Stats(long boards, long resumed, long statementsReused, long statementsParsed) {
    }

    public Stats stats() {
        return new Stats(boards.get(), resumed.get(), statementsReused.get(), statementsParsed.get());
    }
}
