package dev.iommuc.resolve;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hardware parameters: catalogue, then the DT, then the policy, each value with its source. */
class ParamsTest {

    private static final String HEAD = """
            / {
            	interrupt-parent = <&gic>;
            	gic: gic { #interrupt-cells = <1>; interrupt-controller; };
            	gic3: gic3 { #interrupt-cells = <3>; interrupt-controller; };
            """;

    private static void assertParam(Provider p, String name, long value, ParamSource source) {
        Param x = p.params().get(name);
        assertEquals(value, x == null ? null : x.value(), p.path() + " " + name);
        assertEquals(source, x.source(), p.path() + " " + name);
        assertTrue(!x.why().isBlank());
    }

    @Test
    void smmuV2ContextInterruptsStateTheBankCount() {
        Fixture.Result r = Fixture.resolve(HEAD + """
                	iommu@1 { compatible = "qcom,sc7280-smmu-500", "arm,mmu-500"; reg = <1>; #iommu-cells = <2>;
                		#global-interrupts = <2>; interrupts = <1>, <2>, <3>, <4>, <5>; stream-match-mask = <0x7c00>; };
                	iommu@2 { compatible = "arm,mmu-401"; reg = <2>; #iommu-cells = <1>;
                		#global-interrupts = <1>; interrupts-extended = <&gic3 0 1 4>, <&gic 2>; dma-coherent; };
                };
                """);
        assertEquals(List.of(), r.diags());
        Provider q = r.provider("/iommu@1");
        assertParam(q, "num-context-banks", 3, ParamSource.DT);
        assertParam(q, "num-context-irqs", 3, ParamSource.DT);
        assertParam(q, "num-global-irqs", 2, ParamSource.DT);
        assertParam(q, "stream-match-mask", 0x7c00, ParamSource.DT);
        assertParam(q, "coherent-walk", 0, ParamSource.DT);
        assertParam(q, "ias", 36, ParamSource.CATALOGUE);
        assertParam(q, "num-smrs", 128, ParamSource.CATALOGUE);
        assertParam(q, "sid-bits", 15, ParamSource.CATALOGUE);
        // SMMUv1 may share context interrupts: its bank count stays the catalogue's
        Provider v1 = r.provider("/iommu@2");
        assertParam(v1, "num-context-irqs", 1, ParamSource.DT);
        assertParam(v1, "num-context-banks", 8, ParamSource.CATALOGUE);
        assertParam(v1, "coherent-walk", 1, ParamSource.DT);
        assertParam(v1, "granules", 0x11000, ParamSource.CATALOGUE);
        assertParam(v1, "ubs", 40, ParamSource.CATALOGUE);
    }

    @Test
    void variantRows() {
        Fixture.Result r = Fixture.resolve(HEAD + """
                	iommu@1 { compatible = "marvell,ap806-smmu-500", "arm,mmu-500"; reg = <1>; #iommu-cells = <1>;
                		#global-interrupts = <1>; interrupts = <1>, <2>; };
                	iommu@2 { compatible = "apple,t6020-dart", "apple,t8110-dart"; reg = <2>; #iommu-cells = <1>; };
                	iommu@3 { compatible = "apple,t8103-usb4-dart"; reg = <3>; #iommu-cells = <1>; };
                	iommu@4 { compatible = "apple,t6000-dart"; reg = <4>; #iommu-cells = <1>; };
                	iommu@5 { compatible = "nvidia,tegra30-mc"; reg = <5>; #iommu-cells = <1>; };
                	iommu@6 { compatible = "arm,smmu-v3"; reg = <6>; #iommu-cells = <1>; };
                };
                """);
        assertParam(r.provider("/iommu@1"), "granules", 0x1000, ParamSource.CATALOGUE);
        Provider t6020 = r.provider("/iommu@2");
        assertParam(t6020, "ias", 42, ParamSource.CATALOGUE);
        assertParam(t6020, "ttbrs-per-stream", 1, ParamSource.CATALOGUE);
        assertParam(t6020, "pte-format", 2, ParamSource.CATALOGUE);
        Provider usb4 = r.provider("/iommu@3");
        assertParam(usb4, "num-streams", 64, ParamSource.CATALOGUE);
        assertParam(usb4, "supports-bypass", 0, ParamSource.CATALOGUE);
        assertParam(usb4, "page-size", 0x4000, ParamSource.CATALOGUE);
        Provider t6000 = r.provider("/iommu@4");
        assertParam(t6000, "oas", 42, ParamSource.CATALOGUE);
        assertParam(t6000, "num-streams", 16, ParamSource.CATALOGUE);
        assertParam(r.provider("/iommu@5"), "num-asids", 4, ParamSource.CATALOGUE);
        Provider v3 = r.provider("/iommu@6");
        assertEquals(List.of("sid-bits", "ssid-bits", "asid-bits", "vmid-bits", "stage1", "stage2", "stream-table-levels",
                "granules", "oas", "ias", "coherent"), List.copyOf(v3.params().keySet()));
        assertParam(v3, "coherent", 0, ParamSource.DT);
    }

    @Test
    void policyOverridesComeLastAndFeedTheChecks() {
        String dts = HEAD + """
                	smmu: iommu@1 { compatible = "arm,mmu-500"; reg = <1>; #iommu-cells = <1>;
                		#global-interrupts = <1>; interrupts = <1>, <2>, <3>; };
                	dev { iommus = <&smmu 0x400>; };
                };
                """;
        Fixture.Result r = Fixture.resolve(dts, new ResolveOptions(Map.of(),
                Map.of("/iommu@1", Map.of("sid-bits", 10L, "num-context-banks", 1L))));
        Provider p = r.provider("/iommu@1");
        assertParam(p, "sid-bits", 10, ParamSource.POLICY);
        assertParam(p, "num-context-banks", 1, ParamSource.POLICY);
        assertEquals("stream ID 0x400 out of range for SMMU /iommu@1 (0x3ff)", r.master("/dev").noIommu());
        assertNull(p.probeFailure());
    }

    /**
     * One name from the policy to the runtime: {@code stream-table-levels} overrides the catalogue's value and
     * the range check follows it (B.3: a 2-level table covers at most 2^17 L1 entries x 256 = 2^25 SIDs, a
     * linear one 2^sid_bits).
     */
    @Test
    void streamTableLevelsOverrideMovesTheSidRange() {
        String dts = HEAD + """
                	smmu: iommu@1 { compatible = "arm,smmu-v3"; reg = <1>; #iommu-cells = <1>; };
                	dev { iommus = <&smmu 0x2000000>; };
                };
                """;
        Fixture.Result two = Fixture.resolve(dts, new ResolveOptions(Map.of(),
                Map.of("/iommu@1", Map.of("sid-bits", 30L))));
        assertParam(two.provider("/iommu@1"), "stream-table-levels", 2, ParamSource.CATALOGUE);
        assertEquals("StreamID 0x2000000 out of range for SMMU /iommu@1 (30 stream-ID bits): -ERANGE",
                two.master("/dev").noIommu());
        Fixture.Result linear = Fixture.resolve(dts, new ResolveOptions(Map.of(),
                Map.of("/iommu@1", Map.of("sid-bits", 30L, "stream-table-levels", 1L))));
        assertEquals(List.of(), linear.diags());
        assertParam(linear.provider("/iommu@1"), "stream-table-levels", 1, ParamSource.POLICY);
        assertNull(linear.master("/dev").noIommu());
    }

    @Test
    void probeFailuresLeaveMastersWithoutIommu() {
        Fixture.Result r = Fixture.resolve(HEAD + """
                	smmu: iommu@1 { compatible = "arm,mmu-500"; reg = <1>; #iommu-cells = <1>;
                		#global-interrupts = <1>; interrupts = <1>, <2>, <3>; };
                	dev { iommus = <&smmu 0x4>; };
                };
                """, new ResolveOptions(Map.of(), Map.of("/iommu@1", Map.of("num-context-banks", 3L))));
        assertEquals(List.of("iommu-too-few-context-irqs /iommu@1"), r.ids());
        assertEquals("iommu /iommu@1 does not probe: found only 2 context irq(s) but 3 required: arm-smmu fails to "
                + "probe (-ENODEV)", r.master("/dev").noIommu());
    }

    @Test
    void qualcommCfgProbeFixesTheBankCountBeforeTheIrqCheck() {
        // msm8998 wires 13 context interrupts; its hardware reports 13 banks, the impl keeps 12 (§7.4)
        Fixture.Result r = Fixture.resolve(HEAD + """
                	iommu@1 { compatible = "qcom,msm8998-smmu-v2", "qcom,smmu-v2"; reg = <1>; #iommu-cells = <1>;
                		#global-interrupts = <0>; interrupts = <1>, <2>, <3>, <4>, <5>, <6>, <7>, <8>, <9>, <10>, <11>, <12>, <13>; };
                	iommu@2 { compatible = "qcom,sdm630-smmu-v2", "qcom,adreno-smmu", "qcom,smmu-v2"; reg = <2>;
                		#iommu-cells = <1>; #global-interrupts = <0>; interrupts = <1>, <2>, <3>, <4>, <5>; };
                };
                """, new ResolveOptions(Map.of(), Map.of("/iommu@1", Map.of("num-smrs", 200L))));
        assertEquals(List.of(), r.diags());
        assertParam(r.provider("/iommu@1"), "num-context-banks", 12, ParamSource.DT);
        assertParam(r.provider("/iommu@1"), "num-smrs", 128, ParamSource.POLICY);
        assertParam(r.provider("/iommu@2"), "num-context-banks", 2, ParamSource.DT);
    }
}
