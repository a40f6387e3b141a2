package dev.iommuc.checks;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.Dtc;
import dev.iommuc.dtb.DtbReader;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.SourceText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Differential test on the kernel corpus: for every board our checks must report what dtc 1.6.1
 * reports on the same input (check, severity, subject, message, count, and for source input the file
 * and line), read from the reference DTB and from the kernel's preprocessed source. Checks whose behaviour changed between dtc 1.6.1 and
 * 1.8.1 (our target) are left out of the comparison, as are prerequisite lines naming them.
 */
@Tag("corpus")
class ChecksCorpusTest {

    /** Changed after 1.6.1: wording, a fixed bug, new or removed checks (see the 1.6.1..1.8.1 diff of checks.c). */
    private static final Set<String> CHANGED = Set.of("avoid_unnecessary_addr_size", "i2c_bus_bridge", "i2c_bus_reg",
            "interrupt_provider", "interrupt_map", "graph_child_address", "graph_port", "graph_endpoint",
            "pci_device_bus_num", "node_name_not_empty");

    private static final Pattern DTC_LINE = Pattern.compile("^(.*?): (Warning|ERROR) \\((\\w+)\\): (.*)$");
    /** dtc's position: file:line.col[-[line.]col]; we compare file and first line. */
    private static final Pattern DTC_POS = Pattern.compile("^(.*):(\\d+)\\.\\d+(?:-[\\d.]+)?$");
    private static final Pattern PREREQ = Pattern.compile("Failed prerequisite '(\\w+)'");

    @Test
    void dtbBoardsMatchDtc() throws Exception {
        run(false);
    }

    @Test
    void sourceBoardsMatchDtc() throws Exception {
        run(true);
    }

    /** The checks that are off by default, switched on with the same -W options on both sides. */
    @Test
    void sourceBoardsMatchDtcWithOffChecksOn() throws Exception {
        run(true, "property_name_chars_strict", "node_name_chars_strict", "unique_unit_address_if_enabled",
                "deprecated_gpio_property");
    }

    private static void run(boolean source, String... warn) throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present (run shared/corpus/kernel-dts.sh)");
        Dtc.assume();
        List<Corpus.Board> boards = Corpus.boards();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong checkNanos = new AtomicLong();
        AtomicLong compared = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (Corpus.Board b : boards) {
            jobs.add(pool.submit(() -> {
                try {
                    Path input = source ? b.pre() : b.dtb();
                    List<String> ours = ours(b, source, checkNanos, warn);
                    List<String> dtc = dtc(b, input, source ? "dts" : "dtb", warn);
                    compared.addAndGet(dtc.size());
                    String diff = diff(ours, dtc);
                    if (!diff.isEmpty()) {
                        failures.add(b.name() + ":" + diff);
                    }
                } catch (Exception | StackOverflowError e) {
                    failures.add(b.name() + ": exception " + e);
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("checks on %s%s: %d boards, %d dtc findings compared, %d differ; checks took %.1f ms/board%n",
                source ? ".pre.dts" : ".dtb", warn.length == 0 ? "" : " -W " + String.join(" -W ", warn), boards.size(), compared.get(), failures.size(),
                checkNanos.get() / 1e6 / boards.size());
        failures.stream().sorted().limit(20).forEach(System.out::println);
        assertEquals(List.of(), failures.stream().sorted().limit(5).toList());
    }

    private static List<String> ours(Corpus.Board b, boolean source, AtomicLong nanos, String... warn)
            throws IOException {
        CheckLevels levels = new CheckLevels();
        for (String w : warn) {
            CheckRegistry.applyOption(levels, w, false);
        }
        Diagnostics diags = new Diagnostics(levels);
        DeviceTree tree;
        if (source) {
            String text = Files.readString(b.pre(), StandardCharsets.ISO_8859_1);
            List<Path> inc = List.of(b.dts().getParent(), Corpus.includePrefixes());
            SourceText.Result src = SourceText.of(text, b.pre(), b.pre().toString(), inc, diags);
            tree = DtsFrontend.parse(src, b.pre().toAbsolutePath().getParent(), inc, diags);
            if (tree == null) {
                throw new IOException("parse failed: " + diags.all());
            }
            Fixups.apply(tree, diags, Fixups.Options.DEFAULT);
        } else {
            tree = DtbReader.read(Files.readAllBytes(b.dtb()), b.dtb().toString(), diags);
        }
        int before = diags.all().size();
        long t0 = System.nanoTime();
        TreeChecks.run(tree, diags);
        nanos.addAndGet(System.nanoTime() - t0);
        List<String> out = new ArrayList<>();
        for (Diagnostic d : diags.all().subList(before, diags.all().size())) {
            String text = (d.subject().isEmpty() ? "" : d.subject() + ": ") + d.message();
            String where = d.pos().known() ? d.pos().file() + ":" + d.pos().line() : "-";
            add(out, where, d.severity().label(), d.check(), text);
        }
        return out;
    }

    /** dtc's findings, run as kbuild does (include paths for /include/ in the preprocessed text). */
    private static List<String> dtc(Corpus.Board b, Path input, String format, String... warn)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dtc", "-i", b.dts().getParent().toString(), "-i",
                Corpus.includePrefixes().toString(), "-I", format, "-O", "dtb", "-o", "/dev/null"));
        for (String w : warn) {
            cmd.addAll(List.of("-W", w));
        }
        cmd.add(input.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (p.waitFor() != 0 || err.contains("FATAL")) {
            throw new IOException("dtc failed: " + err.lines().filter(l -> !l.contains("Warning")).findFirst().orElse(""));
        }
        List<String> out = new ArrayList<>();
        for (String line : err.split("\n")) {
            Matcher m = DTC_LINE.matcher(line);
            if (m.matches()) {
                Matcher pos = DTC_POS.matcher(m.group(1));
                String where = pos.matches() ? pos.group(1) + ":" + pos.group(2) : "-";
                add(out, where, m.group(2).equals("ERROR") ? "error" : "warning", m.group(3), m.group(4));
            }
        }
        return out;
    }

    private static void add(List<String> out, String where, String sev, String check, String text) {
        Matcher pre = PREREQ.matcher(text);
        if (CHANGED.contains(check) || (pre.find() && CHANGED.contains(pre.group(1)))) {
            return;
        }
        out.add(where + " " + sev + " " + check + " " + text);
    }

    /** Multiset difference both ways, order-insensitive (dtc's order is ours too, but a diff reads better sorted). */
    private static String diff(List<String> ours, List<String> dtc) {
        List<String> onlyOurs = new ArrayList<>(ours);
        List<String> onlyDtc = new ArrayList<>();
        for (String d : dtc) {
            if (!onlyOurs.remove(d)) {
                onlyDtc.add(d);
            }
        }
        StringBuilder sb = new StringBuilder();
        onlyOurs.stream().limit(3).forEach(s -> sb.append("\n  only ours: ").append(s));
        onlyDtc.stream().limit(3).forEach(s -> sb.append("\n  only dtc:  ").append(s));
        return sb.toString();
    }
}
