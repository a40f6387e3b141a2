package dev.iommuc.cli;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options every command that reads a board shares (-I, -D, --cpp, -W/-E, -@, -b, -H, --debug). */
final class FrontEndOptions {

    private FrontEndOptions() {
    }

    static void addTo(Options o) {
        o.addOption(Option.builder("I").hasArg().argName("DIR").desc("include directory (repeatable)").build());
        o.addOption(Option.builder("D").hasArg().argName("NAME[=VAL]").desc("define a macro (repeatable)").build());
        o.addOption(Option.builder().longOpt("cpp").hasArg().argName("MODE").desc("java | system | none").build());
        o.addOption(Option.builder("W").hasArg().argName("CHECK").desc("warn for CHECK; -Wno-CHECK disables").build());
        o.addOption(Option.builder("E").hasArg().argName("CHECK").desc("error for CHECK; -Eno-CHECK disables").build());
        o.addOption(Option.builder("@").longOpt("symbols").desc("generate __symbols__ (dtc -@)").build());
        o.addOption(Option.builder("b").hasArg().argName("N").desc("boot CPU id in the DTB header (default 0)").build());
        o.addOption(Option.builder("H").hasArg().argName("STYLE").desc("phandle properties: epapr | legacy | both").build());
        o.addOption(Option.builder().longOpt("debug").desc("stack traces for internal errors").build());
        o.addOption(Option.builder("h").longOpt("help").desc("this help").build());
    }

    /** {@code --policy P.yaml}, for the commands that compile a board. */
    static void addPolicy(Options o) {
        o.addOption(Option.builder().longOpt("policy").hasArg().argName("P.yaml").desc("policy file").build());
    }

    /** The {@code --policy} file, or null for the built-in profile. */
    static Path policy(CommandLine cl) {
        return cl.hasOption("policy") ? Path.of(cl.getOptionValue("policy")) : null;
    }

    /** Builds load options; throws UsageException on a bad value. */
    static LoadOptions load(CommandLine cl) throws UsageException {
        List<Path> dirs = new ArrayList<>();
        for (String d : values(cl, "I")) {
            dirs.add(Path.of(d));
        }
        Map<String, String> defines = new LinkedHashMap<>();
        for (String d : values(cl, "D")) {
            int eq = d.indexOf('=');
            String name = eq < 0 ? d : d.substring(0, eq);
            if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageException("-D " + d + ": not a macro name");
            }
            defines.put(name, eq < 0 ? null : d.substring(eq + 1));
        }
        CppMode cpp = CppMode.JAVA;
        if (cl.hasOption("cpp")) {
            try {
                cpp = CppMode.valueOf(cl.getOptionValue("cpp").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cpp=" + cl.getOptionValue("cpp") + ": expected java, system or none");
            }
        }
        Fixups.PhandleStyle style = Fixups.PhandleStyle.EPAPR;
        if (cl.hasOption("H")) {
            style = switch (cl.getOptionValue("H")) {
                case "epapr" -> Fixups.PhandleStyle.EPAPR;
                case "legacy" -> Fixups.PhandleStyle.LEGACY;
                case "both" -> Fixups.PhandleStyle.BOTH;
                default -> throw new UsageException("-H " + cl.getOptionValue("H") + ": expected epapr, legacy or both");
            };
        }
        int boot = 0;
        if (cl.hasOption("b")) {
            try {
                boot = (int) Long.decode(cl.getOptionValue("b")).longValue();
            } catch (NumberFormatException e) {
                throw new UsageException("-b " + cl.getOptionValue("b") + ": not a number");
            }
        }
        return new LoadOptions(dirs, defines, cpp, new Fixups.Options(cl.hasOption("@"), style), boot);
    }

    /** -W/-E settings, in command-line order. Unknown names are accepted with a warning by the caller. */
    static CheckLevels levels(CommandLine cl, List<String> unknown) {
        CheckLevels levels = new CheckLevels();
        for (Option o : cl.getOptions()) {
            if (o.getOpt() != null && (o.getOpt().equals("W") || o.getOpt().equals("E"))) {
                String name = o.getValue();
                // dtc semantics: raising a check raises its prerequisites, lowering one lowers its dependents
                if (!dev.iommuc.checks.CheckRegistry.applyOption(levels, name, o.getOpt().equals("E"))) {
                    String bare = name.startsWith("no-") || name.startsWith("no_") ? name.substring(3) : name;
                    if (!dev.iommuc.checks.CheckRegistry.known(bare)) {
                        unknown.add(bare);
                    }
                    levels.set(name, o.getOpt().equals("E"));
                }
            }
        }
        return levels;
    }

    /** A board's diagnostics sink with the -W/-E levels; unknown check names are warned about on {@code err}. */
    static dev.iommuc.diag.Diagnostics diagnostics(CommandLine cl, java.io.PrintWriter err) {
        List<String> unknown = new ArrayList<>();
        CheckLevels levels = levels(cl, unknown);
        for (String u : unknown) {
            err.println("iommuc: warning: unknown check name '" + u + "' in -W/-E (ignored)");
        }
        return new dev.iommuc.diag.Diagnostics(levels);
    }

    private static String[] values(CommandLine cl, String opt) {
        String[] v = cl.getOptionValues(opt);
        return v == null ? new String[0] : v;
    }

    /** A bad command line: reported with exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String msg) {
            super(msg);
        }
    }
}
