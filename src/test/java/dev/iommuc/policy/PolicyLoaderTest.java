package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.iommuc.policy.PolicyTests.ok;
import static dev.iommuc.policy.PolicyTests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key of {@code iommuc.policy/v1}, read from a file that uses it. */
class PolicyLoaderTest {

    @Test
    void minimalPolicyStatesNothing() {
        Policy p = ok(yaml());
        assertEquals(Policy.API_VERSION, p.apiVersion());
        assertEquals(Profiles.DEFAULT, p.profile());
        assertEquals(KernelFacts.UNSET.pageSize(), p.kernel().pageSize());
        assertNull(p.kernel().defaultDomain());
        assertEquals(List.of(), p.masters());
        assertEquals(List.of(), p.domains());
        assertNull(p.sharing().strategy());
        assertEquals(List.of(), p.hardware());
        assertEquals(List.of(), p.pci());
        assertEquals(List.of(), p.workload());
        assertEquals(SourcePos.of(PolicyTests.FILE, 1, 1), p.pos());
    }

    @Test
    void profile() {
        assertEquals("none", ok(yaml("profile: none")).profile());
        assertEquals("linux-6.12", ok(yaml("profile: linux-6.12")).profile());
    }

    @Test
    void kernelFacts() {
        KernelFacts k = ok(yaml("kernel:", "  page-size: 16K", "  default-domain: identity", "  disable-bypass: false",
                "  dart-small-pages: refuse", "  qcom-bypass-quirk: true")).kernel();
        assertEquals(16384L, k.pageSize());
        assertEquals(DomainType.IDENTITY, k.defaultDomain());
        assertEquals(false, k.disableBypass());
        assertEquals(DartSmallPages.REFUSE, k.dartSmallPages());
        assertEquals(true, k.qcomBypassQuirk());
        assertEquals(3, k.pos().line());
    }

    @Test
    void kernelPageSizesAndDmaFlavours() {
        assertEquals(4096L, ok(yaml("kernel: {page-size: 4096}")).kernel().pageSize());
        assertEquals(65536L, ok(yaml("kernel: {page-size: 64K}")).kernel().pageSize());
        for (String dma : List.of("dma", "dma-strict", "dma-lazy")) {
            assertEquals(DomainType.DMA, ok(yaml("kernel: {default-domain: " + dma + "}")).kernel().defaultDomain());
        }
        KernelFacts partial = ok(yaml("kernel: {disable-bypass: off}")).kernel();
        assertEquals(false, partial.disableBypass());
        assertNull(partial.pageSize());
    }

    @Test
    void masterRules() {
        Policy p = ok(yaml("masters:",
                "  - match: {compatible: \"qcom,adreno\"}",
                "    domain: identity",
                "  - match: {path: [/soc/usb@a600000, /soc/usb@a800000]}",
                "    domain: blocked",
                "  - {match: {label: \"&gpu\"}, domain: unmanaged, iommu-impl: qcom-smmu-500}",
                "  - {match: {label: vop}, domain: dma, iommu-impl: [generic, mmu-500]}"));
        List<MasterRule> rules = p.masters();
        assertEquals(4, rules.size());
        assertEquals(List.of(new Selector.ByCompatible("qcom,adreno", new SourcePos(PolicyTests.FILE, 3, 25, 3, 37))),
                rules.get(0).match());
        assertEquals(DomainType.IDENTITY, rules.get(0).domain());
        assertEquals(List.of(), rules.get(0).iommuImpl());
        assertEquals(3, rules.get(0).pos().line());
        // a list selector becomes one selector per value, each at its own position
        List<Selector> paths = rules.get(1).match();
        assertEquals(List.of("/soc/usb@a600000", "/soc/usb@a800000"), paths.stream().map(Selector::value).toList());
        assertEquals(List.of(20, 38), paths.stream().map(s -> s.pos().col()).toList());
        assertTrue(paths.get(0) instanceof Selector.ByPath);
        assertEquals(DomainType.BLOCKED, rules.get(1).domain());
        assertEquals(new Selector.ByLabel("gpu", rules.get(2).match().get(0).pos()), rules.get(2).match().get(0));
        assertEquals(List.of("qcom-smmu-500"), rules.get(2).iommuImpl());
        assertEquals(DomainType.UNMANAGED, rules.get(2).domain());
        assertEquals(List.of("generic", "mmu-500"), rules.get(3).iommuImpl());
        assertTrue(rules.get(3).appliesBehind("mmu-500"));
        assertFalse(rules.get(3).appliesBehind("qcom-smmu-500"));
    }

    @Test
    void driverDomains() {
        Policy p = ok(yaml("domains:",
                "  - name: gpu",
                "    masters: [{label: gpu}, {compatible: [\"vendor,a\", \"vendor,b\"]}]",
                "    split-tables: {ttbr1: global, processes: 4}",
                "  - name: accel",
                "    masters: [{path: /soc/accel@2c000000}]",
                "    pasid: {processes: 7}",
                "  - name: plain",
                "    masters: [{label: usb}]",
                "  - name: default-split",
                "    masters: [{label: gmu}]",
                "    split-tables: {}"));
        DriverDomain gpu = p.domains().get(0);
        assertEquals("gpu", gpu.name());
        assertEquals(List.of("label:gpu", "compatible:vendor,a", "compatible:vendor,b"),
                gpu.masters().stream().map(Selector::key).toList());
        assertEquals(new SplitTables("global", 4, gpu.splitTables().pos()), gpu.splitTables());
        assertNull(gpu.pasid());
        assertEquals(4, gpu.processes());
        DriverDomain accel = p.domains().get(1);
        assertEquals(7, accel.pasid().processes());
        assertNull(accel.splitTables());
        assertEquals(7, accel.processes());
        assertEquals(0, p.domains().get(2).processes());
        assertEquals(new SplitTables("global", 1, p.domains().get(3).splitTables().pos()),
                p.domains().get(3).splitTables());
        assertEquals(p.domains().get(1), p.domain("accel"));
        assertNull(p.domain("nope"));
    }

    @Test
    void sharing() {
        Sharing s = ok(yaml("sharing:", "  strategy: per-iommu")).sharing();
        assertEquals(SharingStrategy.PER_IOMMU, s.strategy());
        assertEquals(List.of(), s.herds());
        Sharing h = ok(yaml("sharing:", "  herds:",
                "    - {name: display, masters: [{compatible: \"vendor,dpu\"}, {label: mdss}]}")).sharing();
        // herds alone imply the herd strategy
        assertEquals(SharingStrategy.HERD, h.strategy());
        assertEquals("display", h.herds().get(0).name());
        assertEquals(List.of("compatible:vendor,dpu", "label:mdss"),
                h.herds().get(0).masters().stream().map(Selector::key).toList());
        assertEquals(SharingStrategy.PER_GROUP, ok(yaml("sharing: {strategy: per-group}")).sharing().strategy());
        assertEquals(SharingStrategy.HERD, ok(yaml("sharing: {strategy: herd, herds: []}")).sharing().strategy());
    }

    @Test
    void hardwareOverrides() {
        Policy p = ok(yaml("hardware:",
                "  - iommu: {label: apps_smmu}",
                "    params: {num-context-banks: 8, num-s2-context-banks: 2, num-smrs: 16, sid-bits: 16,",
                "             ias: 48, oas: 40, ubs: 49, asid-bits: 16, vmid-bits: 8, granules: [4K, 64K]}",
                "  - iommu: {compatible: \"arm,smmu-v3\"}",
                "    params: {ssid-bits: 20, stream-table-levels: 2}",
                "  - iommu: {path: /soc/iommu@82f00000}",
                "    params: {num-sids: 16, dart-page-size: 16K}",
                "    locked: {ttbr: 0x8_1000_0000, four-level: true}",
                "  - iommu: {label: dart}",
                "    locked: {ttbr: 0x81_0000_4000}"));
        HardwareOverride h = p.hardware().get(0);
        assertEquals(Map.of("num-context-banks", 8L, "num-s2-context-banks", 2L, "num-smrs", 16L, "sid-bits", 16L,
                "ias", 48L, "oas", 40L, "ubs", 49L, "asid-bits", 16L, "vmid-bits", 8L), h.params());
        assertEquals(List.of("num-context-banks", "num-s2-context-banks", "num-smrs", "sid-bits", "ias", "oas", "ubs",
                "asid-bits", "vmid-bits"), List.copyOf(h.params().keySet()));
        assertEquals(List.of(4096L, 65536L), h.granules());
        assertNull(h.locked());
        assertEquals(Map.of("ssid-bits", 20L, "stream-table-levels", 2L), p.hardware().get(1).params());
        HardwareOverride dart = p.hardware().get(2);
        assertEquals(Map.of("num-sids", 16L, "dart-page-size", 16384L), dart.params());
        assertEquals(0x8_1000_0000L, dart.locked().ttbr());
        assertTrue(dart.locked().fourLevel());
        assertEquals(List.of(), dart.granules());
        assertFalse(p.hardware().get(3).locked().fourLevel());
        assertEquals(Map.of(), p.hardware().get(3).params());
    }

    @Test
    void pciHosts() {
        PciHost h = ok(yaml("pci:", "  - host: {label: pcie0}", "    rids: [0x100, 0x108, 0]")).pci().get(0);
        assertEquals("label:pcie0", h.host().get(0).key());
        assertEquals(List.of(0x100L, 0x108L, 0L), h.rids());
    }

    @Test
    void workload() {
        Policy p = ok(yaml("workload:",
                "  - {domain: gpu, iova: 0x10000000, size: 64M, prot: rw}",
                "  - {master: {label: usb}, iova: 0x1000, size: 4096}",
                "  - {domain: gpu, iova: 0xffff_0000_0000_0000, size: 1G, prot: \"r+x\", process: 0, phys: 0x8000_0000}",
                "  - {domain: accel, iova: 0x2000, size: 0x2000, prot: \"rw,cache priv\"}",
                "  - {master: {path: /soc/usb@a800000}, iova: 0, size: 4K, prot: w mmio}"));
        List<Buffer> w = p.workload();
        Buffer a = w.get(0);
        assertEquals("gpu", a.domain());
        assertEquals(List.of(), a.master());
        assertEquals(0x10000000L, a.iova());
        assertEquals(64L << 20, a.size());
        assertNull(a.phys());
        assertNull(a.process());
        assertEquals(Prot.RW, a.prot());
        Buffer b = w.get(1);
        assertNull(b.domain());
        assertEquals("label:usb", b.master().get(0).key());
        assertEquals(Prot.RW, b.prot());
        Buffer c = w.get(2);
        assertEquals(0xffff_0000_0000_0000L, c.iova());
        assertEquals(1L << 30, c.size());
        assertEquals(0x8000_0000L, c.phys());
        assertEquals(0, c.process());
        assertEquals(new Prot(true, false, true, false, false, false), c.prot());
        assertEquals("rw,cache,priv", w.get(3).prot().toString());
        assertEquals("w,mmio", w.get(4).prot().toString());
        assertEquals(0L, w.get(4).iova());
    }

    @Test
    void aliasesOfSelectorListsAreAllowedWithinTheLimit() {
        Policy p = ok(yaml("domains:",
                "  - {name: d, masters: &display [{label: mdss}, {compatible: \"vendor,dpu\"}]}",
                "sharing:",
                "  herds: [{name: h, masters: *display}]"));
        assertEquals(p.domains().get(0).masters(), p.sharing().herds().get(0).masters());
    }

    @Test
    void byteOrderMarkAndCommentsAreFine() {
        assertEquals(Policy.API_VERSION, ok("\uFEFF# a policy\n" + yaml("# nothing else")).apiVersion());
    }

    @Test
    void explicitCoreTagsAreFine() {
        assertEquals(List.of(0x100L), ok(yaml("pci: [{host: {label: !!str pcie0}, rids: [!!int 0x100]}]")).pci().get(0).rids());
    }
}
