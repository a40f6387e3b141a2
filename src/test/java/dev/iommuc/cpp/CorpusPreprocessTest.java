package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The real proof: for every arm64 board of the Linux 6.12 corpus ({@code shared/corpus/kernel-dts.sh}),
 * our preprocessor's output fed to dtc 1.6.1 must give the same DTB bytes as the kernel's
 * {@code cpp | dtc} pipeline, with no preprocessor errors or warnings. Also reports timing.
 */
@Tag("corpus")
class CorpusPreprocessTest {

    private static Path corpus() {
        String env = System.getenv("IOMMUC_CORPUS");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/iommuc/corpus");
    }

    private static boolean dtcAvailable() {
        try {
            Process p = new ProcessBuilder("dtc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Outcome(String board, boolean same, String problem) {
    }

    @Test
    void everyBoardMatchesTheKernelPipeline() throws Exception {
        Path root = corpus();
        Path boardsTxt = root.resolve("arm64/boards.txt");
        assumeTrue(Files.isRegularFile(boardsTxt), "corpus not present at " + root);
        assumeTrue(dtcAvailable(), "dtc not installed");
        Path linux = root.resolve("linux");
        Path prefixes = linux.resolve("scripts/dtc/include-prefixes");
        List<String> boards = Files.readAllLines(boardsTxt).stream().filter(s -> !s.isBlank()).toList();
        CppOptions options = new CppOptions(List.of(prefixes), Map.of());
        SourceCache cache = new SourceCache();

        // Timing: a cold pass (reads and lexes every file once, JIT warming up), then warm passes.
        List<String> problems = new ArrayList<>();
        long[] times = new long[3];
        long bytes = 0;
        for (int pass = 0; pass < times.length; pass++) {
            long t0 = System.nanoTime();
            bytes = 0;
            for (String b : boards) {
                Diagnostics d = new Diagnostics();
                String out = new Preprocessor(options, d, cache).preprocess(linux.resolve(b));
                bytes += out.length();
                if (pass == 0) {
                    for (Diagnostic x : d.all()) {
                        problems.add(b + ": " + x.headline());
                    }
                }
            }
            times[pass] = System.nanoTime() - t0;
        }
        long warm = Math.min(times[1], times[2]);
        System.out.printf("preprocess: cold %.2f s, warm %.2f s for %d boards (%.1f MB out, %.0f MB/s, %.0f boards/s)%n",
                times[0] / 1e9, warm / 1e9, boards.size(), bytes / 1e6, bytes / 1e6 / (warm / 1e9),
                boards.size() / (warm / 1e9));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (String b : boards) {
            futures.add(pool.submit(() -> compare(b, linux, prefixes, options, cache, root)));
        }
        int same = 0;
        List<String> bad = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            if (o.same()) {
                same++;
            } else {
                bad.add(o.board() + ": " + o.problem());
            }
        }
        pool.shutdown();
        System.out.printf("preprocess: %d/%d boards identical%n", same, boards.size());
        bad.stream().limit(20).forEach(s -> System.out.println("  differs: " + s));
        problems.stream().limit(20).forEach(s -> System.out.println("  diagnostic: " + s));
        assertTrue(problems.isEmpty(), problems.size() + " diagnostics, first: " + problems.stream().findFirst());
        assertEquals(boards.size(), same, "boards whose DTB differs: " + bad.stream().limit(5).toList());
    }

    private static Outcome compare(String board, Path linux, Path prefixes, CppOptions options, SourceCache cache,
                                   Path root) throws IOException, InterruptedException {
        Diagnostics d = new Diagnostics();
        Path src = linux.resolve(board);
        byte[] text = new Preprocessor(options, d, cache).preprocess(src).getBytes(Preprocessor.CHARSET);
        String name = board.replace("arch/arm64/boot/dts/", "").replace("/", "__").replaceAll("\\.dts$", "");
        byte[] want = Files.readAllBytes(root.resolve("arm64/" + name + ".dtb"));
        Process p = new ProcessBuilder("dtc", "-q", "-O", "dtb", "-b", "0", "-i", src.getParent().toString(), "-i",
                prefixes.toString(), "-o", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text);
        } catch (IOException e) {
            // dtc may exit early on bad input; its status tells.
        }
        byte[] got;
        try (InputStream out = p.getInputStream()) {
            got = out.readAllBytes();
        }
        int status = p.waitFor();
        if (status != 0) {
            return new Outcome(board, false, "dtc exit " + status);
        }
        return Arrays.equals(got, want) ? new Outcome(board, true, "")
                : new Outcome(board, false, "dtb differs (" + got.length + " vs " + want.length + " bytes)");
    }
}
