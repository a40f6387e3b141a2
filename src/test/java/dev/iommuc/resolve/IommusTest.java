package dev.iommuc.resolve;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.iommuc.resolve.Fixture.assertStreams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The generic binding: {@code iommus} entries decoded per driver (arm-smmu-v2.md §1.5, dart-smmuv3-of.md C.1). */
class IommusTest {

    private static final String GIC = """
            	gic: interrupt-controller@1000 { compatible = "arm,gic-400"; reg = <0x1000 0x1000>;
            		#interrupt-cells = <3>; interrupt-controller; };
            """;

    /** arm-smmu-v2.md §9 Example 1: generic MMU-500, 2-cell specifiers, 1 + 8 interrupts. */
    private static final String EXAMPLE1 = "/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n" + GIC + """
            	smmu: iommu@d000000 {
            		compatible = "arm,mmu-500";
            		reg = <0xd000000 0x20000>;
            		interrupt-parent = <&gic>;
            		#global-interrupts = <1>;
            		interrupts = <0 0 4>, <0 1 4>, <0 2 4>, <0 3 4>, <0 4 4>, <0 5 4>, <0 6 4>, <0 7 4>, <0 8 4>;
            		#iommu-cells = <2>;
            		dma-coherent;
            	};
            	usb { iommus = <&smmu 0x080 0x000>; };
            	dsp { iommus = <&smmu 0x100 0x00f>; };
            	dsp2 { iommus = <&smmu 0x104 0x003>; };
            	bad { iommus = <&smmu 0x10c 0x010>; };
            	multi { iommus = <&smmu 0x200 0>, <&smmu 0x201 0>; };
            };
            """;

    @Test
    void example1FwidPacking() {
        Fixture.Result r = Fixture.resolve(EXAMPLE1);
        assertEquals(List.of(), r.diags());
        assertStreams(r.master("/usb"), "/iommu@d000000 0x80/0x0");
        assertStreams(r.master("/dsp"), "/iommu@d000000 0x100/0xf");
        assertStreams(r.master("/dsp2"), "/iommu@d000000 0x104/0x3");
        assertStreams(r.master("/bad"), "/iommu@d000000 0x10c/0x10");
        assertStreams(r.master("/multi"), "/iommu@d000000 0x200/0x0", "/iommu@d000000 0x201/0x0");
        assertEquals(List.of("/usb", "/dsp", "/dsp2", "/bad", "/multi"),
                r.topology().masters().stream().map(Master::path).toList());
        Provider p = r.provider("/iommu@d000000");
        assertEquals(8, p.param("num-context-banks", -1));
        assertEquals(1, p.param("coherent-walk", -1));
        StreamRef s = r.master("/multi").streams().get(1);
        assertEquals(StreamRef.Via.IOMMUS, s.via());
        assertEquals(1, s.index());
        assertEquals(List.of(0x201L, 0L), s.args());
        assertNull(s.rid());
    }

    @Test
    void oneCellTakesStreamMatchMaskAndTwoCellsIgnoreIt() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	interrupt-parent = <&gic>;
                	gic: gic { #interrupt-cells = <1>; interrupt-controller; };
                	s1: iommu@1 { compatible = "arm,mmu-500"; reg = <1>; #global-interrupts = <0>; interrupts = <1>;
                		#iommu-cells = <1>; stream-match-mask = <0x7f80>; };
                	s2: iommu@2 { compatible = "arm,mmu-500"; reg = <2>; #global-interrupts = <0>; interrupts = <1>;
                		#iommu-cells = <2>; stream-match-mask = <0x7f80>; };
                	a { iommus = <&s1 0x42>; };
                	b { iommus = <&s2 0x42 0x1>; };
                };
                """);
        assertEquals(List.of(), r.diags());
        assertStreams(r.master("/a"), "/iommu@1 0x42/0x7f80");
        assertStreams(r.master("/b"), "/iommu@2 0x42/0x1");
    }

    @Test
    void example3StreamIndexingRejectsWideIdsAndAnyMask() {
        // §9 Example 3: SMS = 0, NUMSIDB = 7, so streamid_mask 0x7f and smr_mask_mask 0
        String dts = """
                / {
                	interrupt-parent = <&gic>;
                	gic: gic { #interrupt-cells = <1>; interrupt-controller; };
                	smmu: iommu@1 { compatible = "arm,smmu-v2"; reg = <1>; #global-interrupts = <1>;
                		interrupts = <0>, <1>, <2>, <3>, <4>; #iommu-cells = <1>; %s };
                	m1 { iommus = <&smmu 0x05>; };
                	m5 { iommus = <&smmu 0x80>; };
                };
                """;
        Map<String, Map<String, Long>> hw = Map.of("/iommu@1", Map.of("stream-matching", 0L, "sid-bits", 7L));
        Fixture.Result r = Fixture.resolve(String.format(dts, ""), new ResolveOptions(Map.of(), hw));
        assertNull(r.master("/m1").noIommu());
        assertEquals("stream ID 0x80 out of range for SMMU /iommu@1 (0x7f)", r.master("/m5").noIommu());
        assertEquals(List.of("iommu-sid-out-of-range /m5:iommus"), r.ids());

        Fixture.Result masked = Fixture.resolve(String.format(dts, "stream-match-mask = <0x1>;"),
                new ResolveOptions(Map.of(), hw));
        assertEquals("SMR mask 0x1 out of range for SMMU /iommu@1 (0x0)", masked.master("/m1").noIommu());
        assertEquals(List.of("iommu-sid-out-of-range /m1:iommus", "iommu-sid-out-of-range /m5:iommus"), masked.ids());
    }

    @Test
    void severalProvidersOfOneDriver() {
        // dart-smmuv3-of.md A.3/A.8: iommus = <&dart2a 0>, <&dart2b 1>
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart2a: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	dart2b: iommu@2 { compatible = "apple,t8103-dart"; reg = <2>; #iommu-cells = <1>; };
                	disp { iommus = <&dart2a 0>, <&dart2b 1>; };
                };
                """);
        assertStreams(r.master("/disp"), "/iommu@1 0x0/0x0", "/iommu@2 0x1/0x0");
        assertNull(r.master("/disp").noIommu());
        assertEquals(List.of(), r.diags());
    }

    @Test
    void genericDriversTakeTheFirstCellOrNone() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	rk: iommu@1 { compatible = "rockchip,iommu"; reg = <1>; #iommu-cells = <0>; };
                	m4u: iommu@2 { compatible = "mediatek,mt8183-m4u"; reg = <2>; #iommu-cells = <1>; };
                	vop { iommus = <&rk>; };
                	jpeg { iommus = <&m4u 0x86>, <&rk>; };
                };
                """);
        assertStreams(r.master("/vop"), "/iommu@1 0x0/0x0");
        assertStreams(r.master("/jpeg"), "/iommu@2 0x86/0x0", "/iommu@1 0x0/0x0");
        assertEquals("iommus point to different drivers", r.master("/jpeg").noIommu());
        assertEquals(List.of("iommu-mixed-families /jpeg:iommus"), r.ids());
        assertEquals(1, r.provider("/iommu@1").param("num-domains", -1));
    }

    @Test
    void parsingStopsAtABadEntryAndKeepsTheEntriesBefore() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	dev { iommus = <&dart 1>, <&dart 2>, <&dart>; };
                };
                """);
        assertStreams(r.master("/dev"), "/iommu@1 0x1/0x0", "/iommu@1 0x2/0x0");
        assertNull(r.master("/dev").noIommu());
        assertEquals(List.of("iommu-cells-mismatch /dev:iommus"), r.ids());
    }

    @Test
    void disabledDevicesAndBusesAreNeverProbed() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	off { iommus = <&dart 1>; status = "disabled"; };
                	bus { status = "fail"; dev { iommus = <&dart 2>; }; };
                	on { iommus = <&dart 3>; status = "okay"; };
                };
                """);
        assertEquals("device is disabled (status), so it is never probed", r.master("/off").noIommu());
        assertEquals("device is disabled (status), so it is never probed", r.master("/bus/dev").noIommu());
        assertNull(r.master("/on").noIommu());
        assertStreams(r.master("/bus/dev"), "/iommu@1 0x2/0x0");
    }

    @Test
    void masterFacts() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	smmu: iommu@1 { compatible = "arm,smmu-v3"; reg = <1>; #iommu-cells = <1>; dma-coherent; };
                	soc { dma-coherent;
                		gpu: gpu@2 { compatible = "vendor,gpu", "vendor,gpu-base"; reg = <2>;
                			iommus = <&smmu 0x10>; pasid-num-bits = <16>; };
                		nc { dma-noncoherent; dev { iommus = <&smmu 0x11>; }; };
                	};
                };
                """);
        Master gpu = r.master("/soc/gpu@2");
        assertEquals("gpu", gpu.label());
        assertEquals(List.of("vendor,gpu", "vendor,gpu-base"), gpu.compatible());
        assertEquals(16, gpu.pasidBits());
        assertEquals(true, gpu.dmaCoherent());
        assertEquals(false, r.master("/soc/nc/dev").dmaCoherent());
        assertEquals(1, r.provider("/iommu@1").param("coherent", -1));
        assertEquals(ParamSource.DT, r.provider("/iommu@1").params().get("coherent").source());
    }
}
