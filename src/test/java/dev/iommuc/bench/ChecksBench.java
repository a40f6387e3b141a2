package dev.iommuc.bench;

import dev.iommuc.checks.CheckRegistry;
import dev.iommuc.checks.TreeChecks;
import dev.iommuc.corpus.Corpus;
import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.DtbReader;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.SourceText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dtc checks alone, on corpus trees loaded once through the normal front end (the kernel's
 * preprocessed source, parse, fixups), so that only {@link TreeChecks#run} is timed. Two modes:
 * <ul>
 *   <li>{@code time [boards] [reps] [hot]}: every k-th board up to {@code boards} (default 200), then
 *       {@code reps} timed rounds (default 30) of the checks over all of them on one thread; prints
 *       the warm per-board time of each round. Without {@code hot} each board's tree comes cold from
 *       memory (the other boards were checked in between); with it, from the caches.</li>
 *   <li>{@code dump FILE}: every board, from source and from the reference DTB, under several option
 *       sets (defaults, off-by-default checks on, dtc's stop-after-first-error, -E and -Wno options),
 *       writes every diagnostic with all its fields in order. Two builds that write the same file
 *       produce the same check output.</li>
 * </ul>
 * Run with the test classpath: {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * dev.iommuc.bench.ChecksBench time 200 30}.
 */
public final class ChecksBench {

    private ChecksBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("dump")) {
            dump(Path.of(args[1]));
            return;
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        // "hot": each board's checks run once untimed right before the timed run, so its tree is in
        // the caches as it is in the pipeline, where the checks follow tree building and fixups
        boolean hot = args.length > 3 && args[3].equals("hot");
        List<Corpus.Board> all = Corpus.boards();
        int step = Math.max(1, all.size() / n);
        List<DeviceTree> trees = new ArrayList<>();
        for (int i = 0; i < all.size() && trees.size() < n; i += step) {
            trees.add(fromSource(all.get(i), new Diagnostics()));
        }
        long nodes = 0;
        long props = 0;
        for (DeviceTree t : trees) {
            // through the model, so the bench runs unchanged against earlier builds of the checks
            List<dev.iommuc.model.Node> todo = new ArrayList<>(List.of(t.root()));
            while (!todo.isEmpty()) {
                dev.iommuc.model.Node x = todo.remove(todo.size() - 1);
                nodes++;
                props += x.properties().size();
                todo.addAll(x.children());
            }
        }
        System.out.printf("%d boards loaded (%.0f live nodes, %.0f live properties per board); load %s%n",
                trees.size(), (double) nodes / trees.size(), (double) props / trees.size(), loadavg());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 1; r <= reps; r++) {
            long wall = 0;
            long cpuNs = 0;
            int found = 0;
            for (DeviceTree t : trees) {
                if (hot) {
                    TreeChecks.run(t, new Diagnostics());
                }
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Diagnostics d = new Diagnostics();
                TreeChecks.run(t, d);
                wall += System.nanoTime() - t0;
                cpuNs += mx.getCurrentThreadCpuTime() - c0;
                found += d.all().size();
            }
            double ms = wall / 1e6;
            double cpu = cpuNs / 1e6;
            // thread CPU time is what to compare on a shared machine: wall time includes waiting for a core
            System.out.printf("round %2d: %.3f ms/board wall, %.3f ms/board CPU (%d diagnostics)%n", r,
                    ms / trees.size(), cpu / trees.size(), found);
        }
    }

    private static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static DeviceTree fromSource(Corpus.Board b, Diagnostics diags) throws IOException {
        String text = Files.readString(b.pre(), StandardCharsets.ISO_8859_1);
        List<Path> inc = List.of(b.dts().getParent(), Corpus.includePrefixes());
        SourceText.Result src = SourceText.of(text, b.pre(), b.pre().toString(), inc, diags);
        DeviceTree tree = DtsFrontend.parse(src, b.pre().toAbsolutePath().getParent(), inc, diags);
        if (tree == null) {
            throw new IOException("parse failed: " + b.name());
        }
        Fixups.apply(tree, diags, Fixups.Options.DEFAULT);
        return tree;
    }

    /** Option sets: name, then -W/-E arguments as "W:x" / "E:x", and "DTC" for stopAfterFirstError. */
    private static final List<List<String>> OPTION_SETS = List.of(
            List.of("default"),
            List.of("off-on", "W:property_name_chars_strict", "W:node_name_chars_strict",
                    "W:unique_unit_address_if_enabled", "W:deprecated_gpio_property"),
            List.of("dtc-stop", "DTC"),
            List.of("errors", "E:unit_address_vs_reg", "E:simple_bus_reg", "DTC"),
            List.of("lowered", "W:no-addr_size_cells", "W:no-unit_address_vs_reg", "W:always_fail"),
            List.of("errors-go-on", "E:avoid_default_addr_size", "E:graph_port", "E:interrupts_property"));

    private static void dump(Path out) throws IOException {
        List<Corpus.Board> boards = Corpus.boards();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (Corpus.Board b : boards) {
                for (boolean source : new boolean[] {true, false}) {
                    // the checks do not change the tree, so one load serves every option set; the
                    // load's findings are replayed into each sink (fixup failures are read from there)
                    Diagnostics loadDiags = new Diagnostics();
                    DeviceTree tree = source ? fromSource(b, loadDiags)
                            : DtbReader.read(Files.readAllBytes(b.dtb()), b.dtb().toString(), loadDiags);
                    for (List<String> set : OPTION_SETS) {
                        CheckLevels levels = new CheckLevels();
                        TreeChecks.Options opts = TreeChecks.Options.DEFAULT;
                        for (String o : set.subList(1, set.size())) {
                            if (o.equals("DTC")) {
                                opts = TreeChecks.Options.DTC;
                            } else {
                                CheckRegistry.applyOption(levels, o.substring(2), o.charAt(0) == 'E');
                            }
                        }
                        Diagnostics diags = new Diagnostics(levels);
                        loadDiags.all().forEach(diags::add);
                        int before = diags.all().size();
                        boolean err = TreeChecks.run(tree, diags, opts);
                        w.write("== " + b.name() + (source ? " dts " : " dtb ") + set.get(0) + " -> " + err + "\n");
                        for (Diagnostic d : diags.all().subList(before, diags.all().size())) {
                            w.write(d.severity() + "|" + d.check() + "|" + fullPos(d.pos()) + "|" + d.subject() + "|"
                                    + d.message() + "\n");
                            for (Diagnostic.Note note : d.notes()) {
                                w.write("  note " + fullPos(note.pos()) + "|" + note.message() + "\n");
                            }
                        }
                    }
                }
            }
        }
    }

    private static String fullPos(dev.iommuc.diag.SourcePos p) {
        return p == null ? "null" : p.file() + ":" + p.line() + "." + p.col() + "-" + p.endLine() + "." + p.endCol()
                + (p.from() == null ? "" : "<" + fullPos(p.from()));
    }
}
