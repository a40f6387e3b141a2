package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.pgtable.Quirk;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/arm-smmu-v2.md §9 Example 2 (sc7280 Adreno SMMU-500), the split tables of §5.6. */
class Example2Test {

    private static final List<String> GPU_COMPAT = List.of("qcom,adreno-635.0", "qcom,adreno");
    private static final List<String> GMU_COMPAT = List.of("qcom,adreno-gmu-635.0", "qcom,adreno-gmu");

    private FakePageTables tables;
    private ArmSmmu smmu;

    /** Probe, add GPU and GMU (client list ⇒ identity) and set up their default domains. */
    private void boot(PlanIommu hw, DomainType gpuDefault) {
        tables = new FakePageTables();
        smmu = new SmmuSystem().create(hw, Boards.kernel(), tables);
        assertTrue(smmu.probe().isOk(), () -> smmu.log().toString());
        PlanMaster gpu = Boards.master("gpu", hw, gpuDefault, GPU_COMPAT, 0, 0x400, 1, 0x400);
        PlanMaster gmu = Boards.master("gmu", hw, DomainType.IDENTITY, GMU_COMPAT, 5, 0x400);
        assertTrue(smmu.addDevice(gpu).isOk());
        assertTrue(smmu.addDevice(gmu).isOk());
        smmu.setupDefaultDomains().values().forEach(r -> assertTrue(r.isOk(), r::toString));
    }

    private void boot() {
        boot(Boards.example2(), DomainType.IDENTITY);
    }

    private int s2cr(int n) {
        return smmu.gr0Read(Reg.s2cr(n));
    }

    @Test
    void matchingAndDefaultDomains() {
        boot();
        assertEquals("qcom-adreno-smmu-500", smmu.implName());
        assertEquals(0x84000000, smmu.gr0Read(Reg.smr(0)));
        assertEquals(0x84000001, smmu.gr0Read(Reg.smr(1)));
        assertEquals(0x84000005, smmu.gr0Read(Reg.smr(2)));
        SmmuState st = smmu.snapshot();
        assertEquals(List.of(0, 1), st.groups().get(0).smes());
        assertEquals(List.of(2), st.groups().get(1).smes());
        assertEquals(0x00010000, s2cr(0));
        assertEquals(0x00010000, s2cr(1));
        assertEquals(0x00010000, s2cr(2));
        assertTrue(st.contextBanks().isEmpty());
        assertEquals(DomainType.IDENTITY, smmu.domainOf("gpu").type());
        // each pattern matches n and n|0x400
        assertEquals(Translation.Outcome.BYPASS, smmu.translate(0x405, 0x1234, false).outcome());
        assertEquals(2, smmu.translate(0x405, 0x1234, false).sme());
    }

    private SmmuDomain attach(String name, String master) {
        SmmuDomain d = SmmuDomain.alloc(name, DomainType.UNMANAGED);
        Result r = smmu.attach(d, master);
        assertTrue(r.isOk(), r::toString);
        return d;
    }

    @Test
    void gmuThenGpu() {
        boot();
        SmmuDomain gmu = attach("gmu", "gmu");
        assertEquals(1, gmu.contextBank());
        assertEquals(1, gmu.asid());
        assertEquals(0x303, smmu.cbRead(1, Reg.CB_ACTLR));
        assertEquals(0x00802010, smmu.cbRead(1, Reg.CB_TCR));
        assertEquals(0x1167, smmu.cbRead(1, Reg.CB_SCTLR));
        assertEquals(0x00000001, s2cr(2));
        assertEquals(pgd(gmu) | 1L << 48, smmu.cbRead64(1, Reg.CB_TTBR0));

        SmmuDomain gpu = attach("gpu", "gpu");
        assertEquals(0, gpu.contextBank());
        assertEquals(0, gpu.asid());
        assertEquals(0x303, smmu.cbRead(0, Reg.CB_ACTLR));
        assertEquals(0xFFFF_0000_0000_0000L, gpu.apertureStart());
        assertEquals(-1L, gpu.apertureEnd());
        assertEquals(0xA0100080, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(0x00038015, smmu.cbRead(0, Reg.CB_TCR2));
        assertEquals(0L, smmu.cbRead64(0, Reg.CB_TTBR0));
        assertEquals(pgd(gpu), smmu.cbRead64(0, Reg.CB_TTBR1));
        assertEquals(0xF404FF44, smmu.cbRead(0, Reg.CB_MAIR0));
        assertEquals(0x1167, smmu.cbRead(0, Reg.CB_SCTLR));
        assertEquals(0x00000000, s2cr(0));
        assertEquals(0x00000000, s2cr(1));
        // CB2–CB4 are free for others, who always get a bank ≥ 1
        assertEquals(List.of(0, 1), smmu.snapshot().contextBanks().stream().map(SmmuState.ContextBank::index).toList());
    }

    @Test
    void gpuThenGmuGivesTheSameBanks() {
        boot();
        assertEquals(0, attach("gpu", "gpu").contextBank());
        assertEquals(1, attach("gmu", "gmu").contextBank());
    }

    @Test
    void gpuBankZeroTaken() {
        // a DMA default domain for the GPU holds CB0; drm/msm's own domain then finds no bank
        boot(Boards.example2(), null);
        assertEquals(0, smmu.domainOf("gpu").contextBank());
        Result r = smmu.attach(SmmuDomain.alloc("gpu", DomainType.UNMANAGED), "gpu");
        assertEquals(Errno.ENOSPC, r.errno());
        assertEquals(0, smmu.domainOf("gpu").contextBank());
    }

    @Test
    void perProcessTtbr0Sequence() {
        boot();
        attach("gmu", "gmu");
        SmmuDomain gpu = attach("gpu", "gpu");
        AdrenoSmmuPriv priv = smmu.adrenoPriv("gpu");
        assertNotNull(priv);
        assertTrue(MsmGpuTables.createProcessTable(smmu, "gpu").isOk());
        IoPgtable proc = gpu.processTables.get(0);
        assertTrue(proc.cfg().quirks().isEmpty());
        assertEquals(0xA0102010, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(proc.pgd(), smmu.cbRead64(0, Reg.CB_TTBR0));
        // a second enable is refused
        assertEquals(Errno.EINVAL, priv.setTtbr0Cfg(proc).errno());
        // translations: the global half through TTBR1, per-process buffers through TTBR0
        assertTrue(gpu.map(0xFFFF_0000_0010_0000L, 0x9000_0000L, 0x1000, Prot.READ | Prot.WRITE).isOk());
        assertTrue(gpu.mapProcess(0, 0x1_0000_0000L, 0xA000_0000L, 0x1000, Prot.READ).isOk());
        Translation global = smmu.translate(0, 0x0001_0000_0010_0040L, false);
        assertEquals(0x9000_0040L, global.pa(), global::detail);
        assertEquals(0x9000_0040L, smmu.translate(0x400, 0xFFFF_0000_0010_0040L, true).pa());
        Translation local = smmu.translate(1, 0x1_0000_0008L, false);
        assertEquals(0xA000_0008L, local.pa(), local::detail);
        assertEquals(Translation.Fault.PERMISSION, smmu.translate(1, 0x1_0000_0008L, true).fault());
        assertEquals(Reg.FSR_PF, smmu.cbRead(0, Reg.CB_FSR));
        assertEquals(Reg.FSYNR0_WNR | 3, smmu.cbRead(0, Reg.CB_FSYNR0));
        // the context fault handler: read FSR, write it back to clear it (§8.2)
        smmu.cbWrite(0, Reg.CB_FSR, smmu.cbRead(0, Reg.CB_FSR));
        // a second process, switched in by the GPU
        assertTrue(MsmGpuTables.createProcessTable(smmu, "gpu").isOk());
        assertTrue(gpu.mapProcess(1, 0x1_0000_0000L, 0xB000_0000L, 0x1000, Prot.READ).isOk());
        assertTrue(MsmGpuTables.switchProcess(smmu, "gpu", 1).isOk());
        assertEquals(0xB000_0008L, smmu.translate(1, 0x1_0000_0008L, false).pa());
        // disable: back to the TTBR1-only values; TTBR0 walks fault
        assertTrue(priv.setTtbr0Cfg(null).isOk());
        assertEquals(0xA0100080, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(0L, smmu.cbRead64(0, Reg.CB_TTBR0));
        assertEquals(Errno.EINVAL, priv.setTtbr0Cfg(null).errno());
        assertEquals(Errno.EINVAL, MsmGpuTables.switchProcess(smmu, "gpu", 0).errno());
        Translation off = smmu.translate(1, 0x1_0000_0008L, false);
        assertEquals(Translation.Fault.TRANSLATION, off.fault());
        assertEquals(Reg.FSR_TF, smmu.cbRead(0, Reg.CB_FSR));
        assertEquals(0x1_0000_0008L, smmu.cbRead64(0, Reg.CB_FAR));
    }

    @Test
    void outerWbwa() {
        boot();
        SmmuDomain gpu = SmmuDomain.alloc("gpu", DomainType.UNMANAGED);
        assertTrue(gpu.setPgtableQuirks(Set.of(Quirk.ARM_OUTER_WBWA)).isOk());
        assertTrue(smmu.attach(gpu, "gpu").isOk());
        assertEquals(0xA4100080, smmu.cbRead(0, Reg.CB_TCR));
        assertTrue(MsmGpuTables.createProcessTable(smmu, "gpu").isOk());
        assertEquals(0xA4102410, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(Errno.EBUSY, gpu.setPgtableQuirks(Set.of()).errno());
    }

    @Test
    void stall() {
        boot();
        attach("gpu", "gpu");
        smmu.adrenoPriv("gpu").setStall(true);
        assertTrue(MsmGpuTables.createProcessTable(smmu, "gpu").isOk());
        assertEquals(0x11E7, smmu.cbRead(0, Reg.CB_SCTLR));
        Translation t = smmu.translate(0, 0x0001_0000_0020_0000L, false);
        assertEquals(Translation.Fault.TRANSLATION, t.fault());
        assertEquals(Reg.FSR_TF | Reg.FSR_SS, smmu.adrenoPriv("gpu").getFaultInfo().fsr());
        assertEquals(0, smmu.adrenoPriv("gpu").getFaultInfo().cbfrsynra());
    }

    @Test
    void msm8996HasNoSplitTables() {
        boot(Boards.example2(List.of("qcom,msm8996-smmu-v2", "qcom,adreno-smmu", "qcom,smmu-v2")),
                DomainType.IDENTITY);
        assertEquals("qcom-adreno-smmu-v2", smmu.implName());
        SmmuDomain gpu = attach("gpu", "gpu");
        assertEquals(0, gpu.contextBank());
        assertEquals(0x00802010, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(Errno.EINVAL, MsmGpuTables.createProcessTable(smmu, "gpu").errno());
        assertTrue(gpu.processTables.isEmpty());
        assertTrue(tables.tables.get(1).freed);
    }

    @Test
    void adrenoV2DropsThe16kFormat() {
        PlanIommu hw = Boards.iommu("/gpu_smmu", List.of("qcom,sdm845-smmu-v2", "qcom,adreno-smmu", "qcom,smmu-v2"),
                "qcom-adreno-smmu", "smmu-v2", Boards.params("num-context-banks", 3, "num-smrs", 8,
                        "granules", (1L << 12) | (1L << 14), "num-global-irqs", 1, "num-context-irqs", 3));
        smmu = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(smmu.probe().isOk());
        assertEquals(0x40201000L, smmu.cfg.pgsizeBitmap);
        assertEquals(0, smmu.cbRead(0, Reg.CB_ACTLR), "v2 data carries no ACTLR table");
    }

    /** The pgd the domain's table reports (io-pgtable's TTBR/VTTBR value, §5.4). */
    private static long pgd(SmmuDomain d) {
        return d.pageTable().armRegs().ttbr();
    }
}
