package dev.iommuc.report;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;

import java.util.List;
import java.util.Map;

/**
 * A compiled plan run on the emulated IOMMUs and turned into the {@code iommuc.report/v1} model: the
 * one path from plan to report, shared by {@code report}, {@code run} and {@code check} so they cannot
 * disagree about what a board's report is.
 */
public record BoardReport(RunResult result, Map<String, Object> doc) {

    /** Runs {@code plan}; {@code diagnostics} are the compile-time findings the report lists first. */
    public static BoardReport run(Plan plan, List<Diagnostic> diagnostics) {
        RunResult result = Executor.run(plan);
        return new BoardReport(result, ReportModel.build(plan, result, diagnostics));
    }

    /** Whether the run hit an error the kernel would hit at boot (exit code 1 for the board). */
    public boolean runtimeErrors() {
        return result.events().stream().anyMatch(e -> e.severity().equals("error"));
    }
}
