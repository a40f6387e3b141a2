package dev.iommuc.cli;

import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.Transaction;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code iommuc translate BOARD|PLAN --iommu NODE|LABEL --sid N [--ssid N] --iova A [--write]}: runs the plan,
 * then sends one transaction through the emulated IOMMU and prints the PA or the exact fault.
 * Exit code 0 when translated or bypassed, 1 when the hardware faults.
 */
final class TranslateCommand {

    private final PrintWriter out;
    private final PrintWriter err;

    TranslateCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        FrontEndOptions.addTo(o);
        FrontEndOptions.addPolicy(o);
        o.addOption(Option.builder().longOpt("iommu").hasArg().argName("NODE|LABEL").desc("the IOMMU").build());
        o.addOption(Option.builder().longOpt("sid").hasArg().argName("N").desc("stream ID").build());
        o.addOption(Option.builder().longOpt("ssid").hasArg().argName("N")
                .desc("substream ID (SMMUv3 PASID; default: none)").build());
        o.addOption(Option.builder().longOpt("iova").hasArg().argName("A").desc("input address").build());
        o.addOption(Option.builder().longOpt("write").desc("a write transaction (default: read)").build());
        return o;
    }

    int run(String[] args) {
        CommandLine cl;
        long sid;
        long iova;
        Integer ssid;
        try {
            cl = new DefaultParser().parse(options(), args);
            if (cl.getArgList().size() != 1 || !cl.hasOption("iommu") || !cl.hasOption("sid") || !cl.hasOption("iova")) {
                err.println("iommuc translate: usage: iommuc translate BOARD|PLAN --iommu NODE|LABEL --sid N [--ssid N] --iova A [--write]");
                return Main.USAGE;
            }
            sid = Long.decode(cl.getOptionValue("sid"));
            ssid = cl.hasOption("ssid") ? Integer.decode(cl.getOptionValue("ssid")) : null;
            iova = Long.parseUnsignedLong(cl.getOptionValue("iova").replaceFirst("^0[xX]", ""),
                    cl.getOptionValue("iova").matches("^0[xX].*") ? 16 : 10);
        } catch (ParseException | NumberFormatException e) {
            err.println("iommuc translate: " + e.getMessage());
            return Main.USAGE;
        }
        Path input = Path.of(cl.getArgList().get(0));
        boolean planFile = input.toString().endsWith(".yaml") || input.toString().endsWith(".yml");
        PlanInput.Loaded loaded = PlanInput.load(cl, input, planFile, "translate", err);
        if (loaded.plan() == null) {
            return loaded.failureCode();
        }
        Plan plan = loaded.plan();
        String want = cl.getOptionValue("iommu");
        PlanIommu target = plan.iommus().stream().filter(i -> i.id().equals(want) || want.equals(i.label()))
                .findFirst().orElse(null);
        if (target == null) {
            err.println("iommuc translate: no IOMMU '" + want + "' in the plan");
            return Main.USAGE;
        }
        if (ssid != null && target.family() != dev.iommuc.runtime.plan.IommuFamily.ARM_SMMU_V3) {
            err.println("iommuc translate: --ssid: " + target.id() + " has no substreams (only SMMUv3 takes a PASID)");
            return Main.USAGE;
        }
        Transaction t = Executor.execute(plan)
                .translate(new Transaction.Request(target.id(), sid, ssid, iova, cl.hasOption("write")));
        if (t == null) {
            err.println("iommuc translate: " + target.id() + " (" + target.impl() + ") has no register-level model yet");
            return Main.USAGE;
        }
        out.printf("%s sid 0x%x iova 0x%x %s: %s%n", target.id(), sid, iova, cl.hasOption("write") ? "write" : "read",
                t.ok() ? String.format("%s pa 0x%x", t.outcome(), t.pa()) : "fault " + t.fault());
        out.println("  " + t.detail());
        out.flush();
        return t.ok() ? Main.OK : Main.INPUT_ERRORS;
    }
}
