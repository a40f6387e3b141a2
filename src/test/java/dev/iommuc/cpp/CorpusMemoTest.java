package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The include memo over the whole corpus: every board preprocessed in a row with ONE shared cache
 * (so later boards replay what earlier ones recorded) must give exactly the text and diagnostics of
 * a run without the memo; then again with two workers sharing that cache.
 * {@link CorpusPreprocessTest} proves the memo-less text against the kernel's pipeline.
 */
@Tag("corpus")
class CorpusMemoTest {

    private record Run(String text, List<String> diags) {
    }

    private static Run run(CppOptions options, SourceCache cache, Path board) {
        Diagnostics d = new Diagnostics();
        String text = new Preprocessor(options, d, cache).preprocess(board);
        return new Run(text, d.all().stream().map(Diagnostic::headline).toList());
    }

    private static byte[] sha(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(Preprocessor.CHARSET));
    }

    @Test
    void sharedMemoGivesTheSameTextForEveryBoard() throws Exception {
        assumeTrue(Corpus.present(), "corpus not present at " + Corpus.dir());
        List<Corpus.Board> boards = Corpus.boards();
        CppOptions options = new CppOptions(List.of(Corpus.includePrefixes()), Map.of());
        SourceCache plain = new SourceCache(0);
        SourceCache memo = new SourceCache();
        List<byte[]> digests = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        for (Corpus.Board b : boards) {
            Run want = run(options, plain, b.dts());
            Run got = run(options, memo, b.dts());
            if (!want.equals(got)) {
                differ.add(b.name());
            }
            digests.add(sha(want.text()));
        }
        ExpansionMemo.Stats seq = memo.memoStats();
        System.out.println("cpp memo, one thread: " + seq);
        assertEquals(List.of(), differ.stream().limit(10).toList(), differ.size() + " boards differ with the memo");
        assertEquals(0, plain.memoStats().stored(), "the memo-less cache recorded something");
        assertTrue(seq.hits() > seq.misses(), "the memo was hardly used: " + seq);

        // Two workers sharing the (now full) memo, in reverse order so the states met differ.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> same = new ArrayList<>();
        for (int i = boards.size() - 1; i >= 0; i--) {
            Corpus.Board b = boards.get(i);
            byte[] want = digests.get(i);
            same.add(pool.submit(() -> {
                Run r = run(options, memo, b.dts());
                return r.diags().isEmpty() && Arrays.equals(want, sha(r.text()));
            }));
        }
        int bad = 0;
        for (Future<Boolean> f : same) {
            bad += f.get() ? 0 : 1;
        }
        System.out.println("cpp memo, two threads: " + memo.memoStats());
        assertEquals(0, bad, "boards that differ with two workers sharing the memo");

        // Again with room for a few hundred KB of lexed files: the workers drop and re-read files that
        // memo entries and the other worker's board still hold.
        SourceCache tight = new SourceCache(SourceCache.DEFAULT_MEMO_BYTES, 256 << 10);
        List<Future<Boolean>> again = new ArrayList<>();
        for (int i = 0; i < boards.size(); i++) {
            Corpus.Board b = boards.get(i);
            byte[] want = digests.get(i);
            again.add(pool.submit(() -> {
                Run r = run(options, tight, b.dts());
                return r.diags().isEmpty() && Arrays.equals(want, sha(r.text()));
            }));
        }
        bad = 0;
        for (Future<Boolean> f : again) {
            bad += f.get() ? 0 : 1;
        }
        pool.shutdown();
        System.out.println("cpp memo, two threads, tight file cache: " + tight.memoStats() + "; " + tight.fileStats());
        assertEquals(0, bad, "boards that differ when lexed files are dropped and read again");
        assertTrue(tight.fileStats().rereads() > 100, tight.fileStats()::toString);
    }
}
