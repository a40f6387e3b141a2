package dev.iommuc.dtb;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dts.DtsWriter;
import dev.iommuc.model.DeviceTree;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every arm64 board of Linux 6.12 as compiled by dtc 1.6.1 (shared/corpus/kernel-dts.sh): reading the
 * reference DTB and writing it back must give the same bytes, and so must printing it as DTS and
 * compiling that with dtc.
 */
@Tag("corpus")
class DtbCorpusTest {

    static Path corpusDir() {
        String env = System.getenv("IOMMUC_CORPUS");
        Path base = env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "iommuc", "corpus");
        return base.resolve("arm64");
    }

    /** {@code arch/arm64/boot/dts/vendor/board.dts} → {@code vendor__board.dtb}, as the corpus script names it. */
    static List<Path> referenceBlobs() throws IOException {
        Path dir = corpusDir();
        Path list = dir.resolve("boards.txt");
        Assumptions.assumeTrue(Files.isRegularFile(list), "corpus not built: " + list);
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank()) {
                continue;
            }
            String b = line.trim().replaceFirst("^arch/arm64/boot/dts/", "").replaceFirst("\\.dts$", "")
                    .replace("/", "__");
            out.add(dir.resolve(b + ".dtb"));
        }
        return out;
    }

    private record Outcome(String board, boolean dtbOk, boolean dtsOk, String problem) {
    }

    @Test
    void roundTripsEveryBoard() throws Exception {
        List<Path> blobs = referenceBlobs();
        Dtc.assume();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Path p : blobs) {
            futures.add(pool.submit(() -> check(p)));
        }
        int dtb = 0;
        int dts = 0;
        List<String> problems = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            dtb += o.dtbOk ? 1 : 0;
            dts += o.dtsOk ? 1 : 0;
            if (o.problem != null) {
                problems.add(o.board + ": " + o.problem);
            }
        }
        pool.shutdown();
        System.out.println("dtb round trip: " + dtb + "/" + blobs.size());
        System.out.println("dts round trip: " + dts + "/" + blobs.size());
        problems.stream().limit(20).forEach(System.out::println);
        assertEquals(blobs.size(), dtb, "dtb round trip");
        assertEquals(blobs.size(), dts, "dts round trip");
        measure(blobs);
    }

    private static Outcome check(Path p) throws IOException {
        String board = p.getFileName().toString();
        byte[] ref = Files.readAllBytes(p);
        Diagnostics d = new Diagnostics();
        DeviceTree t = DtbReader.read(ref, board, d);
        if (t == null || d.hasErrors()) {
            return new Outcome(board, false, false, "read failed: " + d.all());
        }
        byte[] back = DtbWriter.write(t);
        boolean dtbOk = Arrays.equals(ref, back);
        String problem = dtbOk ? null : "DtbWriter differs at byte " + Arrays.mismatch(ref, back);
        boolean dtsOk;
        try {
            byte[] viaDts = Dtc.dtsToDtb(DtsWriter.write(t));
            dtsOk = Arrays.equals(ref, viaDts);
            if (!dtsOk && problem == null) {
                problem = "dtc(DtsWriter) differs at byte " + Arrays.mismatch(ref, viaDts);
            }
        } catch (AssertionError e) {
            dtsOk = false;
            problem = problem == null ? e.getMessage() : problem;
        }
        return new Outcome(board, dtbOk, dtsOk, problem);
    }

    /** Throughput in a warm JVM: two warm-up passes, then three timed passes over the whole corpus. */
    private static void measure(List<Path> blobs) throws IOException {
        List<byte[]> all = new ArrayList<>();
        long bytes = 0;
        for (Path p : blobs) {
            byte[] b = Files.readAllBytes(p);
            all.add(b);
            bytes += b.length;
        }
        long sink = 0;
        double[] mbps = new double[3];
        for (int pass = 0; pass < 5; pass++) {
            long readNs = 0;
            long writeNs = 0;
            long dtsNs = 0;
            for (byte[] b : all) {
                long t0 = System.nanoTime();
                DeviceTree t = DtbReader.read(b, "x.dtb", new Diagnostics());
                long t1 = System.nanoTime();
                sink += DtbWriter.write(t).length;
                long t2 = System.nanoTime();
                sink += DtsWriter.write(t).length();
                long t3 = System.nanoTime();
                readNs += t1 - t0;
                writeNs += t2 - t1;
                dtsNs += t3 - t2;
            }
            if (pass >= 2) {
                double mb = bytes / 1e6;
                System.out.printf("pass %d over %.1f MB: read %.0f MB/s, write %.0f MB/s, read+write %.0f MB/s, "
                                + "dts %.0f MB/s%n", pass, mb, mb / (readNs / 1e9), mb / (writeNs / 1e9),
                        mb / ((readNs + writeNs) / 1e9), mb / (dtsNs / 1e9));
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
