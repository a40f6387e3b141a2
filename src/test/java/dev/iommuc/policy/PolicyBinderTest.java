package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.policy.PolicyTests.lines;
import static dev.iommuc.policy.PolicyTests.ok;
import static dev.iommuc.policy.PolicyTests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Binding against src/test/resources/policy/board.dts. */
class PolicyBinderTest {

    private static DeviceTree board;

    @BeforeAll
    static void loadBoard() {
        board = PolicyTests.board();
    }

    private static BoundPolicy bind(String text, List<String> expected) {
        Diagnostics d = new Diagnostics();
        BoundPolicy b = PolicyBinder.bind(PolicyLayering.effective(ok(text)), board, d);
        assertEquals(expected, lines(d));
        return b;
    }

    private static BoundPolicy clean(String text) {
        BoundPolicy b = bind(text, List.of());
        assertNotNull(b);
        return b;
    }

    /** Binding must fail with exactly these diagnostics. */
    private static void fails(String text, String... expected) {
        assertNull(bind(text, List.of(expected)));
    }

    @Test
    void selectorsResolveToPathsInTreeOrder() {
        BoundPolicy b = clean(yaml("masters:",
                "  - {match: {compatible: \"snps,dwc3\"}, domain: blocked}",
                "  - {match: {path: /soc/accel@2c000000}, domain: dma}",
                "  - {match: {label: [usb2, gpu]}, domain: identity}"));
        MasterRule dwc3 = b.policy().masters().get(0);
        assertEquals(List.of("/soc/usb@a600000", "/soc/usb@a800000"), b.nodes(dwc3.match().get(0)));
        assertEquals(List.of("/soc/accel@2c000000"), b.nodes(b.policy().masters().get(1).match()));
        // the union is in DT order, not selector order
        assertEquals(List.of("/soc/gpu@3d00000", "/soc/usb@a800000"), b.nodes(b.policy().masters().get(2).match()));
    }

    @Test
    void defaultDomainTypesFollowTheFirstMatchingRuleAndTheImplCondition() {
        BoundPolicy b = clean(yaml("masters: [{match: {label: usb}, domain: blocked}, {match: {label: usb}, domain: dma}]"));
        assertEquals(DomainType.BLOCKED, b.defaultDomainType("/soc/usb@a600000", "qcom-smmu-500"));
        assertEquals(DomainType.DMA, b.defaultDomainType("/soc/usb@a800000", "qcom-smmu-500"));
        // the Qualcomm client list applies behind qcom impls only
        assertEquals(DomainType.IDENTITY, b.defaultDomainType("/soc/display-subsystem@ae00000", "qcom-smmu-500"));
        assertEquals(DomainType.IDENTITY, b.defaultDomainType("/soc/gpu@3d00000", "qcom-adreno-smmu"));
        assertEquals(DomainType.DMA, b.defaultDomainType("/soc/display-subsystem@ae00000", "generic"));
        assertEquals(DomainType.DMA, b.defaultDomainType("/soc/display-subsystem@ae00000", null));
        assertNull(b.ruleFor("/soc/vop@83000000", "apple-dart"));
        BoundPolicy identity = clean(yaml("kernel: {default-domain: identity}"));
        assertEquals(DomainType.IDENTITY, identity.defaultDomainType("/soc/usb@a600000", "qcom-smmu-500"));
    }

    @Test
    void profileDomainsBindToTheAdrenoGpuAndGmu() {
        BoundPolicy b = clean(yaml());
        assertEquals("gpu", b.driverDomainOf("/soc/gpu@3d00000").name());
        assertEquals("gmu", b.driverDomainOf("/soc/gmu@3d6a000").name());
        assertNull(b.driverDomainOf("/soc/usb@a600000"));
    }

    @Test
    void herdsHardwareAndPci() {
        BoundPolicy b = clean(yaml("sharing: {herds: [{name: display, masters: [{compatible: \"vendor,dpu\"}, {label: mdss}]}]}",
                "hardware:",
                "  - {iommu: {compatible: \"qcom,smmu-500\"}, params: {num-context-banks: 8}}",
                "  - {iommu: {label: apps_smmu}, params: {num-context-banks: 16, num-smrs: 16}}",
                "  - {iommu: {label: dart}, locked: {ttbr: 0x8_1000_0000}}",
                "pci: [{host: {label: pcie0}, rids: [0x100, 0x108]}, {host: {path: /soc/pcie@1c00000}, rids: [0x108, 8]}]"));
        assertEquals(List.of("/soc/display-subsystem@ae00000", "/soc/display@83000000"),
                b.nodes(b.herdOf("/soc/display@83000000").masters()));
        assertNull(b.herdOf("/soc/usb@a600000"));
        assertEquals(List.of(8L, 16L), b.hardwareFor("/soc/iommu@15000000").stream()
                .map(h -> h.params().get("num-context-banks")).toList());
        assertEquals(1, b.hardwareFor("/soc/iommu@3da0000").size());
        assertEquals(0x8_1000_0000L, b.hardwareFor("/soc/iommu@82f00000").get(0).locked().ttbr());
        assertEquals(List.of(0x100L, 0x108L, 8L), b.ridsFor("/soc/pcie@1c00000"));
        assertEquals(List.of(), b.ridsFor("/soc/usb@a600000"));
    }

    @Test
    void workloadTargets() {
        BoundPolicy b = clean(yaml("domains: [{name: accel, masters: [{label: accel}], pasid: {processes: 7}}]",
                "workload:",
                "  - {domain: gpu, iova: 0x1000, size: 4K, process: 0}",
                "  - {domain: accel, iova: 0x1000, size: 4K, process: 6}",
                "  - {master: {label: usb}, iova: 0x1000, size: 4K}"));
        assertEquals("/soc/usb@a600000", b.bufferMaster(b.policy().workload().get(2)));
    }

    @Test
    void unknownPathsAndLabelsAreErrorsAtTheValue() {
        fails(yaml("masters: [{match: {path: /soc/nope}, domain: dma}]"),
                "error policy-unknown-node 2:26 path '/soc/nope' names no node of this board");
        fails(yaml("hardware: [{iommu: {label: [apps_smmu, smmu9]}, params: {num-smrs: 4}}]"),
                "error policy-unknown-node 2:40 label 'smmu9' names no node of this board");
    }

    @Test
    void unmatchedUserCompatibleWarnsButProfileCompatiblesStaySilent() {
        BoundPolicy b = bind(yaml("masters: [{match: {compatible: \"vendor,nothing\"}, domain: dma}]"),
                List.of("warning policy-unmatched-compatible 2:32 compatible 'vendor,nothing' matches no node of this board"));
        assertNotNull(b);
        assertEquals(List.of(), b.nodes(b.policy().masters().get(0).match()));
    }

    @Test
    void hardwareMustSelectIommusAndPciMustSelectHosts() {
        fails(yaml("hardware: [{iommu: {label: usb}, params: {num-smrs: 4}}]"),
                "error policy-not-iommu 2:28 /soc/usb@a600000 is not an IOMMU (no #iommu-cells)");
        fails(yaml("pci: [{host: {label: usb}, rids: [1]}]"),
                "error policy-not-pci-host 2:22 /soc/usb@a600000 has no iommu-map to translate RIDs");
    }

    @Test
    void mastersAreClaimedOnce() {
        fails(yaml("domains: [{name: mine, masters: [{label: gpu}]}]"),
                "error policy-conflict 2:42 /soc/gpu@3d00000 is in driver domain 'gpu' and in driver domain 'mine' "
                        + "(a master is attached to one driver domain at a time)");
        fails(yaml("sharing: {herds: [{name: a, masters: [{label: usb}]}, {name: b, masters: [{compatible: \"snps,dwc3\"}]}]}"),
                "error policy-conflict 2:88 /soc/usb@a600000 is in herd 'a' and in herd 'b' (a master has one default domain)");
        // one domain selecting a node twice is not a conflict
        clean(yaml("domains: [{name: gpu, masters: [{label: gpu}, {compatible: \"qcom,adreno\"}]}]"));
    }

    @Test
    void pasidContextsMustFitPasidNumBits() {
        clean(yaml("domains: [{name: a, masters: [{label: accel}], pasid: {processes: 7}}]"));
        fails(yaml("domains: [{name: a, masters: [{label: accel}], pasid: {processes: 8}}]"),
                "error policy-pasid-range 2:55 domain 'a': 8 processes need SSIDs 1..8, but /soc/accel@2c000000 has "
                        + "pasid-num-bits = 3 (at most 7)");
        fails(yaml("domains: [{name: a, masters: [{label: usb}], pasid: {processes: 1}}]"),
                "error policy-pasid-range 2:53 domain 'a': /soc/usb@a600000 has no pasid-num-bits (one cell), so it "
                        + "has no PASID contexts");
    }

    @Test
    void workloadErrors() {
        fails(yaml("workload: [{domain: gfx, iova: 0, size: 4K}]"),
                "error policy-unknown-domain 2:12 workload buffer names domain 'gfx', which the policy does not define");
        fails(yaml("workload: [{master: {compatible: \"snps,dwc3\"}, iova: 0, size: 4K}]"),
                "error policy-buffer-master 2:34 a buffer's master must select exactly one node; this selects 2: "
                        + "[/soc/usb@a600000, /soc/usb@a800000]");
        fails(yaml("workload: [{master: {compatible: \"x,y\"}, iova: 0, size: 4K}]"),
                "error policy-buffer-master 2:34 a buffer's master must select exactly one node; this selects none");
        fails(yaml("workload: [{master: {label: nope}, iova: 0, size: 4K}]"),
                "error policy-unknown-node 2:29 label 'nope' names no node of this board");
        fails(yaml("workload: [{domain: gpu, iova: 0, size: 4K, process: 1}]"),
                "error policy-process-range 2:12 process 1 of domain 'gpu', which has 1 (0..0)");
        fails(yaml("workload: [{domain: gmu, iova: 0, size: 4K, process: 0}]"),
                "error policy-process-range 2:12 process 0 needs a driver domain with split-tables or pasid; 'gmu' has neither");
        fails(yaml("workload: [{master: {label: usb}, iova: 0, size: 4K, process: 0}]"),
                "error policy-process-range 2:12 process 0 needs a driver domain with split-tables or pasid");
    }
}
