package dev.iommuc.cli;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.plan.YamlOut;
import dev.iommuc.report.BoardReport;
import dev.iommuc.report.JsonOut;
import dev.iommuc.report.DotPicture;
import dev.iommuc.report.SvgPicture;
import dev.iommuc.report.TextReport;
import dev.iommuc.report.Topology;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code iommuc report BOARD} (compile + run) and {@code iommuc run PLAN.yaml} (run only): the
 * {@code iommuc.report/v1} report as YAML (default), JSON or text, or its topology picture (DOT, SVG),
 * written atomically.
 */
final class ReportCommand {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean fromPlan;

    ReportCommand(PrintWriter out, PrintWriter err, boolean fromPlan) {
        this.out = out;
        this.err = err;
        this.fromPlan = fromPlan;
    }

    private Options options() {
        Options o = new Options();
        if (!fromPlan) {
            FrontEndOptions.addTo(o);
            FrontEndOptions.addPolicy(o);
        } else {
            o.addOption(Option.builder("h").longOpt("help").desc("this help").build());
            o.addOption(Option.builder().longOpt("debug").desc("stack traces for internal errors").build());
        }
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FMT").desc("yaml | json | text | dot | svg").build());
        o.addOption(Option.builder("o").hasArg().argName("OUT").desc("report file (default: standard output)").build());
        return o;
    }

    int run(String[] args) {
        String name = fromPlan ? "run" : "report";
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            err.println("iommuc " + name + ": " + e.getMessage());
            return Main.USAGE;
        }
        if (cl.hasOption("h")) {
            new HelpFormatter().printHelp(out, 100, fromPlan ? "iommuc run PLAN.yaml [--format yaml|json|text|dot|svg] [-o OUT]"
                    : "iommuc report BOARD [--policy P.yaml] [--format yaml|json|text|dot|svg] [-o OUT]", "", options(), 2, 2, "");
            return Main.OK;
        }
        String format = cl.getOptionValue("format", "yaml");
        if (!List.of("yaml", "json", "text", "dot", "svg").contains(format)) {
            err.println("iommuc " + name + ": --format " + format + ": expected yaml, json, text, dot or svg");
            return Main.USAGE;
        }
        if (cl.getArgList().size() != 1) {
            err.println("iommuc " + name + ": expected exactly one " + (fromPlan ? "plan" : "board") + " file");
            return Main.USAGE;
        }
        PlanInput.Loaded loaded = PlanInput.load(cl, Path.of(cl.getArgList().get(0)), fromPlan, name, err);
        if (loaded.plan() == null) {
            return loaded.failureCode();
        }
        Plan plan = loaded.plan();
        Diagnostics diags = loaded.diags();
        BoardReport report = BoardReport.run(plan, diags.all());
        RunResult result = report.result();
        Map<String, Object> doc = report.doc();
        String text = switch (format) {
            case "json" -> JsonOut.write(doc);
            case "text" -> TextReport.write(result);
            case "dot" -> DotPicture.write(Topology.of(result));
            case "svg" -> SvgPicture.write(Topology.of(result));
            default -> YamlOut.dump(doc);
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
            err.println("iommuc " + name + ": cannot write " + target + ": " + e.getMessage());
            return Main.USAGE;
        }
        return report.runtimeErrors() ? Main.INPUT_ERRORS : Main.OK;
    }
}
