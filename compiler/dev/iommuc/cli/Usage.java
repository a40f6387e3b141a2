package dev.iommuc.cli;

import java.io.PrintWriter;

/** The top-level help text and version. */
final class Usage {

    private Usage() {
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static void print(PrintWriter w) {
        w.println("""
                usage: iommuc <command> [options]

                Reads a board's device tree (.dts with #includes, or .dtb) and resolves its IOMMU facts.

                commands:
                  tree BOARD.dts|BOARD.dtb -O dts|dtb [-o OUT] [-I DIR]... [-D N[=V]]... [-@]
                                  dtc-compatible tree output (byte-identical DTB to dtc 1.6.1)
                  compile BOARD... [--policy P.yaml] [-o PLAN.yaml|DIR] [-j N]
                                  resolve the board's IOMMU facts into an iommuc.plan/v1 plan
                  report BOARD [--policy P.yaml] [--format yaml|json|text] [-o OUT]
                                  compile and run the plan: groups, domains, IOMMU state (iommuc.report/v1)
                  run PLAN.yaml [--format yaml|json|text] [-o OUT]
                                  run a plan written by compile
                  translate BOARD|PLAN --iommu NODE|LABEL --sid N --iova A [--write]
                                  one transaction through the emulated IOMMU: the PA or the exact fault
                  check BOARD|DIR|GLOB... [--expect DIR [--update-expect]] [--werror]
                        [--format text|sarif|junit|github] [-o OUT] [-j N]
                                  CI mode: many boards in parallel, errors, warnings and drift from
                                  expected reports, a summary (run `iommuc check --help`)

                common options:
                  -I DIR          include directory for #include, /include/ and /incbin/ (repeatable)
                  -D NAME[=VAL]   define a preprocessor macro (repeatable)
                  --cpp=MODE      java (default, no gcc needed) | system (host cpp) | none (already preprocessed)
                  -W CHECK, -E CHECK
                                  make a check a warning / an error; -Wno-CHECK, -Eno-CHECK switch it off
                  --debug         show stack traces of internal errors

                exit codes: 0 clean, 1 errors in the input, 2 usage or I/O problem, 3 internal error
                run `iommuc tree --help` for the tree command's options""");
    }
}
