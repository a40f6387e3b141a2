package dev.iommuc.cli;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.pipeline.TreeLoader;
import dev.iommuc.report.BoardReport;
import dev.iommuc.runtime.plan.Plan;

/**
 * Board-independent start-up work of a single-board command, begun on a second core while the first
 * one reads the board: a tiny built-in board goes through the whole pipeline (preprocess, parse,
 * fixups, checks, and with {@code policy} the built-in profile — SnakeYAML, ≈ 0.1 s cold —, binding,
 * resolve, plan, runtime, report and its YAML). In a cold JVM most of a phase's first run is class
 * initialisation and the linking of lambdas and string concatenations, which happen once per JVM
 * whichever thread runs them first; the real board then finds them done. Whatever this thread has not
 * reached, the main thread does itself. It never reports: its own board's findings are dropped.
 */
final class Warmup {

    /** An SMMU, an interrupt controller and one master: enough to touch every phase, in ≈ 1 ms warm. */
    private static final String BOARD = """
            /dts-v1/;
            #define SID(x) (x)
            / {
            \t#address-cells = <2>;
            \t#size-cells = <2>;
            \tinterrupt-parent = <&gic>;
            \tgic: interrupt-controller@17a00000 {
            \t\tcompatible = "arm,gic-v3";
            \t\treg = <0 0x17a00000 0 0x10000>;
            \t\tinterrupt-controller;
            \t\t#interrupt-cells = <3>;
            \t};
            \tsmmu: iommu@15000000 {
            \t\tcompatible = "qcom,sdm845-smmu-500", "arm,mmu-500";
            \t\treg = <0 0x15000000 0 0x80000>;
            \t\t#iommu-cells = <2>;
            \t\t#global-interrupts = <1>;
            \t\tinterrupts = <0 65 4>, <0 96 4>;
            \t};
            \tdev@a000000 {
            \t\tcompatible = "vendor,dev";
            \t\treg = <0 0xa000000 0 0x1000>;
            \t\tiommus = <&smmu SID(0x880) 0x8>;
            \t};
            };
            """;

    private Warmup() {
    }

    /** Starts the warm-up if there is a second processor to run it on. */
    static void start(boolean policy) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread t = new Thread(() -> run(policy), "iommuc-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** The warm-up itself; true when it went all the way (WarmupTest holds the board to that). */
    static boolean run(boolean policy) {
        try {
            Diagnostics d = new Diagnostics();
            if (!policy) {
                return new TreeLoader(LoadOptions.defaults(), SourceCache.forOneBoard()).loadText("warmup.dts", BOARD, d) != null;
            }
            Plan plan = new PlanCompiler(LoadOptions.defaults(), SourceCache.forOneBoard(), null).compileText("warmup.dts", BOARD, d);
            if (plan == null) {
                return false;
            }
            BoardReport report = BoardReport.run(plan, d.all());
            dev.iommuc.plan.YamlOut.dump(report.doc());
            return !report.runtimeErrors();
        } catch (Throwable ignored) {
            return false; // best effort only: the main thread does and reports the same work
        }
    }
}
