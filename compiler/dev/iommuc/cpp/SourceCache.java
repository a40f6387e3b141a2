package dev.iommuc.cpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe cache of source files in lexed form, shared by every board preprocessed in one JVM:
 * a header included by a thousand boards is read and lexed once while boards that include it keep
 * coming. Files are keyed by their real path (symbolic links and {@code ..} resolved by the file
 * system, so two spellings of one file share an entry); each spelling that was looked up is
 * remembered too, including "not found", so repeated include searches cost one hash lookup. The
 * lexed files are bounded by a byte budget, least recently used out first: boards come sorted, one
 * SoC's together, so the files still in use stay, and a run over a whole tree does not carry every
 * header it ever read through each garbage collection. An evicted file is read again when needed; a
 * {@link Preprocessor} pins the files of its board, so one board always sees one copy of each.
 * The cache assumes files do not change while it lives ({@link #clear()} forgets everything).
 */
public final class SourceCache {

    private static final Object MISSING = new Object();

    /** Looked-up spelling (absolute path string) -> real-path key (String), MISSING, or a failed LexedFile. */
    private final ConcurrentHashMap<String, Object> byName = new ConcurrentHashMap<>();
    /** Real path -> lexed file, least recently used first; guarded by this. */
    private final LinkedHashMap<String, LexedFile> files = new LinkedHashMap<>(256, 0.75f, true);
    private long held;                       // guarded by this
    private long reads;                      // guarded by this
    private long rereads;                    // guarded by this
    private final java.util.Set<String> everRead = new java.util.HashSet<>(); // guarded by this
    private final long fileBudget;

    /** Recorded expansions of included files (see {@link ExpansionMemo}), shared like the files. */
    private final ExpansionMemo memo;

    /**
     * The default budget for recorded include expansions. Boards come sorted, one SoC's together, so a
     * small memo replays nearly all it can (corpus: 63.2 MB of text at 4 MiB, 63.9 MB at 8 MiB,
     * 64.5 MB at 32 MiB); a larger one only holds more for the collector to carry (docs/performance.md).
     */
    public static final long DEFAULT_MEMO_BYTES = 8L << 20;

    /** The default budget for lexed files (their text plus token arrays), for the same reason. */
    public static final long DEFAULT_FILE_BYTES = 24L << 20;

    public SourceCache() {
        this(DEFAULT_MEMO_BYTES);
    }

    /** A cache whose include memo holds about {@code memoBytes} of recorded expansions (0: no memo). */
    public SourceCache(long memoBytes) {
        this(memoBytes, DEFAULT_FILE_BYTES);
    }

    /** As {@link #SourceCache(long)}, keeping about {@code fileBytes} of lexed files. */
    public SourceCache(long memoBytes, long fileBytes) {
        this.memo = new ExpansionMemo(memoBytes);
        this.fileBudget = fileBytes;
    }

    /**
     * A cache for a command that reads one board: no include memo. The memo only pays when a later
     * board includes the same file in the same macro state; recording it for one board costs about a
     * fifth of a cold preprocessing run (docs/performance.md, single board).
     */
    public static SourceCache forOneBoard() {
        return new SourceCache(0);
    }

    ExpansionMemo memo() {
        return memo;
    }

    /** Include-memo counters (hits, lookups, entries, bytes held). */
    public ExpansionMemo.Stats memoStats() {
        return memo.stats();
    }

    /** What the lexed-file cache did: files read, files read again after eviction, bytes held now. */
    public record FileStats(long reads, long rereads, int files, long bytesHeld) {
        @Override
        public String toString() {
            return String.format("lexed files: %d read, %d of them again after eviction, %d held (%.1f MB)",
                    reads, rereads, files, bytesHeld / 1e6);
        }
    }

    public synchronized FileStats fileStats() {
        return new FileStats(reads, rereads, files.size(), held);
    }

    /**
     * The lexed file at {@code path}, or null if there is no regular file there. A file that exists
     * but cannot be read yields a {@link LexedFile} whose {@code ioError} says why.
     */
    LexedFile get(Path path) {
        String spelled = path.toAbsolutePath().toString();
        Object hit = byName.get(spelled);
        if (hit == null) {
            hit = locate(path);
            Object prev = byName.putIfAbsent(spelled, hit);
            if (prev != null) {
                hit = prev;
            }
        }
        if (hit == MISSING) {
            return null;
        }
        if (hit instanceof LexedFile failed) {
            return failed;
        }
        String key = (String) hit;
        LexedFile lf;
        synchronized (this) {
            lf = files.get(key);
        }
        return lf != null ? lf : load(Path.of(key), key);
    }

    /** The real-path key of the file at {@code path}, MISSING, or a LexedFile saying why it cannot be read. */
    private Object locate(Path path) {
        if (!Files.isRegularFile(path)) {
            if (Files.exists(path)) {
                String key = path.toAbsolutePath().normalize().toString();
                return LexedFile.failed(key, "not a regular file");
            }
            return MISSING;
        }
        try {
            return path.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    /** Reads and lexes the file outside the lock; the first copy to land is the one everybody gets. */
    private LexedFile load(Path path, String key) {
        LexedFile lf = read(path, key);
        synchronized (this) {
            LexedFile first = files.get(key);
            if (first != null) {
                return first;
            }
            reads++;
            if (!everRead.add(key)) {
                rereads++;
            }
            files.put(key, lf);
            held += lf.weight();
            var it = files.values().iterator();
            while (held > fileBudget && files.size() > 1 && it.hasNext()) {
                LexedFile old = it.next();
                it.remove();
                held -= old.weight();
            }
        }
        return lf;
    }

    private LexedFile read(Path path, String key) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return LexedFile.failed(key, msg);
        }
        return lexBytes(key, bytes);
    }

    /** Lexes in-memory text (one char per byte) without caching it; for command-line defines. */
    LexedFile lexText(String key, String text) {
        return CppLexer.lex(key, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private LexedFile lexBytes(String key, byte[] bytes) {
        return CppLexer.lex(key, bytes);
    }

    /** Number of distinct files held. */
    public synchronized int size() {
        return files.size();
    }

    public void clear() {
        byName.clear();
        synchronized (this) {
            files.clear();
            held = 0;
        }
        memo.clear();
    }
}
