package dev.iommuc.cli;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.dts.DtsWriter;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
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

/** {@code iommuc tree BOARD -O dts|dtb [-o OUT]}: the dtc-compatible output of the front end. */
final class TreeCommand {

    private final PrintWriter out;
    private final PrintWriter err;

    TreeCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        FrontEndOptions.addTo(o);
        o.addOption(Option.builder("O").hasArg().argName("FORMAT").desc("output format: dts | dtb").build());
        o.addOption(Option.builder("o").hasArg().argName("OUT").desc("output file (default: standard output)").build());
        return o;
    }

    int run(String[] args) {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            err.println("iommuc tree: " + e.getMessage());
            return Main.USAGE;
        }
        if (cl.hasOption("h")) {
            new HelpFormatter().printHelp(out, 100, "iommuc tree BOARD.dts|BOARD.dtb -O dts|dtb [-o OUT]",
                    "", options(), 2, 2, "");
            return Main.OK;
        }
        if (cl.getArgList().size() != 1) {
            err.println("iommuc tree: expected exactly one board file (got " + cl.getArgList().size() + ")");
            return Main.USAGE;
        }
        String format = cl.getOptionValue("O", "dtb");
        if (!format.equals("dts") && !format.equals("dtb")) {
            err.println("iommuc tree: -O " + format + ": expected dts or dtb");
            return Main.USAGE;
        }
        LoadOptions lo;
        try {
            lo = FrontEndOptions.load(cl);
        } catch (FrontEndOptions.UsageException e) {
            err.println("iommuc tree: " + e.getMessage());
            return Main.USAGE;
        }
        Diagnostics diags = FrontEndOptions.diagnostics(cl, err);
        Path board = Path.of(cl.getArgList().get(0));
        DeviceTree tree = new TreeLoader(lo, SourceCache.forOneBoard()).load(board, diags);
        DiagnosticPrinter.print(diags, err);
        if (diags.errorCount() > 0 || tree == null) {
            return Main.exitCode(diags);
        }
        byte[] bytes = format.equals("dtb") ? DtbWriter.write(tree)
                : DtsWriter.write(tree).getBytes(StandardCharsets.ISO_8859_1);
        try {
            Output.write(cl.getOptionValue("o"), bytes);
        } catch (IOException e) {
            err.println("iommuc tree: cannot write " + cl.getOptionValue("o") + ": " + e.getMessage());
            return Main.USAGE;
        }
        return Main.OK;
    }
}
