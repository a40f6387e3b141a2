package dev.iommuc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.iommuc.checks.TreeChecks;
import dev.iommuc.cpp.CppOptions;
import dev.iommuc.cpp.Preprocessor;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.dtb.DtbReader;
import dev.iommuc.dtb.DtbWriter;
import dev.iommuc.dts.DtsWriter;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.parse.SourceText;
import dev.iommuc.parse.TreeSame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets (Jazzer). In {@code mvn test} they run over their committed inputs in
 * {@code src/test/resources/dev/iommuc/fuzz/FrontEndFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=FrontEndFuzzTest#<method>} they fuzz. Reported diagnostics are
 * success; any exception, StackOverflowError or hang is a finding.
 */
class FrontEndFuzzTest {
    // Dictionary entries must not contain newlines or backslashes: libFuzzer's dictionary file is
    // line-based and Jazzer writes the entries verbatim.

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"/dts-v1/;", "/plugin/;", "/ {", "};", "<", ">", "&", "&{/", "[", "]", "/bits/ 64",
            "/delete-node/", "/delete-property/", "/omit-if-no-ref/", "/memreserve/", "/incbin/(", "#iommu-cells",
            "iommus", "phandle", "label:", "\"", "'", "(", ")", "<<", "?", "# 1 \"x.dtsi\" 1", "/include/ \""})
    void fuzzDtsText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Diagnostics diags = new Diagnostics();
        SourceText.Result src = SourceText.of(text, Path.of("fuzz.dts"), "fuzz.dts", List.of(), diags);
        DeviceTree tree = DtsFrontend.parse(src, null, List.of(), diags);
        if (tree == null || diags.hasErrors()) {
            return;
        }
        Fixups.apply(tree, diags, new Fixups.Options(text.length() % 2 == 0, Fixups.PhandleStyle.EPAPR));
        TreeChecks.run(tree, diags);
        if (!diags.hasErrors()) {
            DtbWriter.write(tree);
            DtsWriter.write(tree);
        }
    }

    /**
     * The statement-wise parse with shared trees (what {@code check} runs) against the whole-file parse:
     * the same text three times through one {@link SharedTrees} (built, kept, resumed) must give the
     * whole parse's tree, field by field, and its diagnostics — or fall back to it. Statements only
     * share from included files, hence the line markers in the dictionary and seeds.
     */
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"/dts-v1/;", "/ {", "};", "<", ">", "&", "&{/", "[", "]", "label:", "\"", "'", "/*",
            "*/", "//", "# 1 \"soc.dtsi\" 1", "# 3 \"fuzz.dts\" 2", "# 7 \"pmic.dtsi\" 1", "/delete-node/ &",
            "/omit-if-no-ref/", "/memreserve/ 0 1;", "/plugin/;", "/incbin/(", "/bits/ 8", "status = \"okay\";"})
    void fuzzSharedParse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Diagnostics whole = new Diagnostics();
        SourceText.Result src = SourceText.of(text, Path.of("fuzz.dts"), "fuzz.dts", List.of(), whole);
        DeviceTree expected = DtsFrontend.parse(src, null, List.of(), whole);
        SharedTrees shared = new SharedTrees();
        for (int round = 0; round < 3; round++) {
            Diagnostics d = new Diagnostics();
            SourceText.Result again = SourceText.of(text, Path.of("fuzz.dts"), "fuzz.dts", List.of(), d);
            DeviceTree got = DtsFrontend.parse(again, null, List.of(), d, shared);
            if (!whole.all().equals(d.all())) {
                throw new IllegalStateException("round " + round + ": diagnostics differ: " + whole.all() + " vs " + d.all());
            }
            if ((expected == null) != (got == null)) {
                throw new IllegalStateException("round " + round + ": one parse failed");
            }
            String diff = expected == null ? null : TreeSame.diff(expected, got);
            if (diff != null) {
                throw new IllegalStateException("round " + round + ": " + diff);
            }
        }
    }

    /**
     * The direct parser (recursive descent from tokens to nodes) against ANTLR, the parser of record: the
     * same tree field by field and the same diagnostics, whether the direct parser took the input or
     * gave up on it.
     */
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"/dts-v1/;", "/plugin/;", "/ {", "};", "<", ">", "&", "&{/", "[", "]", "/bits/ 8",
            "/bits/ 64", "/delete-node/", "/delete-property/", "/omit-if-no-ref/", "/memreserve/", "label:",
            "\"", "'", "(", ")", "<<", ">>", "?", ":", "||", "&&", "==", "!=", "<=", ">=", "%", "~", "!",
            "0x", "/incbin/(", ",", ";", "="})
    void fuzzDirectParse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Diagnostics viaAntlr = new Diagnostics();
        DeviceTree expected = DtsFrontend.parseWithAntlr(
                SourceText.of(text, Path.of("fuzz.dts"), "fuzz.dts", List.of(), viaAntlr), null, List.of(), viaAntlr);
        Diagnostics direct = new Diagnostics();
        DeviceTree got = DtsFrontend.parse(
                SourceText.of(text, Path.of("fuzz.dts"), "fuzz.dts", List.of(), direct), null, List.of(), direct);
        if (!viaAntlr.all().equals(direct.all())) {
            throw new IllegalStateException("diagnostics differ: " + viaAntlr.all() + " vs " + direct.all());
        }
        if ((expected == null) != (got == null)) {
            throw new IllegalStateException("one parse failed");
        }
        String diff = expected == null ? null : TreeSame.diff(expected, got);
        if (diff != null) {
            throw new IllegalStateException(diff);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"#define ", "#include \"", "#if ", "#ifdef ", "#elif ", "#else", "#endif", "#undef ",
            "defined(", "##", "#x", "__VA_ARGS__", "...", "/*", "*/", "//", "/dts-v1/; / {", "};",
            "<", ">", "&", "#address-cells = <1>;", "(", ")", ","})
    void fuzzCppAndParse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Diagnostics diags = new Diagnostics();
        String pre = new Preprocessor(new CppOptions(List.of(), Map.of()), diags, new SourceCache())
                .preprocessText("fuzz.dts", text);
        if (pre == null || diags.hasErrors()) {
            return;
        }
        SourceText.Result src = SourceText.of(pre, Path.of("fuzz.dts"), "fuzz.dts", List.of(), diags);
        DeviceTree tree = DtsFrontend.parse(src, null, List.of(), diags);
        if (tree == null || diags.hasErrors()) {
            return;
        }
        Fixups.apply(tree, diags, Fixups.Options.DEFAULT);
        TreeChecks.run(tree, diags);
        if (!diags.hasErrors()) {
            DtbWriter.write(tree);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"apiVersion: iommuc.plan/v1", "kernel:", "page-size: 0x1000", "iommus:", "masters:",
            "operations:", "- op: probe", "streams:", "sid: 0x10", "&a", "*a", "!!str", "{", "}", "[", "]", ": ", "- "})
    void fuzzPlanYaml(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Diagnostics diags = new Diagnostics();
        dev.iommuc.runtime.plan.Plan plan = dev.iommuc.plan.PlanReader.read(text, "fuzz.yaml", diags);
        if (plan != null && !diags.hasErrors()) {
            dev.iommuc.plan.PlanWriter.write(plan);
            dev.iommuc.runtime.exec.Executor.run(plan);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void fuzzDtb(FuzzedDataProvider data) {
        byte[] blob = data.consumeRemainingAsBytes();
        Diagnostics diags = new Diagnostics();
        DeviceTree tree = DtbReader.read(blob, "fuzz.dtb", diags);
        if (tree != null && !diags.hasErrors()) {
            TreeChecks.run(tree, diags);
            DtbWriter.write(tree);
            DtsWriter.write(tree);
        }
    }
}
