package dev.iommuc.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.iommuc.policy.PolicyTests.ok;
import static dev.iommuc.policy.PolicyTests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One test per layering rule (docs/policy.md, "Layering"). */
class PolicyLayeringTest {

    private static Policy base() {
        return ok(yaml("profile: none",
                "kernel: {page-size: 16K, default-domain: identity, disable-bypass: false, dart-small-pages: refuse,"
                        + " qcom-bypass-quirk: true}",
                "masters: [{match: {label: a}, domain: identity}, {match: {label: b}, domain: blocked}]",
                "domains: [{name: gpu, masters: [{label: gpu}]}, {name: gmu, masters: [{label: gmu}]}]",
                "sharing: {herds: [{name: h1, masters: [{label: x}]}, {name: h2, masters: [{label: y}]}]}",
                "hardware: [{iommu: {label: s}, params: {num-smrs: 4}}, {iommu: {label: t}, params: {num-smrs: 8}}]",
                "pci: [{host: {label: p}, rids: [1]}, {host: {label: q}, rids: [2]}]",
                "workload: [{domain: gpu, iova: 0x1000, size: 4K}, {domain: gpu, iova: 0x2000, size: 4K}]"));
    }

    @Test
    void kernelScalarsOverrideOneByOne() {
        KernelFacts k = PolicyLayering.layer(base(), ok(yaml("kernel: {page-size: 4K}"))).kernel();
        assertEquals(4096L, k.pageSize());
        assertEquals(DomainType.IDENTITY, k.defaultDomain());
        assertEquals(false, k.disableBypass());
        assertEquals(DartSmallPages.REFUSE, k.dartSmallPages());
        assertEquals(true, k.qcomBypassQuirk());
        KernelFacts all = PolicyLayering.layer(base(), ok(yaml("kernel: {default-domain: dma, disable-bypass: true,"
                + " dart-small-pages: force-bypass, qcom-bypass-quirk: false}"))).kernel();
        assertEquals(16384L, all.pageSize());
        assertEquals(DomainType.DMA, all.defaultDomain());
        assertEquals(true, all.disableBypass());
        assertEquals(DartSmallPages.FORCE_BYPASS, all.dartSmallPages());
        assertEquals(false, all.qcomBypassQuirk());
    }

    @Test
    void unsetKernelFactsFallBackToTheKernelDefaults() {
        Policy p = PolicyLayering.effective(ok(yaml("profile: none")));
        assertEquals(KernelFacts.FALLBACK.pageSize(), p.kernel().pageSize());
        assertEquals(DomainType.DMA, p.kernel().defaultDomain());
        assertEquals(true, p.kernel().disableBypass());
        assertEquals(DartSmallPages.FORCE_BYPASS, p.kernel().dartSmallPages());
        assertEquals(false, p.kernel().qcomBypassQuirk());
        assertEquals(SharingStrategy.PER_GROUP, p.sharing().strategy());
        assertEquals(List.of(), p.masters());
        assertEquals(List.of(), p.domains());
        assertEquals("none", p.profile());
    }

    @Test
    void userMasterRulesComeFirst() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("masters: [{match: {label: b}, domain: dma}, "
                + "{match: {label: c}, domain: unmanaged}]")));
        assertEquals(List.of("label:b dma", "label:c unmanaged", "label:a identity", "label:b blocked"),
                p.masters().stream().map(r -> r.match().get(0).key() + " " + r.domain().yamlName()).toList());
    }

    @Test
    void domainsReplaceByNameInPlaceAndAppendNewOnes() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("domains: [{name: new, masters: [{label: n}]}, "
                + "{name: gpu, masters: [{label: gpu}], split-tables: {processes: 8}}]")));
        assertEquals(List.of("gpu", "gmu", "new"), p.domains().stream().map(DriverDomain::name).toList());
        assertEquals(8, p.domain("gpu").processes());
        assertEquals("t.yaml", p.domain("gpu").pos().file());
    }

    @Test
    void herdsReplaceByName() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("sharing: {herds: [{name: h2, masters: [{label: z}]}, "
                + "{name: h3, masters: [{label: w}]}]}")));
        assertEquals(List.of("h1 label:x", "h2 label:z", "h3 label:w"),
                p.sharing().herds().stream().map(h -> h.name() + " " + h.masters().get(0).key()).toList());
        assertEquals(SharingStrategy.HERD, p.sharing().strategy());
    }

    @Test
    void sharingStrategyOverrides() {
        assertEquals(SharingStrategy.PER_IOMMU, PolicyLayering.layer(ok(yaml("sharing: {strategy: per-group}")),
                ok(yaml("sharing: {strategy: per-iommu}"))).sharing().strategy());
        assertEquals(SharingStrategy.PER_IOMMU, PolicyLayering.layer(ok(yaml("sharing: {strategy: per-iommu}")),
                ok(yaml())).sharing().strategy());
    }

    @Test
    void hardwareReplacesBySelector() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("hardware: [{iommu: {label: u}, params: {num-smrs: 2}}, "
                + "{iommu: {label: s}, params: {num-context-banks: 3}}]")));
        assertEquals(List.of(Map.of("num-context-banks", 3L), Map.of("num-smrs", 8L), Map.of("num-smrs", 2L)),
                p.hardware().stream().map(HardwareOverride::params).toList());
        // a different selector kind for the same node is a different entry: both apply, in order
        Policy q = PolicyLayering.layer(base(), ok(yaml("hardware: [{iommu: {path: /s}, params: {num-smrs: 1}}]")));
        assertEquals(3, q.hardware().size());
    }

    @Test
    void pciReplacesByHost() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("pci: [{host: {label: q}, rids: [3, 4]}, "
                + "{host: {label: r}, rids: [5]}]")));
        assertEquals(List.of(List.of(1L), List.of(3L, 4L), List.of(5L)), p.pci().stream().map(PciHost::rids).toList());
    }

    @Test
    void workloadReplacesByTargetAndIova() {
        Policy p = PolicyLayering.layer(base(), ok(yaml("workload: [{domain: gpu, iova: 0x2000, size: 8K}, "
                + "{domain: gmu, iova: 0x1000, size: 4K}, {master: {label: a}, iova: 0x1000, size: 4K}]")));
        assertEquals(List.of("gpu 0x1000 4096", "gpu 0x2000 8192", "gmu 0x1000 4096", "null 0x1000 4096"),
                p.workload().stream().map(b -> b.domain() + " " + Numbers.hex(b.iova()) + " " + b.size()).toList());
    }

    @Test
    void profileNoneStartsEmptyAndTheDefaultProfileIsLinux612() {
        Policy none = PolicyLayering.effective(ok(yaml("profile: none", "masters: [{match: {label: a}, domain: dma}]")));
        assertEquals(1, none.masters().size());
        assertEquals(List.of(), none.domains());
        Policy dflt = PolicyLayering.effective(ok(yaml("masters: [{match: {label: a}, domain: dma}]")));
        assertEquals(1 + Profiles.QCOM_CLIENTS.size(), dflt.masters().size());
        assertEquals("label:a", dflt.masters().get(0).match().get(0).key());
        assertEquals(List.of("gmu", "gpu"), dflt.domains().stream().map(DriverDomain::name).toList());
        Policy noFile = PolicyLayering.defaults();
        assertEquals(Profiles.DEFAULT, noFile.profile());
        assertEquals(Profiles.QCOM_CLIENTS.size(), noFile.masters().size());
        assertEquals(4096L, noFile.kernel().pageSize());
    }

    @Test
    void userOverridesTheProfileGpuDomain() {
        Policy p = PolicyLayering.effective(ok(yaml("domains: [{name: gpu, masters: [{compatible: \"qcom,adreno\"}],"
                + " split-tables: {processes: 4}}]")));
        assertEquals(List.of("gmu", "gpu"), p.domains().stream().map(DriverDomain::name).toList());
        assertEquals(4, p.domain("gpu").processes());
    }
}
