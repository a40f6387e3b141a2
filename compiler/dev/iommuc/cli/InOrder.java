package dev.iommuc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Boards on {@code -j N} worker threads, results in input order whatever the order they finish in
 * (so {@code compile} and {@code check} print the same for any {@code -j}). The work handles a board's
 * own failures; what escapes it (out of memory, a bug in the command) ends the run, rethrown as it was.
 */
final class InOrder {

    private InOrder() {
    }

    static <T, R> List<R> map(List<T> items, int jobs, Function<T, R> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, items.size())));
        try {
            List<Future<R>> fs = new ArrayList<>(items.size());
            for (T item : items) {
                fs.add(pool.submit(() -> work.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : fs) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
