package dev.iommuc.bench;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.CppOptions;
import dev.iommuc.cpp.Preprocessor;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our preprocessor alone over every corpus board, several passes in one JVM sharing one
 * {@link SourceCache}: wall time and the workers' CPU time per pass (CPU time is the steadier figure
 * on a shared machine), and the include memo's counters.
 * {@code java -cp ... dev.iommuc.bench.CppBench [-j N] [--no-memo] [PASSES]}
 */
public final class CppBench {

    private CppBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 1;
        int passes = 3;
        boolean memo = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-j" -> threads = Integer.parseInt(args[++i]);
                case "--no-memo" -> memo = false;
                default -> passes = Integer.parseInt(args[i]);
            }
        }
        List<Corpus.Board> boards = Corpus.boards();
        CppOptions options = new CppOptions(List.of(Corpus.includePrefixes()), Map.of());
        SourceCache cache = memo ? new SourceCache() : new SourceCache(0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int pass = 1; pass <= passes; pass++) {
            AtomicInteger next = new AtomicInteger();
            AtomicLong cpu = new AtomicLong();
            AtomicLong chars = new AtomicLong();
            long t0 = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i; (i = next.getAndIncrement()) < boards.size(); ) {
                        Diagnostics d = new Diagnostics();
                        chars.addAndGet(new Preprocessor(options, d, cache).preprocess(boards.get(i).dts()).length());
                        if (!d.all().isEmpty()) {
                            throw new IllegalStateException(boards.get(i).name() + ": " + d.all().get(0).headline());
                        }
                    }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            long wall = System.nanoTime() - t0;
            System.out.printf("pass %d: %d boards, %.1f MB, wall %.3f s, worker cpu %.3f s; %s%n", pass, boards.size(),
                    chars.get() / 1e6, wall / 1e9, cpu.get() / 1e9, cache.memoStats());
        }
        pool.shutdown();
    }
}
