package dev.iommuc.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry point. Only {@link #main} exits; {@link #run} returns the exit code so tests drive the CLI
 * in-process. Exit codes (SPEC §6): 0 clean, 1 errors in the input, 2 usage or I/O, 3 internal error.
 */
public final class Main {

    public static final int OK = 0;
    public static final int INPUT_ERRORS = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    private final PrintWriter out;
    private final PrintWriter err;

    public Main(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = new Main(out, err).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Exit code for input that failed: 2 when a file could not be read ({@code io}), else 1 (SPEC §6). */
    static int exitCode(dev.iommuc.diag.Diagnostics diags) {
        return diags.all().stream().anyMatch(d -> d.check().equals("io")) ? USAGE : INPUT_ERRORS;
    }

    public int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        try {
            return dispatch(args);
        } catch (StackOverflowError e) {
            err.println("iommuc: internal error: input nested too deeply (stack overflow)");
            return INTERNAL;
        } catch (OutOfMemoryError e) {
            err.println("iommuc: internal error: out of memory");
            return INTERNAL;
        } catch (RuntimeException | Error e) {
            err.println("iommuc: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args) {
        if (args.length == 0) {
            Usage.print(err);
            return USAGE;
        }
        String cmd = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (cmd) {
            case "-h", "--help", "help":
                Usage.print(out);
                return OK;
            case "-V", "--version", "version":
                out.println("iommuc " + Usage.version());
                return OK;
            case "tree":
                Warmup.start(false);
                return new TreeCommand(out, err).run(rest);
            case "compile":
                Warmup.start(true);
                return new CompileCommand(out, err).run(rest);
            case "report":
                Warmup.start(true);
                return new ReportCommand(out, err, false).run(rest);
            case "run":
                Warmup.start(true);
                return new ReportCommand(out, err, true).run(rest);
            case "translate":
                Warmup.start(true);
                return new TranslateCommand(out, err).run(rest);
            case "check":
                return new CheckCommand(out, err).run(rest);
            default:
                err.println("iommuc: unknown command '" + cmd + "'");
                Usage.print(err);
                return USAGE;
        }
    }
}
