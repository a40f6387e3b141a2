package dev.iommuc.resolve;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.iommuc.resolve.Fixture.assertStreams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code iommu-map}/{@code iommu-map-mask} with of_map_id's exact semantics (dart-smmuv3-of.md C.2). */
class IommuMapTest {

    /** Worked example 2: an SMMUv3 behind {@code <0x0 &smmu 0x10000 0x10000>}, mask 0xfff8, policy RIDs. */
    private static String example2(String mask) {
        return """
                / {
                	smmu: iommu@2b400000 { compatible = "arm,smmu-v3"; reg = <0x2b400000 0x100000>; #iommu-cells = <1>; };
                	pcie@40000000 {
                		device_type = "pci";
                		reg = <0x40000000 0x1000>;
                		#address-cells = <3>;
                		#size-cells = <2>;
                		iommu-map = <0x0 &smmu 0x10000 0x10000>;
                		%s
                	};
                };
                """.formatted(mask);
    }

    private static final Map<String, List<Long>> EXAMPLE2_RIDS =
            Map.of("/pcie@40000000", List.of(0x0000L, 0x0100L, 0x0101L, 0x021cL, 0xffffL));
    private static final Map<String, Map<String, Long>> SID_BITS_17 = Map.of("/iommu@2b400000", Map.of("sid-bits", 17L));

    @Test
    void example2MaskedRidToSid() {
        Fixture.Result r = Fixture.resolve(example2("iommu-map-mask = <0xfff8>;"),
                new ResolveOptions(EXAMPLE2_RIDS, SID_BITS_17));
        assertEquals(List.of(), r.diags());
        String h = "/pcie@40000000/pci-rid@";
        assertStreams(r.master(h + "0"), "/iommu@2b400000 0x10000/0x0");
        assertStreams(r.master(h + "100"), "/iommu@2b400000 0x10100/0x0");
        // 01:00.1 lands on function 0's SID: the mask folds all functions of a slot together
        assertStreams(r.master(h + "101"), "/iommu@2b400000 0x10100/0x0");
        assertStreams(r.master(h + "21c"), "/iommu@2b400000 0x10218/0x0");
        assertStreams(r.master(h + "ffff"), "/iommu@2b400000 0x1fff8/0x0");
        StreamRef s = r.master(h + "21c").streams().get(0);
        assertEquals(StreamRef.Via.IOMMU_MAP, s.via());
        assertEquals(0x21cL, s.rid());
        assertEquals(List.of(0x10218L), s.args());
        assertEquals(List.of(h + "0", h + "100", h + "101", h + "21c", h + "ffff"),
                r.topology().masters().stream().map(Master::path).toList());
    }

    @Test
    void example2WithoutMaskAndWithSixteenSidBits() {
        Fixture.Result unmasked = Fixture.resolve(example2(""), new ResolveOptions(EXAMPLE2_RIDS, SID_BITS_17));
        assertStreams(unmasked.master("/pcie@40000000/pci-rid@101"), "/iommu@2b400000 0x10101/0x0");
        // "With SIDSIZE = 16": every SID >= 0x10000 fails arm_smmu_sid_in_range, so no IOMMU
        Fixture.Result narrow = Fixture.resolve(example2(""), new ResolveOptions(EXAMPLE2_RIDS, Map.of()));
        assertEquals(5, narrow.of("iommu-sid-out-of-range").size());
        assertEquals("StreamID 0x10000 out of range for SMMU /iommu@2b400000 (16 stream-ID bits): -ERANGE",
                narrow.master("/pcie@40000000/pci-rid@0").noIommu());
    }

    @Test
    void example2UntranslatableRidHasNoIommuAndOnlyANote() {
        Fixture.Result r = Fixture.resolve(example2("").replace("0x10000 0x10000", "0x10000 0x8000"),
                new ResolveOptions(Map.of("/pcie@40000000", List.of(0x7fffL, 0x8000L)), SID_BITS_17));
        assertStreams(r.master("/pcie@40000000/pci-rid@7fff"), "/iommu@2b400000 0x17fff/0x0");
        Master m = r.master("/pcie@40000000/pci-rid@8000");
        assertEquals(List.of(), m.streams());
        assertEquals("no iommu-map translation for id 0x8000", m.noIommu());
        assertEquals(List.of("iommu-map-no-translation /pcie@40000000/pci-rid@8000"), r.ids());
        assertEquals(dev.iommuc.diag.Severity.NOTE, r.diags().get(0).severity());
    }

    @Test
    void appleOneDartPerRootPort() {
        // dart-smmuv3-of.md A.9: mask 0xff00, bus N -> SID 1 of DART N-1; root ports on bus 0 match nothing
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart0: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	dart1: iommu@2 { compatible = "apple,t8103-dart"; reg = <2>; #iommu-cells = <1>; };
                	pcie@690000000 {
                		device_type = "pci";
                		reg = <0x90000000 0x1000>;
                		#address-cells = <3>;
                		#size-cells = <2>;
                		iommu-map-mask = <0xff00>;
                		iommu-map = <0x100 &dart0 1 1>, <0x200 &dart1 1 1>;
                		pci@0,0 { device_type = "pci"; reg = <0x0 0x0 0x0 0x0 0x0>; #address-cells = <3>; #size-cells = <2>;
                			wifi@0,0 { reg = <0x10000 0x0 0x0 0x0 0x0>; };
                			bt@0,1 { reg = <0x10100 0x0 0x0 0x0 0x0>; };
                		};
                		pci@1,0 { device_type = "pci"; reg = <0x800 0x0 0x0 0x0 0x0>; #address-cells = <3>; #size-cells = <2>;
                			eth@0,0 { reg = <0x20000 0x0 0x0 0x0 0x0>; iommus = <&dart0 9>; };
                		};
                	};
                };
                """);
        String h = "/pcie@690000000";
        assertEquals(List.of(h + "/pci@0,0", h + "/pci@0,0/wifi@0,0", h + "/pci@0,0/bt@0,1", h + "/pci@1,0",
                h + "/pci@1,0/eth@0,0"), r.topology().masters().stream().map(Master::path).toList());
        assertStreams(r.master(h + "/pci@0,0/wifi@0,0"), "/iommu@1 0x1/0x0");
        assertStreams(r.master(h + "/pci@0,0/bt@0,1"), "/iommu@1 0x1/0x0");
        // a PCI device's own iommus is not read: of_iommu_configure uses the host's map
        assertStreams(r.master(h + "/pci@1,0/eth@0,0"), "/iommu@2 0x1/0x0");
        assertEquals(0x200L, r.master(h + "/pci@1,0/eth@0,0").streams().get(0).rid());
        assertEquals(List.of("iommu-map-no-translation " + h + "/pci@0,0", "iommu-map-no-translation " + h + "/pci@1,0"),
                r.ids());
    }

    @Test
    void armSmmuTakesTheOutputAsOneCellWithStreamMatchMask() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	interrupt-parent = <&gic>;
                	gic: gic { #interrupt-cells = <1>; interrupt-controller; };
                	smmu: iommu@1 { compatible = "arm,mmu-500"; reg = <1>; #global-interrupts = <1>; interrupts = <0>, <1>;
                		#iommu-cells = <2>; stream-match-mask = <0x7c00>; };
                	pcie@2 {
                		device_type = "pci";
                		reg = <2 1>;
                		#address-cells = <3>;
                		#size-cells = <2>;
                		iommu-map = <0x0 &smmu 0x1c00 0x1>, <0x100 &smmu 0x11c01 0x1>;
                		pcie@0 { device_type = "pci"; reg = <0 0 0 0 0>; };
                	};
                };
                """, new ResolveOptions(Map.of("/pcie@2", List.of(0x100L)), Map.of()));
        assertStreams(r.master("/pcie@2/pcie@0"), "/iommu@1 0x1c00/0x7c00");
        assertStreams(r.master("/pcie@2/pci-rid@100"), "/iommu@1 0x1c01/0x7c00");
        assertEquals(List.of("iommu-fwid-truncated /pcie@2/pci-rid@100"), r.ids());
    }

    @Test
    void firstMatchWinsAndRangesAddInU32() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	host@2 {
                		reg = <2 1>;
                		iommu-map = <0xffffff00 &dart 0 0x100>, <0x0 &dart 3 0x10>, <0x0 &dart 5 0x10>;
                	};
                };
                """, new ResolveOptions(Map.of("/host@2", List.of(0x2L, 0xffffff01L)), Map.of()));
        assertStreams(r.master("/host@2/pci-rid@2"), "/iommu@1 0x5/0x0");
        // 0xffffff00 + 0x100 wraps to 0 in the kernel's u32 sum: the first tuple matches nothing
        assertEquals(List.of(), r.master("/host@2/pci-rid@ffffff01").streams());
        assertEquals(List.of("iommu-map-no-translation /host@2/pci-rid@ffffff01"), r.ids());
    }

    @Test
    void nonPciHostsTakeIdsFromThePolicyOnly() {
        // host1x and fsl-mc children are not PCI functions; fsl-mc's map is filled in by firmware
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; };
                	fsl-mc@2 { compatible = "fsl,qoriq-mc"; reg = <2 1>; iommu-map = <0 &dart 0 0>;
                		dpmacs { dpmac@1 { reg = <1>; }; };
                	};
                };
                """, new ResolveOptions(Map.of("/fsl-mc@2", List.of(0x17L)), Map.of()));
        assertEquals(List.of("/fsl-mc@2/pci-rid@17"), r.topology().masters().stream().map(Master::path).toList());
        assertEquals("no iommu-map translation for id 0x17", r.master("/fsl-mc@2/pci-rid@17").noIommu());
    }

    @Test
    void disabledTargetAndDisabledHost() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; status = "disabled"; };
                	pcie@2 { device_type = "pci"; reg = <2 1>; #address-cells = <3>; #size-cells = <2>;
                		iommu-map = <0 &dart 0 0x10000>;
                		pci@0,0 { reg = <0 0 0 0 0>; };
                	};
                	pcie@3 { device_type = "pci"; reg = <3 1>; #address-cells = <3>; #size-cells = <2>; status = "disabled";
                		iommu-map = <0 &dart 0 0x10000>;
                	};
                };
                """, new ResolveOptions(Map.of("/pcie@3", List.of(0x8L)), Map.of()));
        assertEquals("iommu /iommu@1 is disabled", r.master("/pcie@2/pci@0,0").noIommu());
        assertEquals("device is disabled (status), so it is never probed", r.master("/pcie@3/pci-rid@8").noIommu());
        assertStreams(r.master("/pcie@3/pci-rid@8"), "/iommu@1 0x8/0x0");
        assertEquals(List.of(), r.diags());
        assertNull(r.master("/pcie@3/pci-rid@8").label());
    }
}
