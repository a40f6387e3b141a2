package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IOMMU-core layer over hand-built plans: family dispatch, drm/msm's fallback when per-process
 * tables cannot be made, the generic model's groups and context limits, and the refusal to share a
 * domain between IOMMU drivers.
 */
class ExecutorTest {

    private static final Kernel KERNEL = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS,
            false);

    private static PlanIommu iommu(String id, IommuFamily family, String impl, List<String> compatible,
                                   Object... kv) {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], new PlanParam(((Number) kv[i + 1]).longValue(), "test", "test"));
        }
        return new PlanIommu(id, null, compatible, family, impl, family == IommuFamily.ARM_SMMU ? "smmu-v2" : null,
                true, 1, false, p);
    }

    /** reference/arm-smmu-v2.md §9 example 2's Adreno SMMU (NUMCB 5), with the given compatibles. */
    private static PlanIommu adreno(List<String> compatible) {
        return iommu("/adreno_smmu", IommuFamily.ARM_SMMU, "qcom-adreno-smmu", compatible, "num-context-banks", 5,
                "num-s2-context-banks", 0, "num-smrs", 8, "stream-matching", 1, "sid-bits", 15, "smr-mask-bits", 15,
                "ias", 48, "oas", 48, "ubs", 48, "granules", 0x11000, "coherent-walk", 0, "num-global-irqs", 2,
                "num-context-irqs", 5);
    }

    private static PlanMaster master(String id, List<String> compatible, DomainType requested, PlanIommu on,
                                     long... sids) {
        List<PlanStream> streams = new ArrayList<>();
        for (long sid : sids) {
            streams.add(new PlanStream(on.id(), sid, 0, "iommus", null));
        }
        return new PlanMaster(id, null, compatible, streams, requested, null, 0, null);
    }

    private static Plan plan(String sharing, List<PlanIommu> iommus, List<PlanMaster> masters,
                             List<PlanDomain> domains, List<PlanBuffer> workload) {
        List<Operation> ops = new ArrayList<>();
        iommus.forEach(i -> ops.add(new Operation.Probe(i.id())));
        masters.forEach(m -> ops.add(new Operation.AddDevice(m.id())));
        for (PlanDomain d : domains) {
            if (!d.name().startsWith("herd:")) {
                d.masters().forEach(m -> ops.add(new Operation.Attach(d.name(), m)));
            }
        }
        for (int i = 0; i < workload.size(); i++) {
            ops.add(new Operation.MapBuffer(i));
        }
        return new Plan(List.of("test"), null, "linux-6.12", KERNEL, sharing, iommus, masters, domains, workload, ops);
    }

    private static IommuState.ContextBank bank(RunResult r, String iommu, int index) {
        return r.iommus().stream().filter(i -> i.id().equals(iommu)).findFirst().orElseThrow().contextBanks()
                .stream().filter(c -> c.index() == index).findFirst().orElseThrow();
    }

    private static DomainState domainOf(RunResult r, String master) {
        String d = r.masters().stream().filter(m -> m.id().equals(master)).findFirst().orElseThrow().domain();
        return r.domains().stream().filter(x -> x.id().equals(d)).findFirst().orElseThrow();
    }

    /** The GPU as the linux-6.12 profile sends it: identity by default (qcom_smmu_client_of_match). */
    private static PlanMaster gpu(PlanIommu smmu) {
        return master("/gpu", List.of("qcom,adreno"), DomainType.IDENTITY, smmu, 0);
    }

    @Test
    void gpuGetsBankZeroTheSplitAndItsProcessTables() {
        PlanIommu smmu = adreno(List.of("qcom,sc7280-smmu-500", "qcom,adreno-smmu", "qcom,smmu-500", "arm,mmu-500"));
        PlanMaster gpu = gpu(smmu);
        RunResult r = Executor.run(plan("per-group", List.of(smmu), List.of(gpu),
                List.of(new PlanDomain("gpu", DomainType.UNMANAGED, List.of("/gpu"), 2, 0)), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals(0, domainOf(r, "/gpu").contextBank());
        IommuState.ContextBank cb0 = bank(r, "/adreno_smmu", 0);
        assertEquals(0, cb0.registers().get("TCR") & (1L << 23), "EPD1 clear: TTBR1 walks on (§9 example 2)");
        assertNotEquals(0L, cb0.registers().get("TTBR1"));
        // the global TTBR1 range and two per-process TTBR0 tables
        assertEquals(3, domainOf(r, "/gpu").pagetable().ranges().size());
    }

    /** §9 example 2, step 6: on msm8996 (no TTBR1) set_ttbr0_cfg is -EINVAL; drm/msm keeps the global space. */
    @Test
    void msm8996GpuFallsBackToTheGlobalAddressSpace() {
        PlanIommu smmu = adreno(List.of("qcom,msm8996-smmu-v2", "qcom,adreno-smmu", "qcom,smmu-v2"));
        PlanMaster gpu = gpu(smmu);
        RunResult r = Executor.run(plan("per-group", List.of(smmu), List.of(gpu),
                List.of(new PlanDomain("gpu", DomainType.UNMANAGED, List.of("/gpu"), 2, 0)), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        RunResult.Event e = r.events().get(0);
        assertEquals("warning", e.severity());
        assertEquals("runtime-gpu-no-process-tables", e.check());
        assertTrue(e.message().contains("EINVAL"), e.message());
        assertEquals(0, domainOf(r, "/gpu").contextBank());
        assertEquals(1L << 23, bank(r, "/adreno_smmu", 0).registers().get("TCR") & (1L << 23), "EPD1 set");
        assertEquals(1, domainOf(r, "/gpu").pagetable().ranges().size());
    }

    @Test
    void identityMastersOfTheClientListUseNoBank() {
        PlanIommu smmu = adreno(List.of("qcom,sc7280-smmu-500", "qcom,smmu-500", "arm,mmu-500"));
        PlanMaster mdss = master("/mdss", List.of("qcom,sc7280-mdss"), DomainType.IDENTITY, smmu, 0x800);
        PlanMaster ufs = master("/ufs", List.of("qcom,ufshc"), null, smmu, 0x80);
        RunResult r = Executor.run(plan("per-group", List.of(smmu), List.of(mdss, ufs), List.of(), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals("identity", domainOf(r, "/mdss").type());
        assertNull(domainOf(r, "/mdss").contextBank());
        assertEquals("dma", domainOf(r, "/ufs").type());
        assertEquals(0, domainOf(r, "/ufs").contextBank(), "generic qcom-smmu-500: the first bank");
    }

    @Test
    void aDomainBelongsToOneDriver() {
        PlanIommu smmu = adreno(List.of("qcom,sc7280-smmu-500", "qcom,smmu-500", "arm,mmu-500"));
        PlanIommu rk = iommu("/rk", IommuFamily.GENERIC, "rockchip", List.of("rockchip,iommu"));
        PlanMaster a = master("/a", List.of(), null, smmu, 0x10);
        PlanMaster b = master("/b", List.of(), null, rk, 0);
        RunResult r = Executor.run(plan("per-group", List.of(smmu, rk), List.of(a, b),
                List.of(new PlanDomain("shared", DomainType.UNMANAGED, List.of("/a", "/b"), 0, 0)), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        assertEquals("runtime-attach-mixed-families", r.events().get(0).check());
        assertEquals("/b", r.events().get(0).node());
        assertEquals("shared", domainOf(r, "/a").id());
        assertNotEquals("shared", domainOf(r, "/b").id());
    }

    /** rk_iommu_device_group: every master of one Rockchip IOMMU is in its one group. */
    @Test
    void rockchipMastersShareTheirIommusGroup() {
        PlanIommu rk = iommu("/rk", IommuFamily.GENERIC, "rockchip", List.of("rockchip,iommu"));
        PlanMaster a = master("/vop", List.of(), null, rk, 0);
        PlanMaster b = master("/vop2", List.of(), null, rk, 0);
        RunResult r = Executor.run(plan("per-group", List.of(rk), List.of(a, b), List.of(), List.of()));
        assertEquals(1, r.groups().size());
        assertEquals(List.of("/vop", "/vop2"), r.groups().get(0).members());
        assertEquals(domainOf(r, "/vop").id(), domainOf(r, "/vop2").id());
        assertEquals("generic", r.iommus().get(0).emulation());
    }

    /** ipmmu_domain_allocate_context: a third translating domain on a 2-context IPMMU is -EBUSY. */
    @Test
    void ipmmuRunsOutOfContexts() {
        PlanIommu ipmmu = iommu("/ipmmu", IommuFamily.GENERIC, "ipmmu-vmsa", List.of("renesas,ipmmu-r8a7795"),
                "num-contexts", 2);
        List<PlanMaster> ms = List.of(master("/a", List.of(), null, ipmmu, 1), master("/b", List.of(), null, ipmmu, 2),
                master("/c", List.of(), null, ipmmu, 3));
        RunResult r = Executor.run(plan("per-group", List.of(ipmmu), ms, List.of(), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        assertEquals("runtime-out-of-contexts", r.events().get(0).check());
        assertTrue(r.events().get(0).message().contains("-EBUSY"));
        assertNull(r.masters().get(2).domain());
    }

    @Test
    void perIommuSharingGivesTheGenericMastersOneDomain() {
        PlanIommu ipmmu = iommu("/ipmmu", IommuFamily.GENERIC, "ipmmu-vmsa", List.of("renesas,ipmmu-r8a7795"),
                "num-contexts", 1);
        List<PlanMaster> ms = List.of(master("/a", List.of(), null, ipmmu, 1), master("/b", List.of(), null, ipmmu, 2));
        RunResult r = Executor.run(plan("per-iommu", List.of(ipmmu), ms, List.of(), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals(2, r.groups().size());
        assertEquals(domainOf(r, "/a").id(), domainOf(r, "/b").id());
    }

    /** MMU-500 of §9 example 1 (NUMCB 8) under id {@code id}. */
    private static PlanIommu mmu500(String id) {
        return iommu(id, IommuFamily.ARM_SMMU, "mmu-500", List.of("arm,mmu-500"), "num-context-banks", 8,
                "num-s2-context-banks", 0, "num-smrs", 16, "stream-matching", 1, "sid-bits", 15, "smr-mask-bits", 15,
                "ias", 48, "oas", 48, "ubs", 48, "granules", 0x11000, "coherent-walk", 1, "num-global-irqs", 1,
                "num-context-irqs", 8);
    }

    @Test
    void perIommuSharingPutsAnSmmusDmaGroupsOnOneBank() {
        PlanIommu smmu = mmu500("/smmu");
        List<PlanMaster> ms = List.of(master("/a", List.of(), null, smmu, 0x10),
                master("/b", List.of(), null, smmu, 0x20), master("/c", List.of(), DomainType.IDENTITY, smmu, 0x30));
        RunResult r = Executor.run(plan("per-iommu", List.of(smmu), ms, List.of(), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals(3, r.groups().size(), "groups stay per device");
        assertEquals(domainOf(r, "/a").id(), domainOf(r, "/b").id());
        assertEquals(0, domainOf(r, "/a").contextBank());
        assertEquals(1, r.iommus().get(0).contextBanks().size(), "one bank for both");
        assertEquals("identity", domainOf(r, "/c").type());
    }

    @Test
    void aHerdSharesOneBankOnOneSmmu() {
        PlanIommu smmu = mmu500("/smmu");
        List<PlanMaster> ms = List.of(master("/a", List.of(), null, smmu, 0x10),
                master("/b", List.of(), null, smmu, 0x20), master("/c", List.of(), null, smmu, 0x30));
        RunResult r = Executor.run(plan("herd", List.of(smmu), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/a", "/c"), 0, 0)), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals("herd:media", domainOf(r, "/a").id());
        assertEquals("herd:media", domainOf(r, "/c").id());
        assertNotEquals("herd:media", domainOf(r, "/b").id());
        assertEquals(2, r.iommus().get(0).contextBanks().size());
    }

    /** arm_smmu_attach_dev: a domain finalised on one SMMU cannot be attached through another (-EINVAL). */
    @Test
    void aHerdAcrossTwoSmmusMeetsTheDriversEinval() {
        PlanIommu s1 = mmu500("/smmu1");
        PlanIommu s2 = mmu500("/smmu2");
        List<PlanMaster> ms = List.of(master("/a", List.of(), null, s1, 0x10), master("/b", List.of(), null, s2, 0x10));
        RunResult r = Executor.run(plan("herd", List.of(s1, s2), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/a", "/b"), 0, 0)), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        assertEquals("smmu-einval", r.events().get(0).check());
        assertEquals("/b", r.events().get(0).node());
        assertEquals("herd:media", domainOf(r, "/a").id());
    }

    /** mtk_iommu groups by IOVA region: the domain ID in bits 19:16 of MTK_M4U_DOM_ID(dom, larb, port). */
    @Test
    void mediatekMastersShareTheGroupOfTheirIovaRegion() {
        PlanIommu m4u = iommu("/m4u", IommuFamily.GENERIC, "mtk-m4u", List.of("mediatek,mt8195-iommu-vdo"));
        // (larb << 5) | port with domain 0, 0 and 1: 0x21 = larb 1 port 1, 0x43 = larb 2 port 3
        List<PlanMaster> ms = List.of(master("/disp", List.of(), null, m4u, 0x21),
                master("/vdec", List.of(), null, m4u, 0x43), master("/jpeg", List.of(), null, m4u, (1L << 16) | 0x43));
        RunResult r = Executor.run(plan("per-group", List.of(m4u), ms, List.of(), List.of()));
        assertEquals(2, r.groups().size());
        assertEquals(List.of("/disp", "/vdec"), r.groups().get(0).members());
        assertEquals(List.of("/jpeg"), r.groups().get(1).members());
    }

    /** tegra_smmu_def_domain_type: IDENTITY for every device unless the policy asks otherwise. */
    @Test
    void tegraSmmuDefaultsToIdentity() {
        PlanIommu mc = iommu("/mc", IommuFamily.GENERIC, "tegra-smmu", List.of("nvidia,tegra210-mc"),
                "num-asids", 128);
        List<PlanMaster> ms = List.of(master("/dc", List.of(), null, mc, 1),
                master("/vic", List.of(), DomainType.DMA, mc, 2));
        RunResult r = Executor.run(plan("per-group", List.of(mc), ms, List.of(), List.of()));
        assertEquals("identity", domainOf(r, "/dc").type());
        assertEquals("dma", domainOf(r, "/vic").type());
    }

    @Test
    void translateIsNullWithoutARegisterModel() {
        PlanIommu rk = iommu("/rk", IommuFamily.GENERIC, "rockchip", List.of("rockchip,iommu"));
        Executor e = Executor.execute(plan("per-group", List.of(rk), List.of(master("/a", List.of(), null, rk, 0)),
                List.of(), List.of()));
        assertNull(e.translate(new Transaction.Request("/rk", 0, null, 0x1000, false)));
    }
}
