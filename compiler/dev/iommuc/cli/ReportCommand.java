package dev.iommuc.cli;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.plan.PlanReader;
import dev.iommuc.plan.YamlOut;
import dev.iommuc.report.JsonOut;
import dev.iommuc.report.ReportModel;
import dev.iommuc.report.TextReport;
import dev.iommuc.runtime.exec.Executor;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code iommuc report BOARD} (compile + run) and {@code iommuc run PLAN.yaml} (run only): the
 * {@code iommuc.report/v1} report as YAML (default), JSON or text, written atomically.
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
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FMT").desc("yaml | json | text").build());
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
            new HelpFormatter().printHelp(out, 100, fromPlan ? "iommuc run PLAN.yaml [--format yaml|json|text] [-o OUT]"
                    : "iommuc report BOARD [--policy P.yaml] [--format yaml|json|text] [-o OUT]", "", options(), 2, 2, "");
            return Main.OK;
        }
        String format = cl.getOptionValue("format", "yaml");
        if (!List.of("yaml", "json", "text").contains(format)) {
            err.println("iommuc " + name + ": --format " + format + ": expected yaml, json or text");
            return Main.USAGE;
        }
        if (cl.getArgList().size() != 1) {
            err.println("iommuc " + name + ": expected exactly one " + (fromPlan ? "plan" : "board") + " file");
            return Main.USAGE;
        }
        Path input = Path.of(cl.getArgList().get(0));
        Diagnostics diags;
        Plan plan;
        if (fromPlan) {
            diags = new Diagnostics();
            String text;
            try {
                text = Files.readString(input, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("iommuc run: cannot read " + input + ": " + e.getMessage());
                return Main.USAGE;
            }
            plan = PlanReader.read(text, input.toString(), diags);
        } else {
            LoadOptions lo;
            try {
                lo = FrontEndOptions.load(cl);
            } catch (FrontEndOptions.UsageException e) {
                err.println("iommuc report: " + e.getMessage());
                return Main.USAGE;
            }
            List<String> unknown = new ArrayList<>();
            diags = new Diagnostics(FrontEndOptions.levels(cl, unknown));
            unknown.forEach(u -> err.println("iommuc: warning: unknown check name '" + u + "' in -W/-E (ignored)"));
            Path policy = cl.hasOption("policy") ? Path.of(cl.getOptionValue("policy")) : null;
            plan = new PlanCompiler(lo, new SourceCache(), policy).compile(input, diags);
        }
        DiagnosticPrinter.print(diags, err);
        if (plan == null || diags.hasErrors()) {
            return diags.all().stream().anyMatch(d -> d.check().equals("io")) ? Main.USAGE : Main.INPUT_ERRORS;
        }
        RunResult result = Executor.run(plan);
        Map<String, Object> doc = ReportModel.build(plan, result, diags.all());
        String text = switch (format) {
            case "json" -> JsonOut.write(doc);
            case "text" -> TextReport.write(result);
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
        boolean runtimeErrors = result.events().stream().anyMatch(e -> e.severity().equals("error"));
        return runtimeErrors ? Main.INPUT_ERRORS : Main.OK;
    }
}
