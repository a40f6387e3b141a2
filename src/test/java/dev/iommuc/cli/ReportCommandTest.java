package dev.iommuc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code report} and {@code run}: the SPEC §5 top-level keys in order, and run(compile(board)) == report(board). */
class ReportCommandTest {

    static final String BOARD = "src/test/resources/plan/qcom-gpu.dts";

    @TempDir
    Path tmp;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void reportHasTheContractKeysInOrder() {
        String[] r = run("report", BOARD, "--cpp=none");
        assertEquals("0", r[0], r[2]);
        List<String> top = r[1].lines().filter(l -> !l.isEmpty() && Character.isLetter(l.charAt(0)))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertEquals(List.of("apiVersion", "inputs", "iommus", "masters", "groups", "domains", "diagnostics"), top);
        assertTrue(r[1].contains("model: arm-smmu-v2\n") && r[1].contains("impl: qcom-adreno-smmu\n"), r[1]);
        assertTrue(r[1].contains("  domain: gpu\n"), "the GPU ends in drm/msm's domain:\n" + r[1]);
    }

    @Test
    void runOfACompiledPlanGivesTheSameReport() throws Exception {
        Path plan = tmp.resolve("p.yaml");
        assertEquals("0", run("compile", BOARD, "--cpp=none", "-o", plan.toString())[0]);
        String[] viaPlan = run("run", plan.toString());
        String[] direct = run("report", BOARD, "--cpp=none");
        assertEquals("0", viaPlan[0], viaPlan[2]);
        // the compile diagnostics (dtc warnings) are only known when compiling
        String a = viaPlan[1].substring(0, viaPlan[1].indexOf("diagnostics:"));
        String b = direct[1].substring(0, direct[1].indexOf("diagnostics:"));
        assertEquals(b, a);
    }

    @Test
    void jsonAndTextFormats() throws Exception {
        String[] j = run("report", BOARD, "--cpp=none", "--format", "json");
        assertEquals("0", j[0]);
        assertTrue(j[1].startsWith("{\n  \"apiVersion\": \"iommuc.report/v1\""), j[1]);
        assertTrue(j[1].contains("\"sid\": \"0x5\""), j[1]);
        String[] t = run("report", BOARD, "--cpp=none", "--format", "text");
        assertTrue(t[1].contains("/soc@0/gpu@3d00000") && t[1].contains("domain gpu"), t[1]);
        Path out = tmp.resolve("r.yaml");
        assertEquals("0", run("report", BOARD, "--cpp=none", "-o", out.toString())[0]);
        assertTrue(Files.readString(out).startsWith("apiVersion: iommuc.report/v1\n"));
    }

    @Test
    void badPlanAndUsage() throws Exception {
        Path plan = tmp.resolve("bad.yaml");
        Files.writeString(plan, "apiVersion: iommuc.plan/v1\nkernel: {page-size: 12}\n");
        String[] r = run("run", plan.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("bad.yaml:2:") && r[2].contains("[plan-invalid]"), r[2]);
        assertEquals("2", run("run", tmp.resolve("none.yaml").toString())[0]);
        assertEquals("2", run("report", BOARD, "--format", "xml")[0]);
    }
}
