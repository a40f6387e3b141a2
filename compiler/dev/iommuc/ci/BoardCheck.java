package dev.iommuc.ci;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.plan.YamlOut;
import dev.iommuc.report.BoardReport;
import dev.iommuc.report.ReportDiff;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One board through the whole pipeline {@code iommuc report} runs (front end, resolver, runtime,
 * report model), then compared with its expected report. Safe to call from several threads at once:
 * everything per board is made here, and what is shared (the include cache, the options) is
 * thread-safe or immutable. An unexpected exception becomes the board's internal error, so the other
 * boards still run.
 */
public final class BoardCheck {

    /**
     * What is the same for every board of a run ({@code cache} and {@code trees} are its shared
     * include files and trees). {@code levels} makes each board's -W/-E levels;
     * {@code expect} is the golden directory (null: no comparison); {@code update} asks for the report
     * to be kept for rewriting the golden instead of comparing. {@code beforeBoard} runs first for each
     * board (a no-op except in tests, which plant a failure there); {@code clock} gives nanoseconds.
     */
    public record Settings(LoadOptions load, SourceCache cache, SharedTrees trees, Path policy, Supplier<CheckLevels> levels,
                           Path expect, boolean update, boolean werror, boolean debug,
                           Consumer<Path> beforeBoard, LongSupplier clock) {
    }

    private final Settings s;

    public BoardCheck(Settings settings) {
        this.s = settings;
    }

    /** The expected report of {@code board}: {@code <expect>/<file name without extension>.yaml}. */
    public static String expectedName(Path board) {
        String name = board.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".yaml";
    }

    public BoardOutcome check(Path board) {
        long start = s.clock().getAsLong();
        List<Finding> findings = new ArrayList<>();
        try {
            s.beforeBoard().accept(board);
            Diagnostics diags = new Diagnostics(s.levels().get());
            Plan plan = new PlanCompiler(s.load(), s.cache(), s.trees(), s.policy()).compile(board, diags);
            for (Diagnostic d : diags.all()) {
                findings.add(Finding.of(d, s.werror()));
            }
            if (plan == null || diags.hasErrors()) {
                return new BoardOutcome(board.toString(), findings, List.of(), null, s.clock().getAsLong() - start, null);
            }
            BoardReport report = BoardReport.run(plan, diags.all());
            for (RunResult.Event e : report.result().events()) {
                findings.add(Finding.of(e, s.werror()));
            }
            // the report text is only read to compare it or to rewrite a golden file
            String yaml = s.expect() == null ? null : YamlOut.dump(report.doc());
            List<String> drift = s.expect() == null || s.update() ? List.of() : drift(board, yaml);
            return new BoardOutcome(board.toString(), findings, drift, null, s.clock().getAsLong() - start,
                    s.update() ? yaml : null);
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            // a bug in iommuc, not in the board: this board's internal error (exit 3), the others go on
            String line = e.toString();
            if (s.debug()) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                line = sw.toString().stripTrailing();
            }
            return new BoardOutcome(board.toString(), findings, List.of(), line, s.clock().getAsLong() - start, null);
        }
    }

    private List<String> drift(Path board, String actual) {
        Path file = s.expect().resolve(expectedName(board));
        if (!Files.isRegularFile(file)) {
            return List.of("no expected report " + file);
        }
        String expected;
        try {
            expected = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("cannot read expected report " + file + ": " + e.getMessage());
        }
        return ReportDiff.diff(file.toString(), expected, actual);
    }
}
