package dev.iommuc.report;

import dev.iommuc.cli.Main;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topology pictures (issue 6, acceptance 3) of the plan test board: a Qualcomm-style SoC whose
 * GPU (SIDs 0 and 1) and GMU (SID 5) sit behind an Adreno SMMU. The expected edges follow from
 * reference/arm-smmu-v2.md §4.6 and §9 example 2: both are on the Qualcomm client list (identity
 * default domain, no bank), drm/msm then attaches the GPU domain, which must get CB0, and the GMU
 * domain, which gets the next bank, CB1; the USB controller's DMA domain is the apps SMMU's first bank.
 */
class TopologyPictureTest {

    static final String BOARD = "src/test/resources/plan/qcom-gpu.dts";

    private static String report(String format) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run(new String[] {"report", BOARD,
            "--cpp=none", "--format", format});
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @Test
    void dotShowsTheGpuOnBankZeroAndTheDriversAttachesDashed() {
        String dot = report("dot");
        assertTrue(dot.startsWith("digraph iommu {\n  rankdir=LR;"), dot);
        List<String> edges = dot.lines().filter(l -> l.contains(" -> ")).map(String::trim).toList();
        // GPU: two streams into one group; the group's default is the identity domain, drm/msm's is dashed
        assertTrue(edges.contains("\"m0\" -> \"m0s0\";") && edges.contains("\"m0\" -> \"m0s1\";"), edges.toString());
        assertTrue(edges.contains("\"m0s0\" -> \"grp:g0\";") && edges.contains("\"m0s1\" -> \"grp:g0\";"));
        assertTrue(edges.contains("\"grp:g0\" -> \"dom:gpu\" [style=dashed];"), edges.toString());
        assertTrue(edges.contains("\"dom:gpu\" -> \"cb:/soc@0/iommu@3da0000:0\";"), edges.toString());
        assertTrue(edges.contains("\"dom:gmu\" -> \"cb:/soc@0/iommu@3da0000:1\";"), edges.toString());
        assertTrue(edges.contains("\"cb:/soc@0/iommu@3da0000:0\" -> \"pt:gpu\";"), edges.toString());
        // the identity default domain has no bank and no table
        String identity = dot.lines().filter(l -> l.contains("\\nidentity\"")).findFirst().orElseThrow();
        String id = identity.trim().substring(0, identity.trim().indexOf(' '));
        assertTrue(edges.stream().noneMatch(e -> e.startsWith(id + " -> ")), edges.toString());
        assertEquals(dot, report("dot"), "deterministic");
    }

    @Test
    void svgIsWellFormedAndHasEveryBox() throws Exception {
        String svg = report("svg");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertTrue(words.containsAll(List.of("masters", "streams", "groups", "domains", "page tables",
                "gpu@3d00000", "sid 0x0 mask 0x400", "sid 0x1 mask 0x400", "CB0", "CB1", "gpu", "gmu")), words.toString());
        // one box per master, stream, group, domain, bank and table: rectangles besides the background
        Topology t = Topology.of(dev.iommuc.runtime.exec.Executor.run(
                new dev.iommuc.pipeline.PlanCompiler(new dev.iommuc.pipeline.LoadOptions(List.of(), java.util.Map.of(),
                        dev.iommuc.pipeline.CppMode.NONE, dev.iommuc.model.Fixups.Options.DEFAULT, 0),
                        new dev.iommuc.cpp.SourceCache(), null)
                        .compile(java.nio.file.Path.of(BOARD), new dev.iommuc.diag.Diagnostics())));
        int boxes = t.columns().stream().mapToInt(c -> c.boxes().size()).sum();
        assertEquals(boxes + 1, doc.getElementsByTagName("rect").getLength());
        assertEquals(t.edges().size(), doc.getElementsByTagName("path").getLength());
    }

    /**
     * An SMMUv3 board (scenario 3): the stream boxes carry their STE's Config and the fifth column holds one
     * CD per master and SSID — the GPU's PASID domain as SSID 0 and one CD per process, the herd's domain
     * as SSID 0 in each member's CD table — with unique box ids (several masters have a CD at SSID 0).
     */
    @Test
    void smmuv3ShowsStesAndOneCdPerMasterAndSsid() {
        java.nio.file.Path dir = java.nio.file.Path.of("dts-examples/scenarios/03-smmuv3-sva");
        Topology t = Topology.of(dev.iommuc.runtime.exec.Executor.run(
                new dev.iommuc.pipeline.PlanCompiler(new dev.iommuc.pipeline.LoadOptions(List.of(), java.util.Map.of(),
                        dev.iommuc.pipeline.CppMode.JAVA, dev.iommuc.model.Fixups.Options.DEFAULT, 0),
                        new dev.iommuc.cpp.SourceCache(), dir.resolve("policy.yaml"))
                        .compile(dir.resolve("board.dts"), new dev.iommuc.diag.Diagnostics())));
        Topology.Column cds = t.columns().get(4);
        assertEquals("context descriptors (per master, SSID)", cds.title());
        List<String> ids = t.columns().stream().flatMap(c -> c.boxes().stream()).map(Topology.Box::id).toList();
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "unique box ids: " + ids);
        List<Topology.Box> gpu = cds.boxes().stream().filter(b -> b.lines().get(0).equals("gpu@4d900000")).toList();
        assertEquals(List.of("CD ssid 0", "CD ssid 1", "CD ssid 2", "CD ssid 3", "CD ssid 4"),
                gpu.stream().map(Topology.Box::title).toList());
        assertEquals("PASID 2, asid 7", gpu.get(2).lines().get(1));
        assertEquals(3, cds.boxes().stream().filter(b -> b.lines().get(1).equals("no PASID, asid 2")).count(),
                "the herd's CD in display's, video's and camera's tables");
        assertTrue(t.columns().get(1).boxes().stream().allMatch(b -> b.lines().contains("STE s1-trans")));
        assertTrue(t.edges().contains(new Topology.Edge("dom:herd:media",
                "cd:/iommu@490d0000:/isp@4ae00000:0", "solid")), t.edges().toString());
        Topology.Box table = t.columns().get(5).boxes().get(0);
        assertEquals(List.of("4 levels from L0, ias 48", "SSID 0 + 4 PASID context tables", "15 tables, 60K"),
                table.lines());
    }
}
