package dev.iommuc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cpp=system}: the host cpp, its messages as diagnostics; and agreement with our preprocessor. */
class SystemPreprocessorTest {

    @TempDir
    Path tmp;

    private static boolean hostCpp() {
        try {
            Process p = new ProcessBuilder("cpp", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void commandLine() {
        Map<String, String> defs = new LinkedHashMap<>();
        defs.put("A", null);
        defs.put("B", "2");
        SystemPreprocessor sp = new SystemPreprocessor(new CppOptions(List.of(Path.of("inc")), defs), new Diagnostics());
        assertEquals(List.of("cpp", "-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp", "-I", "inc", "-DA",
                "-DB=2", "b.dts"), sp.commandLine(Path.of("b.dts")));
    }

    @Test
    void stderrBecomesDiagnosticsWithIncludeTrail() {
        Diagnostics d = new Diagnostics();
        SystemPreprocessor sp = new SystemPreprocessor(CppOptions.of(), d);
        int errors = sp.reportMessages("In file included from b.dts:3:\n"
                + "inc/a.dtsi:7:2: error: #error stop\n"
                + "    7 | #error stop\n"
                + "      |  ^~~~~\n"
                + "b.dts:9: warning: \"X\" redefined\n"
                + "b.dts:1: note: this is the location of the previous definition\n"
                + "compilation terminated.\n");
        assertEquals(1, errors);
        List<Diagnostic> all = d.all();
        assertEquals(2, all.size());
        assertEquals("inc/a.dtsi:7:2", all.get(0).pos().toString());
        assertEquals("cpp-system", all.get(0).check());
        assertEquals("#error stop", all.get(0).message());
        assertEquals("b.dts:3:1", all.get(0).notes().get(0).pos().toString());
        assertEquals(Severity.WARNING, all.get(1).severity());
        assertEquals("this is the location of the previous definition", all.get(1).notes().get(0).message());
    }

    @Test
    void missingExecutableIsADiagnostic() {
        Diagnostics d = new Diagnostics();
        String out = new SystemPreprocessor(CppOptions.of(), d, "/nonexistent/cpp").preprocess(tmp.resolve("x.dts"));
        assertEquals("", out);
        assertEquals("cpp-system", d.all().get(0).check());
    }

    @Test
    void hostCppAndOursAgree() throws IOException {
        assumeTrue(hostCpp(), "no host cpp");
        Files.createDirectories(tmp.resolve("inc/dt-bindings"));
        Files.writeString(tmp.resolve("inc/dt-bindings/irq.h"), "#define IRQ_TYPE_LEVEL_HIGH 4\n#define GIC_SPI 0\n");
        Files.writeString(tmp.resolve("soc.dtsi"), "#include <dt-bindings/irq.h>\n#define CELLS(n) #address-cells = <n>\n"
                + "/ {\n\tCELLS(2);\n\t#size-cells = <2>;\n\tcompatible = \"linux,dummy\";\n"
                + "\tinterrupts = <GIC_SPI 5 IRQ_TYPE_LEVEL_HIGH>; // don't\n};\n");
        Files.writeString(tmp.resolve("board.dts"), "/dts-v1/;\n#include \"soc.dtsi\"\n/ { model = \"B\"; };\n");
        CppOptions opt = new CppOptions(List.of(tmp.resolve("inc")), Map.of());
        Diagnostics sd = new Diagnostics();
        String sys = new SystemPreprocessor(opt, sd).preprocess(tmp.resolve("board.dts"));
        Diagnostics od = new Diagnostics();
        String ours = new Preprocessor(opt, od, new SourceCache()).preprocess(tmp.resolve("board.dts"));
        assertTrue(sd.all().isEmpty(), sd.all().toString());
        assertTrue(od.all().isEmpty(), od.all().toString());
        assertEquals(normalise(sys), normalise(ours));
    }

    @Test
    void hostCppErrorsAreReported() throws IOException {
        assumeTrue(hostCpp(), "no host cpp");
        Files.writeString(tmp.resolve("bad.dts"), "/dts-v1/;\n#include \"missing.dtsi\"\n");
        Diagnostics d = new Diagnostics();
        new SystemPreprocessor(CppOptions.of(), d).preprocess(tmp.resolve("bad.dts"));
        assertTrue(d.hasErrors());
        Diagnostic e = d.all().get(0);
        assertEquals(2, e.pos().line());
        assertTrue(e.message().contains("missing.dtsi"), e.message());
    }

    /** Token text only: markers dropped, white space runs collapsed (what dtc cares about). */
    private static String normalise(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            if (!line.startsWith("# ")) {
                sb.append(line).append(' ');
            }
        }
        return sb.toString().trim().replaceAll("\\s+", " ");
    }
}
