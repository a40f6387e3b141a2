package dev.iommuc.cli;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.plan.PlanReader;
import dev.iommuc.runtime.plan.Plan;
import org.apache.commons.cli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How {@code report}, {@code run} and {@code translate} get their plan: read a plan file, or compile a
 * board (front-end options, -W/-E, --policy). Diagnostics are printed here; a null plan comes with
 * the exit code to return.
 */
final class PlanInput {

    /** The plan (null on failure), its diagnostics, and the exit code when it failed. */
    record Loaded(Plan plan, Diagnostics diags, int failureCode) {
    }

    private PlanInput() {
    }

    static Loaded load(CommandLine cl, Path input, boolean planFile, String cmd, PrintWriter err) {
        Plan plan;
        Diagnostics diags;
        if (planFile) {
            diags = new Diagnostics();
            try {
                plan = PlanReader.read(Files.readString(input, StandardCharsets.UTF_8), input.toString(), diags);
            } catch (IOException e) {
                err.println("iommuc " + cmd + ": cannot read " + input + ": " + e.getMessage());
                return new Loaded(null, diags, Main.USAGE);
            }
        } else {
            LoadOptions lo;
            try {
                lo = FrontEndOptions.load(cl);
            } catch (FrontEndOptions.UsageException e) {
                err.println("iommuc " + cmd + ": " + e.getMessage());
                return new Loaded(null, new Diagnostics(), Main.USAGE);
            }
            diags = FrontEndOptions.diagnostics(cl, err);
            Path policy = FrontEndOptions.policy(cl);
            plan = new PlanCompiler(lo, SourceCache.forOneBoard(), policy).compile(input, diags);
        }
        DiagnosticPrinter.print(diags, err);
        if (plan == null || diags.hasErrors()) {
            return new Loaded(null, diags, Main.exitCode(diags));
        }
        return new Loaded(plan, diags, Main.OK);
    }
}
