package dev.iommuc.resolve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.resolve.Fixture.assertStreams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The deprecated {@code mmu-masters}/{@code #stream-id-cells} binding (arm-smmu-v2.md §1.2, §1.5). */
class LegacyBindingTest {

    private static final String HEAD = """
            / {
            	interrupt-parent = <&gic>;
            	gic: gic { #interrupt-cells = <1>; interrupt-controller; };
            """;

    private static String smmu(String name, String masters, String extra) {
        return String.format("\t%s { compatible = \"arm,mmu-401\"; reg = <1>; #global-interrupts = <1>;"
                + " interrupts = <0>, <1>; mmu-masters = %s; %s };\n", name, masters, extra);
    }

    @Test
    void rawFwidsWithMaskSpill() {
        // each of the master's #stream-id-cells cells is one raw 32-bit fwid: bits 31:16 are the mask field
        Fixture.Result r = Fixture.resolve(HEAD + smmu("smmu0: iommu@1", "<&dma 0x30080 0x81>, <&usb 0x100>", "") + """
                	dma: dma@2 { reg = <2>; #stream-id-cells = <2>; };
                	usb: usb@3 { reg = <3>; #stream-id-cells = <1>; };
                };
                """);
        assertEquals(List.of(), r.diags());
        assertStreams(r.master("/dma@2"), "/iommu@1 0x80/0x3", "/iommu@1 0x81/0x0");
        assertStreams(r.master("/usb@3"), "/iommu@1 0x100/0x0");
        StreamRef s = r.master("/usb@3").streams().get(0);
        assertEquals(StreamRef.Via.MMU_MASTERS, s.via());
        assertEquals(1, s.index());
        assertNull(r.master("/usb@3").noIommu());
        assertEquals(true, r.provider("/iommu@1").legacy());
    }

    @Test
    void theFirstProbedSmmuListingAMasterWins() {
        Fixture.Result r = Fixture.resolve(HEAD
                + smmu("off: iommu@0", "<&dev 0x9>", "status = \"disabled\";")
                + smmu("a: iommu@1", "<&dev 0x1>, <&dev 0x2>", "")
                + smmu("b: iommu@2", "<&dev 0x3>", "") + """
                	dev: dev@3 { reg = <3>; #stream-id-cells = <1>; };
                };
                """);
        assertStreams(r.master("/dev@3"), "/iommu@1 0x1/0x0");
    }

    @Test
    void aMasterWithoutStreamIdCellsStopsTheList() {
        Fixture.Result r = Fixture.resolve(HEAD + smmu("smmu: iommu@1", "<&a 0x1>, <&b 0x2>", "") + """
                	a: a { };
                	b: b { #stream-id-cells = <1>; };
                };
                """);
        assertEquals(List.of("iommu-cells-missing /iommu@1:mmu-masters"), r.ids());
        assertEquals(List.of(), r.topology().masters());
    }

    @Test
    void mixingBindingsFailsTheLaterSmmuEitherWay() {
        // generic first: the legacy SMMU probed later is the one that fails
        Fixture.Result r = Fixture.resolve(HEAD + """
                	gen: iommu@0 { compatible = "arm,mmu-500"; reg = <0>; #global-interrupts = <1>;
                		interrupts = <0>, <1>; #iommu-cells = <1>; };
                """ + smmu("leg: iommu@1", "<&dev 0x5>", "") + """
                	dev: dev@3 { reg = <3>; #stream-id-cells = <1>; iommus = <&gen 0x6>; };
                };
                """);
        assertEquals(List.of("iommu-legacy-mix /iommu@1"), r.ids());
        assertNull(r.provider("/iommu@0").probeFailure());
        Master m = r.master("/dev@3");
        assertStreams(m, "/iommu@0 0x6/0x0", "/iommu@1 0x5/0x0");
        assertEquals("iommu /iommu@1 does not probe: not probing due to mismatched DT properties (legacy "
                + "mmu-masters and generic iommus SMMUs in one system)", m.noIommu());
    }

    @Test
    void anSmmuThatFailsProbeDoesNotDecideTheBinding() {
        Fixture.Result r = Fixture.resolve(HEAD + """
                	broken: iommu@0 { compatible = "arm,mmu-500"; reg = <0>; #iommu-cells = <1>; };
                """ + smmu("leg: iommu@1", "<&dev 0x5>", "") + """
                	dev: dev@3 { reg = <3>; #stream-id-cells = <1>; };
                };
                """);
        assertEquals(List.of("iommu-global-interrupts-missing /iommu@0"), r.ids());
        assertNull(r.master("/dev@3").noIommu());
    }
}
