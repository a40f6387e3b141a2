package dev.iommuc.cli;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.plan.PlanWriter;
import dev.iommuc.runtime.plan.Plan;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code iommuc compile BOARD... [--policy P] [-o PLAN.yaml|DIR] [-j N]}: front end + resolver, the
 * plan as YAML. With several boards {@code -o} names a directory that receives
 * {@code <board>.plan.yaml} each; boards run on {@code -j} workers but diagnostics and files come out
 * in command-line order, so the output does not depend on {@code -j}.
 */
final class CompileCommand {

    private final PrintWriter out;
    private final PrintWriter err;

    CompileCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        FrontEndOptions.addTo(o);
        FrontEndOptions.addPolicy(o);
        o.addOption(Option.builder("o").hasArg().argName("OUT").desc("plan file, or directory for several boards").build());
        o.addOption(Option.builder("j").hasArg().argName("N").desc("parallel workers (default 1)").build());
        return o;
    }

    /** One board's outcome: its plan text or null, and its rendered diagnostics. */
    private record Result(String plan, String diagnostics, int code) {
    }

    int run(String[] args) {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            err.println("iommuc compile: " + e.getMessage());
            return Main.USAGE;
        }
        if (cl.hasOption("h")) {
            new HelpFormatter().printHelp(out, 100, "iommuc compile BOARD... [--policy P.yaml] [-o PLAN.yaml|DIR] [-j N]",
                    "", options(), 2, 2, "");
            return Main.OK;
        }
        List<String> boards = cl.getArgList();
        if (boards.isEmpty()) {
            err.println("iommuc compile: expected at least one board file");
            return Main.USAGE;
        }
        int jobs;
        LoadOptions lo;
        try {
            jobs = cl.hasOption("j") ? Integer.parseInt(cl.getOptionValue("j")) : 1;
            if (jobs < 1 || jobs > 256) {
                throw new NumberFormatException();
            }
            lo = FrontEndOptions.load(cl);
        } catch (NumberFormatException e) {
            err.println("iommuc compile: -j " + cl.getOptionValue("j") + ": expected a number from 1 to 256");
            return Main.USAGE;
        } catch (FrontEndOptions.UsageException e) {
            err.println("iommuc compile: " + e.getMessage());
            return Main.USAGE;
        }
        String outOpt = cl.getOptionValue("o");
        if (boards.size() > 1 && outOpt == null) {
            err.println("iommuc compile: several boards need -o DIR");
            return Main.USAGE;
        }
        List<String> unknown = new ArrayList<>();
        dev.iommuc.diag.CheckLevels levels = FrontEndOptions.levels(cl, unknown);
        for (String u : unknown) {
            err.println("iommuc: warning: unknown check name '" + u + "' in -W/-E (ignored)");
        }
        Path policy = FrontEndOptions.policy(cl);
        SourceCache cache = new SourceCache();
        List<Result> results = compileAll(boards, jobs, lo, cache, new SharedTrees(), policy, cl);
        int code = Main.OK;
        for (int i = 0; i < boards.size(); i++) {
            Result r = results.get(i);
            err.print(r.diagnostics());
            code = Math.max(code, r.code());
            if (r.plan() == null) {
                continue;
            }
            try {
                String target = boards.size() == 1 ? outOpt : Path.of(outOpt).resolve(planName(boards.get(i))).toString();
                if (target == null || target.equals("-")) {
                    out.print(r.plan());
                    out.flush();
                } else {
                    if (boards.size() > 1) {
                        Files.createDirectories(Path.of(outOpt));
                    }
                    Output.write(target, r.plan().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                err.println("iommuc compile: cannot write plan for " + boards.get(i) + ": " + e.getMessage());
                code = Math.max(code, Main.USAGE);
            }
        }
        return code;
    }

    static String planName(String board) {
        String name = Path.of(board).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".plan.yaml";
    }

    private List<Result> compileAll(List<String> boards, int jobs, LoadOptions lo, SourceCache cache, SharedTrees trees,
                                    Path policy, CommandLine cl) {
        return InOrder.map(boards, jobs, b -> one(Path.of(b), lo, cache, trees, policy, cl));
    }

    private static Result one(Path board, LoadOptions lo, SourceCache cache, SharedTrees trees, Path policy,
                              CommandLine cl) {
        Diagnostics diags = new Diagnostics(FrontEndOptions.levels(cl, new ArrayList<>()));
        Plan plan = new PlanCompiler(lo, cache, trees, policy).compile(board, diags);
        StringWriter sw = new StringWriter();
        DiagnosticPrinter.print(diags, new PrintWriter(sw));
        int code = plan != null && !diags.hasErrors() ? Main.OK : Main.exitCode(diags);
        return new Result(plan == null || diags.hasErrors() ? null : PlanWriter.write(plan), sw.toString(), code);
    }
}
