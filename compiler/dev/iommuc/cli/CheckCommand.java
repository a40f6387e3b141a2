package dev.iommuc.cli;

import dev.iommuc.ci.BoardCheck;
import dev.iommuc.ci.BoardFiles;
import dev.iommuc.ci.BoardOutcome;
import dev.iommuc.ci.CheckResults;
import dev.iommuc.ci.GithubFormat;
import dev.iommuc.ci.JunitFormat;
import dev.iommuc.ci.SarifFormat;
import dev.iommuc.ci.TextFormat;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.pipeline.LoadOptions;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code iommuc check BOARD|DIR|GLOB ...}: the CI entry point (SPEC §6). Every board goes through the
 * pipeline of {@code report} on {@code -j} workers in one JVM (one include cache for all), is compared
 * with its expected report under {@code --expect}, and the run is written as text, SARIF, JUnit XML or
 * GitHub workflow commands in board order, whatever {@code -j} is. Exit code: 3 if any board hit an
 * internal error, 2 for usage and I/O problems, 1 if any board has errors (warnings too under
 * {@code --werror}) or drift, else 0.
 */
final class CheckCommand {

    static final String USAGE = "iommuc check BOARD|DIR|GLOB... [--policy P] [--expect DIR] [--update-expect]"
            + " [-W/-E CHECK] [--werror] [--format text|sarif|junit|github] [-o OUT] [-j N]";

    /**
     * What differs between a test and a real run: a step before each board (tests plant an internal
     * error there), the clock (tests fix it to make timings reproducible) and whether a progress line
     * is drawn.
     */
    record Hooks(Consumer<Path> beforeBoard, LongSupplier clock, boolean tty) {

        static Hooks real() {
            return new Hooks(board -> { }, System::nanoTime, Progress.interactive());
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Hooks hooks;

    CheckCommand(PrintWriter out, PrintWriter err) {
        this(out, err, Hooks.real());
    }

    CheckCommand(PrintWriter out, PrintWriter err, Hooks hooks) {
        this.out = out;
        this.err = err;
        this.hooks = hooks;
    }

    private static Options options() {
        Options o = new Options();
        FrontEndOptions.addTo(o);
        FrontEndOptions.addPolicy(o);
        o.addOption(Option.builder().longOpt("expect").hasArg().argName("DIR").desc("expected reports: DIR/<board>.yaml").build());
        o.addOption(Option.builder().longOpt("update-expect").desc("rewrite the expected reports instead of comparing").build());
        o.addOption(Option.builder().longOpt("werror").desc("warnings count as errors").build());
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FMT").desc("text | sarif | junit | github").build());
        o.addOption(Option.builder("o").hasArg().argName("OUT").desc("output file (default: standard output)").build());
        o.addOption(Option.builder("j").hasArg().argName("N").desc("parallel workers (default: available processors)").build());
        return o;
    }

    int run(String[] args) {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            return usage(e.getMessage());
        }
        if (cl.hasOption("h")) {
            new HelpFormatter().printHelp(out, 100, USAGE, "", options(), 2, 2, "");
            return Main.OK;
        }
        String format = cl.getOptionValue("format", "text");
        if (!List.of("text", "sarif", "junit", "github").contains(format)) {
            return usage("--format " + format + ": expected text, sarif, junit or github");
        }
        if (cl.getArgList().isEmpty()) {
            return usage("expected at least one board, directory or glob");
        }
        boolean update = cl.hasOption("update-expect");
        Path expect = cl.hasOption("expect") ? Path.of(cl.getOptionValue("expect")) : null;
        if (update && expect == null) {
            return usage("--update-expect needs --expect DIR");
        }
        if (expect != null && !update && !Files.isDirectory(expect)) {
            return usage("--expect " + expect + ": not a directory");
        }
        int jobs = Runtime.getRuntime().availableProcessors();
        LoadOptions lo;
        try {
            if (cl.hasOption("j")) {
                jobs = Integer.parseInt(cl.getOptionValue("j"));
                if (jobs < 1 || jobs > 256) {
                    throw new NumberFormatException();
                }
            }
            lo = FrontEndOptions.load(cl);
        } catch (NumberFormatException e) {
            return usage("-j " + cl.getOptionValue("j") + ": expected a number from 1 to 256");
        } catch (FrontEndOptions.UsageException e) {
            return usage(e.getMessage());
        }
        List<Path> boards;
        try {
            boards = BoardFiles.expand(cl.getArgList());
        } catch (BoardFiles.NoBoards e) {
            return usage(e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("iommuc check: " + e.getCause().getMessage());
            return Main.USAGE;
        }
        if (expect != null) {
            String clash = sharedExpectedName(boards);
            if (clash != null) {
                return usage(clash);
            }
        }
        FrontEndOptions.diagnostics(cl, err); // warns once about unknown -W/-E names
        SharedTrees trees = new SharedTrees();
        SourceCache cache = new SourceCache();
        BoardCheck.Settings settings = new BoardCheck.Settings(lo, cache, trees,
                FrontEndOptions.policy(cl),
                () -> FrontEndOptions.levels(cl, new ArrayList<>()), expect, update, cl.hasOption("werror"),
                cl.hasOption("debug"), hooks.beforeBoard(), hooks.clock());
        long start = hooks.clock().getAsLong();
        List<BoardOutcome> outcomes = checkAll(boards, jobs, new BoardCheck(settings));
        int code = Main.OK;
        int written = -1;
        if (update) {
            written = writeExpected(expect, outcomes);
            code = written < 0 ? Main.USAGE : code;
        }
        CheckResults results = new CheckResults(outcomes, hooks.clock().getAsLong() - start, Usage.version(), written);
        if (cl.hasOption("debug")) {
            SharedTrees.Stats st = trees.stats();
            err.println("iommuc check: cpp " + cache.memoStats());
            err.println("iommuc check: cpp " + cache.fileStats());
            err.println("iommuc check: shared trees: " + st.resumed() + " of " + st.boards()
                    + " boards started from an earlier board's tree; statements reused " + st.statementsReused()
                    + ", parsed " + st.statementsParsed());
        }
        for (BoardOutcome b : outcomes) {
            if (b.internal()) {
                err.println("iommuc check: internal error in " + b.board() + ": " + b.internalError()
                        + (cl.hasOption("debug") ? "" : " (run with --debug for details)"));
            }
            code = Math.max(code, boardCode(b));
        }
        String text = switch (format) {
            case "sarif" -> SarifFormat.write(results);
            case "junit" -> JunitFormat.write(results);
            case "github" -> GithubFormat.write(results);
            default -> TextFormat.write(results);
        };
        String target = cl.getOptionValue("o");
        try {
            if (target == null || target.equals("-")) {
                out.print(text);
                out.flush();
            } else {
                Output.write(target, text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            err.println("iommuc check: cannot write " + target + ": " + e.getMessage());
            code = Math.max(code, Main.USAGE);
        }
        return code;
    }

    private int usage(String msg) {
        err.println("iommuc check: " + msg);
        err.println("usage: " + USAGE);
        return Main.USAGE;
    }

    /** 3 internal error; 2 an unreadable input (check id {@code io}); 1 errors or drift; else 0. */
    private static int boardCode(BoardOutcome b) {
        if (b.internal()) {
            return Main.INTERNAL;
        }
        if (b.findings().stream().anyMatch(f -> f.check().equals("io"))) {
            return Main.USAGE;
        }
        return b.failed() ? Main.INPUT_ERRORS : Main.OK;
    }

    /** Two boards whose expected reports would be the same file (x.dts and x.dtb, or a/x.dts and b/x.dts). */
    private static String sharedExpectedName(List<Path> boards) {
        Map<String, Path> seen = new HashMap<>();
        for (Path b : boards) {
            Path other = seen.putIfAbsent(BoardCheck.expectedName(b), b);
            if (other != null) {
                return other + " and " + b + " would share the expected report " + BoardCheck.expectedName(b);
            }
        }
        return null;
    }

    private List<BoardOutcome> checkAll(List<Path> boards, int jobs, BoardCheck check) {
        Progress progress = new Progress(err, boards.size(), hooks.tty());
        try {
            // BoardCheck turns a board's failure into its outcome; what escapes it (out of memory) ends the run
            return InOrder.map(boards, jobs, b -> {
                BoardOutcome o = check.check(b);
                progress.done(b.toString());
                return o;
            });
        } finally {
            progress.finish();
        }
    }

    /**
     * Writes each board's report as its expected report, atomically, skipping files already equal;
     * returns how many were written, or -1 after an I/O error (reported).
     */
    private int writeExpected(Path dir, List<BoardOutcome> outcomes) {
        int written = 0;
        try {
            Files.createDirectories(dir);
            for (BoardOutcome b : outcomes) {
                if (b.report() == null) {
                    continue;
                }
                Path file = dir.resolve(BoardCheck.expectedName(Path.of(b.board())));
                byte[] bytes = b.report().getBytes(StandardCharsets.UTF_8);
                if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                    continue;
                }
                Output.write(file.toString(), bytes);
                written++;
            }
            return written;
        } catch (IOException e) {
            err.println("iommuc check: cannot write expected reports to " + dir + ": " + e.getMessage());
            return -1;
        }
    }
}
