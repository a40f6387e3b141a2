package dev.iommuc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static dev.iommuc.cli.CheckHarness.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check}'s machine formats over one run with every kind of outcome: a warning with a source
 * position (qcom-gpu.dts), an error (mixed.dts), drift (no expected reports) and an internal error
 * (planted in boom.dts). SARIF is validated against the OASIS SARIF 2.1.0 schema.
 */
class CheckFormatsTest {

    static final String GPU = CheckCommandTest.GPU;
    static final String MIXED = "dts-examples/scenarios/02-few-banks/mixed.dts";
    static final String LEGACY_MIX = "[iommu-legacy-mix] /iommu@e0800000: not probing due to mismatched DT properties"
            + " (legacy mmu-masters and generic iommus SMMUs in one system); the legacy binding was chosen by an SMMU"
            + " probed earlier";

    @TempDir
    Path tmp;

    private Path boom;
    private Path expect;

    private final Consumer<Path> planted = board -> {
        if (board.getFileName().toString().equals("boom.dts")) {
            throw new IllegalStateException("planted");
        }
    };

    @BeforeEach
    void boards() throws Exception {
        boom = tmp.resolve("boom.dts");
        Files.copy(Path.of(GPU), boom);
        expect = tmp.resolve("expected");
        Files.createDirectories(expect);
    }

    private CheckHarness.Result run(String format) {
        return check(planted, GPU, MIXED, boom.toString(), "--cpp=none", "--expect", expect.toString(), "--format", format);
    }

    private static JsonSchema sarifSchema() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/sarif/sarif-schema-2.1.0.json"))) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
        }
    }

    @Test
    void sarifIsValidAgainstTheOfficialSchema() throws Exception {
        CheckHarness.Result r = run("sarif");
        assertEquals(3, r.code(), "the internal error decides the exit code");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonSchema schema = sarifSchema();
        assertEquals(Set.of(), schema.validate(doc));

        // the validator does reject what the schema forbids: a level SARIF does not have
        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.at("/runs/0/results/0")).put("level", "fatal");
        Set<ValidationMessage> errors = schema.validate(broken);
        assertFalse(errors.isEmpty(), "a result with level 'fatal' must not validate");

        JsonNode run = doc.at("/runs/0");
        assertEquals("iommuc", run.at("/tool/driver/name").asText());
        List<String> rules = new ArrayList<>();
        run.at("/tool/driver/rules").forEach(n -> rules.add(n.get("id").asText()));
        Set<String> used = new TreeSet<>();
        run.at("/results").forEach(n -> used.add(n.get("ruleId").asText()));
        assertEquals(new ArrayList<>(used), rules, "one rule per check id used, sorted");
        assertTrue(used.containsAll(List.of("internal-error", "iommu-legacy-mix", "report-drift", "unit_address_vs_reg")),
                used.toString());
        assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean());

        JsonNode warning = find(run, "unit_address_vs_reg", GPU);
        assertEquals("warning", warning.get("level").asText());
        assertEquals("/soc@0: node has a unit name, but no reg or ranges property", warning.at("/message/text").asText());
        assertEquals(18, warning.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals(2, warning.at("/locations/0/physicalLocation/region/startColumn").asInt());
        assertEquals(rules.indexOf("unit_address_vs_reg"), warning.get("ruleIndex").asInt());

        JsonNode error = find(run, "iommu-legacy-mix", MIXED);
        assertEquals("error", error.get("level").asText());
        assertEquals(37, error.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals(12, error.at("/locations/0/physicalLocation/region/startColumn").asInt());

        JsonNode drift = find(run, "report-drift", GPU);
        assertEquals("drift from the expected report:\nno expected report " + expect.resolve("qcom-gpu.yaml"),
                drift.at("/message/text").asText());
        assertEquals(boom.toUri().toASCIIString(),
                find(run, "internal-error", boom.toUri().toASCIIString()).at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asText());
    }

    private static JsonNode find(JsonNode run, String rule, String uri) {
        for (JsonNode n : run.at("/results")) {
            if (n.get("ruleId").asText().equals(rule)
                    && n.at("/locations/0/physicalLocation/artifactLocation/uri").asText().equals(uri)) {
                return n;
            }
        }
        throw new AssertionError("no " + rule + " result for " + uri);
    }

    @Test
    void junitHasOneTestcasePerBoardWithFailuresAndErrors() throws Exception {
        CheckHarness.Result r = run("junit");
        assertEquals(3, r.code());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("0.000", suite.getAttribute("time"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        // in path order: the absolute temporary path ("/tmp/...") sorts before the relative ones
        Element boomCase = (Element) cases.item(0);
        Element mixed = (Element) cases.item(1);
        Element gpu = (Element) cases.item(2);
        assertEquals(boom.toString(), boomCase.getAttribute("name"));
        assertEquals("java.lang.IllegalStateException: planted",
                ((Element) boomCase.getElementsByTagName("error").item(0)).getAttribute("message"));
        assertEquals(MIXED, mixed.getAttribute("name"));
        Element failure = (Element) mixed.getElementsByTagName("failure").item(0);
        assertEquals(MIXED + ": 1 error", failure.getAttribute("message"));
        assertEquals("error", failure.getAttribute("type"));
        assertEquals(MIXED + ":37:12: error" + LEGACY_MIX.replace("] /iommu", "]: /iommu"), failure.getTextContent());
        assertEquals(GPU, gpu.getAttribute("name"));
        assertEquals("0.000", gpu.getAttribute("time"));
        Element gpuFailure = (Element) gpu.getElementsByTagName("failure").item(0);
        assertEquals("report-drift", gpuFailure.getAttribute("type"));
        assertEquals(CheckCommandTest.GPU_WARNING + "\ndrift from the expected report:\n  no expected report "
                + expect.resolve("qcom-gpu.yaml"), gpuFailure.getTextContent());
    }

    @Test
    void githubCommandsOnePerFinding() {
        CheckHarness.Result r = run("github");
        assertEquals(3, r.code());
        // boom.dts fails before its report exists and mixed.dts has errors: only qcom-gpu.dts is compared
        assertEquals(List.of(
                "::error file=" + boom + "::[internal-error] java.lang.IllegalStateException: planted",
                "::error file=" + MIXED + ",line=37,col=12::" + LEGACY_MIX,
                "::warning file=" + GPU + ",line=18,col=2::[unit_address_vs_reg] /soc@0: node has a unit name, but no reg"
                        + " or ranges property",
                "::error file=" + GPU + "::[report-drift] drift from the expected report:%0Ano expected report "
                        + expect.resolve("qcom-gpu.yaml"),
                "boards  clean  with errors  with warnings  drift  internal errors  wall time",
                "     3      0            1              1      1                1    0.000 s"), r.out().lines().toList());
    }
}
