package dev.iommuc.bench;

import dev.iommuc.checks.TreeChecks;
import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.CppOptions;
import dev.iommuc.cpp.Preprocessor;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.ParseStats;
import dev.iommuc.parse.SourceText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The front end over the whole corpus in one JVM with {@code -j} workers, timed per phase:
 * preprocess (our cpp), parse (lex + ANTLR), tree (tree building, fixups, checks), DTB (writer) and
 * compile (default policy bound to the tree, IOMMU topology, plan and its YAML).
 * Each pass also checks every DTB against dtc's reference so the speed is for correct output.
 * Run by {@code bench/corpus-bench.sh}; usage: {@code CorpusBench [-j N] [passes]}.
 */
public final class CorpusBench {

    private final AtomicLong cppNs = new AtomicLong();
    private final AtomicLong parseNs = new AtomicLong();
    private final AtomicLong treeNs = new AtomicLong();
    private final AtomicLong fixNs = new AtomicLong();
    private final AtomicLong compileNs = new AtomicLong();
    private final AtomicLong planBytes = new AtomicLong();
    private final AtomicLong buildNs = new AtomicLong();
    private final AtomicLong dtbNs = new AtomicLong();
    private final AtomicLong preBytes = new AtomicLong();
    private final AtomicLong dtbBytes = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();

    /** With --pre, boards are read from the kernel's .pre.dts (no preprocessing phase). */
    private final boolean fromPre;
    /** With --front-end, the compile phase is skipped (the front end alone, as cpp | dtc does it). */
    private final boolean frontEndOnly;

    private CorpusBench(boolean fromPre, boolean frontEndOnly) {
        this.fromPre = fromPre;
        this.frontEndOnly = frontEndOnly;
    }

    public static void main(String[] args) throws Exception {
        int jobs = 2;
        int passes = 2;
        boolean fromPre = false;
        boolean frontEndOnly = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pre")) {
                fromPre = true;
            } else if (args[i].equals("--front-end")) {
                frontEndOnly = true;
            } else if (args[i].equals("-j")) {
                jobs = Integer.parseInt(args[++i]);
            } else {
                passes = Integer.parseInt(args[i]);
            }
        }
        List<Corpus.Board> boards = Corpus.boards();
        SourceCache cache = new SourceCache();
        for (int pass = 1; pass <= passes; pass++) {
            CorpusBench b = new CorpusBench(fromPre, frontEndOnly);
            long t0 = System.nanoTime();
            b.run(boards, jobs, cache);
            double wall = (System.nanoTime() - t0) / 1e9;
            b.print(pass, boards.size(), jobs, wall);
        }
    }

    private void run(List<Corpus.Board> boards, int jobs, SourceCache cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<?>> fs = new ArrayList<>();
        for (Corpus.Board b : boards) {
            fs.add(pool.submit(() -> {
                one(b, cache);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
    }

    private void one(Corpus.Board b, SourceCache cache) throws Exception {
        List<Path> inc = List.of(b.dts().getParent(), Corpus.includePrefixes());
        Diagnostics diags = new Diagnostics();
        long t0 = System.nanoTime();
        String text = fromPre ? Files.readString(b.pre(), java.nio.charset.StandardCharsets.ISO_8859_1)
                : new Preprocessor(new CppOptions(List.of(Corpus.includePrefixes()), Map.of()), diags, cache)
                .preprocess(b.dts());
        long t1 = System.nanoTime();
        cppNs.addAndGet(t1 - t0);
        preBytes.addAndGet(text.length());
        SourceText.Result src = SourceText.of(text, b.dts(), b.dts().toString(), inc, diags);
        ParseStats stats = new ParseStats();
        DeviceTree tree = DtsFrontend.parse(src, b.dts().getParent(), inc, diags, stats);
        long t2 = System.nanoTime();
        long t3 = t2;
        if (tree != null) {
            Fixups.apply(tree, diags, Fixups.Options.DEFAULT);
            fixNs.addAndGet(System.nanoTime() - t2);
            TreeChecks.run(tree, diags);
            t3 = System.nanoTime();
        }
        // SourceText is part of reading the parser's input: count it with parsing
        parseNs.addAndGet((t2 - t1) - stats.treeNanos());
        treeNs.addAndGet(stats.treeNanos() + (t3 - t2));
        buildNs.addAndGet(stats.treeNanos());
        if (tree == null || diags.hasErrors()) {
            mismatches.incrementAndGet();
            return;
        }
        byte[] dtb = DtbWriter.write(tree);
        long t4 = System.nanoTime();
        dtbNs.addAndGet(t4 - t3);
        dtbBytes.addAndGet(dtb.length);
        if (frontEndOnly) {
            return;
        }
        // compile: policy (default profile) bound to the tree, topology, plan, plan YAML
        dev.iommuc.policy.BoundPolicy bound = dev.iommuc.policy.PolicyBinder.bind(
                dev.iommuc.policy.PolicyLayering.defaults(), tree, diags);
        dev.iommuc.resolve.Topology topo = dev.iommuc.resolve.TopologyResolver.resolve(tree, diags,
                dev.iommuc.plan.PlanBuilder.resolveOptions(bound));
        String plan = dev.iommuc.plan.PlanWriter.write(
                dev.iommuc.plan.PlanBuilder.build(topo, bound, List.of(b.name()), null, diags));
        compileNs.addAndGet(System.nanoTime() - t4);
        planBytes.addAndGet(plan.length());
        if (!Arrays.equals(dtb, Files.readAllBytes(b.dtb()))) {
            mismatches.incrementAndGet();
        }
    }

    private void print(int pass, int n, int jobs, double wall) {
        double mb = preBytes.get() / 1e6;
        System.out.printf("pass %d: %d boards, -j %d, wall %.2f s (%.0f boards/s), %d not identical to dtc%n",
                pass, n, jobs, wall, n / wall, mismatches.get());
        row("preprocess", cppNs.get(), n, mb);
        row("parse", parseNs.get(), n, mb);
        row("tree", treeNs.get(), n, mb);
        row("dtb", dtbNs.get(), n, dtbBytes.get() / 1e6);
        if (!frontEndOnly) {
            row("compile", compileNs.get(), n, mb);
        }
        System.out.printf("  (tree = building %.2f s + fixups %.2f s + checks %.2f s)%n",
                buildNs.get() / 1e9, fixNs.get() / 1e9, (treeNs.get() - buildNs.get() - fixNs.get()) / 1e9);
        System.out.printf("  (MB = %.1f MB of preprocessed DTS; dtb MB/s over %.1f MB of output)%n", mb, dtbBytes.get() / 1e6);
    }

    /** Phase time is summed over workers (CPU-seconds); rates are per worker-second. */
    private static void row(String name, long ns, int n, double mb) {
        double s = ns / 1e9;
        System.out.printf("  %-10s %7.2f s  %8.0f boards/s  %8.1f MB/s%n", name, s, n / s, mb / s);
    }
}
