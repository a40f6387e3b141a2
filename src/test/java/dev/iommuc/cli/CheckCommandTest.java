package dev.iommuc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.iommuc.cli.CheckHarness.check;
import static dev.iommuc.cli.CheckHarness.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code iommuc check}: board expansion, -j independence, per-board internal errors, --werror, usage errors. */
class CheckCommandTest {

    static final String GPU = "src/test/resources/plan/qcom-gpu.dts";
    static final String GPU_WARNING = "src/test/resources/plan/qcom-gpu.dts:18:2: warning[unit_address_vs_reg]: /soc@0:"
            + " node has a unit name, but no reg or ranges property";

    @TempDir
    Path tmp;

    /** The board paths a JUnit report lists, in order. */
    private static List<String> testcases(String junit) {
        Matcher m = Pattern.compile("<testcase classname=\"iommuc.check\" name=\"([^\"]+)\"").matcher(junit);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void aCleanBoardPrintsOnlyTheSummary() {
        CheckHarness.Result r = check("dts-examples/boards", "-I", "dts-examples/include");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                boards  clean  with errors  with warnings  drift  internal errors  wall time
                     1      1            0              0      0                0    0.000 s
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void aWarningIsListedUnderItsBoardAndFailsOnlyUnderWerror() {
        CheckHarness.Result r = check(GPU, "--cpp=none");
        assertEquals(0, r.code(), r.err());
        assertEquals(GPU + ": 1 warning\n    " + GPU_WARNING + "\n" + summary(1, 0, 0, 1, 0, 0), r.out());
        CheckHarness.Result w = check(GPU, "--cpp=none", "--werror");
        assertEquals(1, w.code());
        assertEquals(GPU + ": 1 error\n    " + GPU_WARNING.replace("warning[", "error[") + "\n" + summary(1, 0, 1, 0, 0, 0),
                w.out());
        CheckHarness.Result off = check(GPU, "--cpp=none", "--werror", "-Wno-unit_address_vs_reg");
        assertEquals(0, off.code(), off.out());
        assertEquals(summary(1, 1, 0, 0, 0, 0), off.out());
    }

    @Test
    void directoriesGiveEveryDtsAndDtbSortedWithoutDtsi() throws Exception {
        CheckHarness.Result r = check("dts-examples", "--format", "junit", "-I", "dts-examples/include");
        // what a plain walk finds (the tree grows with the scenarios): every .dts/.dtb, no .dtsi, sorted
        List<String> expected;
        try (java.util.stream.Stream<Path> w = Files.walk(Path.of("dts-examples"))) {
            expected = w.map(Path::toString).filter(n -> n.endsWith(".dts") || n.endsWith(".dtb")).sorted().toList();
        }
        assertTrue(expected.contains("dts-examples/boards/demo-board.dts")
                && expected.contains("dts-examples/scenarios/02-few-banks/mixed.dts"), expected.toString());
        assertEquals(expected, testcases(r.out()));
        // a DTB beside a DTS: both are boards; the same file named twice is checked once
        Path dtb = tmp.resolve("gpu.dtb");
        assertEquals(0, new Main(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .run("tree", GPU, "--cpp=none", "-O", "dtb", "-o", dtb.toString()));
        Files.copy(Path.of(GPU), tmp.resolve("gpu.dts"));
        Files.writeString(tmp.resolve("soc.dtsi"), "/ { };\n");
        CheckHarness.Result d = check(tmp.toString(), tmp.resolve("gpu.dts").toString(), "--cpp=none", "--format", "junit");
        assertEquals(List.of(tmp.resolve("gpu.dtb").toString(), tmp.resolve("gpu.dts").toString()), testcases(d.out()));
        assertEquals(0, d.code(), d.out() + d.err());
    }

    @Test
    void globsMatchWithJavaGlobSyntax() {
        CheckHarness.Result r = check("dts-examples/scenarios/*/board.dts", "--format", "junit");
        List<String> boards = new java.util.ArrayList<>();
        for (java.io.File d : java.util.Objects.requireNonNull(new java.io.File("dts-examples/scenarios").listFiles())) {
            if (new java.io.File(d, "board.dts").isFile()) {
                boards.add("dts-examples/scenarios/" + d.getName() + "/board.dts");
            }
        }
        java.util.Collections.sort(boards);
        assertTrue(boards.size() >= 4 && boards.get(0).equals("dts-examples/scenarios/01-adreno-per-process/board.dts"));
        assertEquals(boards, testcases(r.out()));
        CheckHarness.Result deep = check("dts-examples/**/mixed.dts", "dts-examples/scenarios/02-few-banks/mixed.dts",
                "--format", "junit");
        assertEquals(List.of("dts-examples/scenarios/02-few-banks/mixed.dts"), testcases(deep.out()));
    }

    @Test
    void outputDoesNotDependOnTheNumberOfWorkers() {
        for (String format : List.of("text", "sarif", "junit", "github")) {
            CheckHarness.Result one = check("dts-examples", GPU, "-I", "dts-examples/include", "--format", format, "-j", "1");
            CheckHarness.Result two = check("dts-examples", GPU, "-I", "dts-examples/include", "--format", format, "-j", "2");
            assertEquals(1, one.code(), format + ": mixed.dts has an error");
            assertEquals(one.out(), two.out(), format);
            assertEquals(one.err(), two.err(), format);
        }
    }

    @Test
    void anInternalErrorInOneBoardLeavesTheOthersChecked() throws Exception {
        for (String name : List.of("a.dts", "boom.dts", "c.dts")) {
            Files.copy(Path.of(GPU), tmp.resolve(name));
        }
        java.util.function.Consumer<Path> planted = board -> {
            if (board.getFileName().toString().equals("boom.dts")) {
                throw new IllegalStateException("planted");
            }
        };
        CheckHarness.Result r = check(planted, tmp.toString(), "--cpp=none", "-j", "2");
        assertEquals(3, r.code());
        String boom = tmp.resolve("boom.dts").toString();
        assertTrue(r.out().contains(boom + ": internal error: java.lang.IllegalStateException: planted\n"), r.out());
        assertTrue(r.out().contains(tmp.resolve("a.dts") + ": 1 warning\n"), r.out());
        assertTrue(r.out().contains(tmp.resolve("c.dts") + ": 1 warning\n"), r.out());
        assertTrue(r.out().endsWith(summary(3, 0, 0, 2, 0, 1)), r.out());
        assertEquals("iommuc check: internal error in " + boom + ": java.lang.IllegalStateException: planted"
                + " (run with --debug for details)\n", r.err());
        CheckHarness.Result debug = check(planted, tmp.toString(), "--cpp=none", "--debug");
        assertEquals(3, debug.code());
        assertTrue(debug.err().contains("\tat dev.iommuc."), "--debug shows the stack trace:\n" + debug.err());
    }

    @Test
    void outputFileIsWrittenWhole() throws Exception {
        Path out = tmp.resolve("check.xml");
        CheckHarness.Result r = check(GPU, "--cpp=none", "--format", "junit", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(out).endsWith("</testsuite>\n"));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void badUsageExitsTwoWithAMessage() {
        assertUsage(check(), "expected at least one board, directory or glob");
        assertUsage(check(GPU, "--format", "xml"), "--format xml: expected text, sarif, junit or github");
        assertUsage(check(GPU, "--update-expect"), "--update-expect needs --expect DIR");
        assertUsage(check(GPU, "--expect", tmp.resolve("none").toString()), "not a directory");
        assertUsage(check("no/such/board.dts"), "no/such/board.dts: no such file or directory");
        assertUsage(check("dts-examples/*.nothing"), "dts-examples/*.nothing: matches no file");
        assertUsage(check(GPU, "-j", "0"), "-j 0: expected a number from 1 to 256");
        assertUsage(check(GPU, "--bogus"), "Unrecognized option: --bogus");
        // through Main too: check is a command now
        StringWriter err = new StringWriter();
        assertEquals(2, new Main(new PrintWriter(new StringWriter()), new PrintWriter(err)).run("check"));
        assertTrue(err.toString().startsWith("iommuc check: expected at least one board"), err.toString());
    }

    @Test
    void twoBoardsWithOneExpectedNameAreRefused() throws Exception {
        Files.createDirectories(tmp.resolve("x"));
        Files.copy(Path.of(GPU), tmp.resolve("x/gpu.dts"));
        Files.copy(Path.of(GPU), tmp.resolve("gpu.dts"));
        CheckHarness.Result r = check(tmp.toString(), "--cpp=none", "--expect", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("would share the expected report gpu.yaml"), r.err());
    }

    private static void assertUsage(CheckHarness.Result r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("iommuc check: ") && r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
