package dev.iommuc.cpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe cache of source files in lexed form, shared by every board preprocessed in one JVM:
 * a header included by a thousand boards is read and lexed once. Files are keyed by their real path
 * (symbolic links and {@code ..} resolved by the file system, so two spellings of one file share an
 * entry); each spelling that was looked up is remembered too, including "not found", so repeated
 * include searches cost one hash lookup. The cache assumes files do not change while it lives
 * ({@link #clear()} forgets everything).
 */
public final class SourceCache {

    private static final Object MISSING = new Object();

    /** Looked-up spelling (absolute path string) -> LexedFile or MISSING. */
    private final ConcurrentHashMap<String, Object> byName = new ConcurrentHashMap<>();
    /** Real path -> LexedFile. */
    private final ConcurrentHashMap<String, LexedFile> byReal = new ConcurrentHashMap<>();

    /** Recorded expansions of included files (see {@link ExpansionMemo}), shared like the files. */
    private final ExpansionMemo memo;

    /**
     * The default budget for recorded include expansions. Boards come sorted, one SoC's together, so a
     * small memo replays nearly all it can (corpus: 64.5 of 68 MB of text at 32 MiB, against 192 MiB)
     * and keeps the live heap small enough for G1 to stay under 1 GiB in a whole-corpus run.
     */
    public static final long DEFAULT_MEMO_BYTES = 32L << 20;

    public SourceCache() {
        this(DEFAULT_MEMO_BYTES);
    }

    /** A cache whose include memo holds about {@code memoBytes} of recorded expansions (0: no memo). */
    public SourceCache(long memoBytes) {
        this.memo = new ExpansionMemo(memoBytes);
    }

    ExpansionMemo memo() {
        return memo;
    }

    /** Include-memo counters (hits, lookups, entries, bytes held). */
    public ExpansionMemo.Stats memoStats() {
        return memo.stats();
    }

    /**
     * The lexed file at {@code path}, or null if there is no regular file there. A file that exists
     * but cannot be read yields a {@link LexedFile} whose {@code ioError} says why.
     */
    LexedFile get(Path path) {
        String spelled = path.toAbsolutePath().toString();
        Object hit = byName.get(spelled);
        if (hit == null) {
            hit = load(path);
            Object prev = byName.putIfAbsent(spelled, hit);
            if (prev != null) {
                hit = prev;
            }
        }
        return hit == MISSING ? null : (LexedFile) hit;
    }

    private Object load(Path path) {
        if (!Files.isRegularFile(path)) {
            if (Files.exists(path)) {
                String key = path.toAbsolutePath().normalize().toString();
                return LexedFile.failed(key, "not a regular file");
            }
            return MISSING;
        }
        String real;
        try {
            real = path.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            real = path.toAbsolutePath().normalize().toString();
        }
        LexedFile lf = byReal.get(real);
        if (lf != null) {
            return lf;
        }
        final String key = real;
        return byReal.computeIfAbsent(real, k -> read(path, key));
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
    public int size() {
        return byReal.size();
    }

    public void clear() {
        byName.clear();
        byReal.clear();
        memo.clear();
    }
}
