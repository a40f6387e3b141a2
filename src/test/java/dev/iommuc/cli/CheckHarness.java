package dev.iommuc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Runs {@code iommuc check} in-process with test hooks: a fixed clock (reproducible times), no progress line. */
final class CheckHarness {

    record Result(int code, String out, String err) {
    }

    static final CheckCommand.Hooks FIXED = new CheckCommand.Hooks(board -> { }, () -> 0L, false);

    private CheckHarness() {
    }

    static Result check(String... args) {
        return check(FIXED, args);
    }

    /** With a step run before each board (a test plants an internal error there). */
    static Result check(Consumer<Path> beforeBoard, String... args) {
        return check(new CheckCommand.Hooks(beforeBoard, () -> 0L, false), args);
    }

    static Result check(CheckCommand.Hooks hooks, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CheckCommand(new PrintWriter(out), new PrintWriter(err), hooks).run(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The summary table for these counts with the fixed clock (0.000 s), written out column by column. */
    static String summary(int boards, int clean, int errors, int warnings, int drift, int internal) {
        return "boards  clean  with errors  with warnings  drift  internal errors  wall time\n"
                + String.format("%6d  %5d  %11d  %13d  %5d  %15d  %9s%n", boards, clean, errors, warnings, drift, internal,
                "0.000 s").replace(System.lineSeparator(), "\n");
    }
}
