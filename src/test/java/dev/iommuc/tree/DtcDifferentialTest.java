package dev.iommuc.tree;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.Dtc;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.dts.DtsWriter;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Our own small DTS cases for each tree rule (merge, delete/revive, phandle order, path references,
 * omit-if-no-ref, values and expressions, labels and -@, overlays, /incbin/, -H, -b), compiled by
 * iommuc and by the installed dtc with the same flags (first line {@code dtc-flags: …}): the DTBs must
 * be byte-identical. dtc is the oracle, so no expected value here comes from our own output.
 */
class DtcDifferentialTest {

    static final Path DIR = Path.of("src/test/resources/tree");

    @TestFactory
    Stream<DynamicTest> sameBytesAsDtc() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(p -> p.toString().endsWith(".dts")).sorted().toList();
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), c.toUri(), () -> check(c)));
    }

    static List<String> flags(Path c) throws IOException {
        String first = Files.readAllLines(c, StandardCharsets.ISO_8859_1).get(0);
        int i = first.indexOf("dtc-flags:");
        if (i < 0) {
            return List.of();
        }
        return Arrays.asList(first.substring(i + 10).replace("*/", "").trim().split("\\s+"));
    }

    static byte[] dtc(Path c, List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-"));
        cmd.addAll(flags);
        cmd.add(c.getFileName().toString());
        Process p = new ProcessBuilder(cmd).directory(c.getParent().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return out;
    }

    static DeviceTree tree(Path c, List<String> flags) {
        boolean symbols = flags.contains("-@");
        Fixups.PhandleStyle style = Fixups.PhandleStyle.EPAPR;
        int boot = 0;
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).equals("-H")) {
                style = Fixups.PhandleStyle.valueOf(flags.get(i + 1).toUpperCase());
            } else if (flags.get(i).equals("-b")) {
                boot = Integer.decode(flags.get(i + 1));
            }
        }
        LoadOptions lo = new LoadOptions(List.of(), Map.of(), CppMode.NONE, new Fixups.Options(symbols, style), boot);
        Diagnostics diags = new Diagnostics();
        DeviceTree tree = new TreeLoader(lo, new SourceCache()).load(c, diags);
        assertFalse(diags.hasErrors(), () -> c + ": " + diags.all());
        assertNotNull(tree);
        return tree;
    }

    private static void check(Path c) throws Exception {
        Dtc.assume();
        List<String> flags = flags(c);
        if (!flags.contains("-b")) {
            flags = new ArrayList<>(flags);
            flags.addAll(List.of("-b", "0"));
        }
        byte[] expected = dtc(c, flags);
        assertFalse(expected.length == 0, "dtc failed on " + c);
        DeviceTree tree = tree(c, flags);
        assertArrayEquals(expected, DtbWriter.write(tree), c + ": -O dtb");
        // our -O dts, compiled by dtc (without -@: the symbols are already in the printed tree)
        List<String> textFlags = new ArrayList<>(flags);
        textFlags.remove("-@");
        assertArrayEquals(expected, Dtc.dtsToDtb(DtsWriter.write(tree), textFlags.toArray(String[]::new)), c + ": -O dts through dtc");
    }
}
