package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vendor impls, bypass, domain types and register variants (reference/arm-smmu-v2.md §1.6, §6, §7.3, §7.4). */
class QuirksTest {

    private static PlanIommu qcom500(Object... kv) {
        Map<String, Long> p = Boards.params("num-context-banks", 8, "num-smrs", 16, "ias", 36, "oas", 36,
                "num-global-irqs", 1, "num-context-irqs", 8);
        p.putAll(Boards.params(kv));
        return Boards.iommu("/apps_smmu", List.of("qcom,sc7280-smmu-500", "arm,mmu-500"), "qcom-smmu-500", "smmu-v2", p);
    }

    private static ArmSmmu probed(PlanIommu hw, boolean disableBypass, boolean qcomQuirk) {
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(disableBypass, qcomQuirk), new FakePageTables());
        assertTrue(s.probe().isOk(), () -> s.log().toString());
        return s;
    }

    @Test
    void qcomBypassQuirkReservesTheLastBank() {
        PlanIommu hw = qcom500();
        ArmSmmu s = probed(hw, true, true);
        assertEquals("qcom-smmu-500", s.implName());
        assertEquals(Reg.CBAR_TYPE_S1_TRANS_S2_BYPASS << Reg.CBAR_TYPE_SHIFT, s.gr1Read(Reg.cbar(7)));
        assertEquals(0, s.cbRead(7, Reg.CB_SCTLR));
        // FAULT (disable_bypass) is written as BYPASS/0xff, which the firmware turns into FAULT
        assertEquals(0x000200ff, s.gr0Read(Reg.s2cr(3)));
        // identity → TRANS to the reserved bank, whose translation is off
        assertTrue(s.addDevice(Boards.master("modem", hw, DomainType.IDENTITY, List.of(), 0x124, 0)).isOk());
        s.setupDefaultDomains();
        assertEquals(0x00000007, s.gr0Read(Reg.s2cr(0)));
        assertEquals(S2crType.BYPASS, s.streamMap.s2cr(0).type);
        Translation t = s.translate(0x124, 0x8000_1000L, false);
        assertEquals(Translation.Outcome.BYPASS, t.outcome());
        assertEquals(0x8000_1000L, t.pa());
        // DMA domains never get bank 7
        for (int i = 1; i <= 8; i++) {
            s.addDevice(Boards.master("m" + i, hw, 0x200 + i, 0));
        }
        Map<String, Result> r = s.setupDefaultDomains();
        assertEquals(6, s.domainOf("m7").contextBank());
        assertEquals(Errno.ENOSPC, r.get("m8").errno());
        assertTrue(s.snapshot().contextBanks().stream().anyMatch(cb -> cb.index() == 7 && cb.reserved()));
    }

    @Test
    void noQuirkWhenBypassSticks() {
        ArmSmmu s = probed(qcom500(), true, false);
        assertFalse(((QcomSmmuImpl) s.impl).bypassQuirk());
        assertEquals(0x00020000, s.gr0Read(Reg.s2cr(15)));
    }

    @Test
    void qcomLimitsSmrsAndFixesBankCounts() {
        PlanIommu hw = Boards.iommu("/apps", List.of("qcom,msm8998-smmu-v2", "qcom,smmu-v2"), "qcom-smmu-v2", "smmu-v2",
                Boards.params("num-context-banks", 13, "num-smrs", 160, "num-global-irqs", 1, "num-context-irqs", 12));
        ArmSmmu s = probed(hw, true, false);
        assertEquals("qcom-smmu-v2", s.implName());
        assertEquals(12, s.cfg.numCb);
        assertEquals(128, s.cfg.numMappingGroups);
        assertTrue(s.log().contains("notice: Limiting the stream matching groups to 128"));
        // qcom v2 has no reset hook: sACR untouched
        assertEquals(0, s.gr0Read(Reg.SACR));
    }

    @Test
    void qcomHandoffAdoptsFirmwareSmrs() {
        PlanIommu hw = qcom500();
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        // the boot firmware left display's stream matched
        s.gr0Write(Reg.smr(2), Reg.SMR_VALID | 0x0400 << 16 | 0x0800);
        assertTrue(s.probe().isOk());
        assertTrue(s.streamMap.smr(2).valid);
        assertEquals(0, s.streamMap.s2cr(2).count);
        assertEquals(0x000100ff, s.gr0Read(Reg.s2cr(2)));
        assertEquals(Translation.Outcome.BYPASS, s.translate(0xc00, 0x1000, false).outcome());
        // test_smr_masks used the first free SMR, 0
        assertEquals(0x7fff, s.cfg.smrMaskMask);
        // a contained pattern reuses the entry and overwrites it (count was 0)
        assertTrue(s.addDevice(Boards.master("mdss", hw, 0x800, 0)).isOk());
        s.setupDefaultDomains();
        assertEquals(0x80000800, s.gr0Read(Reg.smr(2)));
        assertEquals(0, s.gr0Read(Reg.s2cr(2)));
    }

    @Test
    void mmu500Reset() {
        ArmSmmu s = probed(Boards.example1(), true, false);
        assertEquals(Reg.SACR_SMTNMB_TLBEN | Reg.SACR_S2CRB_TLBEN, s.gr0Read(Reg.SACR));
        for (int i = 0; i < 8; i++) {
            assertEquals(0x1, s.cbRead(i, Reg.CB_ACTLR));
        }
        Map<String, Long> p = Boards.example1Params();
        p.put("idr7-major", 1L);
        ArmSmmu old = probed(Boards.iommu("/smmu", List.of("arm,mmu-500"), "mmu-500", "smmu-v2", p), true, false);
        assertTrue(old.log().contains(
                "warning: Failed to disable prefetcher for errata workarounds, check SACR.CACHE_LOCK"));
        assertEquals(0x3, old.cbRead(0, Reg.CB_ACTLR));
    }

    @Test
    void bypassByDefault() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, false, false);
        assertEquals(0x1836, s.gr0Read(Reg.SCR0));
        assertEquals(0x00010000, s.gr0Read(Reg.s2cr(5)));
        Translation t = s.translate(0x333, 0x1234, true);
        assertEquals(Translation.Outcome.BYPASS, t.outcome());
        assertEquals(0x1234, t.pa());
    }

    @Test
    void beforeProbeEverythingBypasses() {
        ArmSmmu s = new SmmuSystem().create(Boards.example1(), Boards.kernel(), new FakePageTables());
        assertEquals(Translation.Outcome.BYPASS, s.translate(1, 0x42, false).outcome());
    }

    @Test
    void identityAndBlockedDomains() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        SmmuDomain dma = s.domainOf("a");
        assertTrue(s.attach(SmmuDomain.BLOCKED, "a").isOk());
        assertEquals(0x00020000, s.gr0Read(Reg.s2cr(0)));
        assertEquals(Translation.Fault.STREAM_FAULT, s.translate(1, 0, false).fault());
        assertTrue(s.attach(SmmuDomain.IDENTITY, "a").isOk());
        assertEquals(0x00010000, s.gr0Read(Reg.s2cr(0)));
        // the DMA domain kept its bank (§6.1)
        assertEquals(0, dma.contextBank());
        assertEquals(0x1067, s.cbRead(0, Reg.CB_SCTLR));
        assertEquals(Errno.EBUSY, s.freeDomain(SmmuDomain.IDENTITY).errno());
        assertTrue(s.freeDomain(dma).isOk());
        assertEquals(0, s.cbRead(0, Reg.CB_SCTLR));
        assertEquals(-1, dma.contextBank());
    }

    @Test
    void conflictingRequestsInAGroupMakeIdentity() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        assertTrue(s.addDevice(Boards.master("a", hw, DomainType.DMA, List.of(), 0x10, 0)).isOk());
        assertTrue(s.addDevice(Boards.master("b", hw, DomainType.IDENTITY, List.of(), 0x10, 0)).isOk());
        s.setupDefaultDomains();
        assertEquals(DomainType.IDENTITY, s.domainOf("a").type());
        assertTrue(s.log().stream().anyMatch(l -> l.contains("requesting conflicting def_domain_type")));
        assertTrue(s.snapshot().contextBanks().isEmpty());
        // no answer + identity: identity, without a warning
        assertTrue(s.addDevice(Boards.master("c", hw, 0x20, 0)).isOk());
        assertTrue(s.addDevice(Boards.master("d", hw, DomainType.IDENTITY, List.of(), 0x20, 0)).isOk());
        s.setupDefaultDomains();
        assertEquals(DomainType.IDENTITY, s.domainOf("c").type());
    }

    @Test
    void vmid16AndExids() {
        Map<String, Long> p = Boards.example1Params();
        p.putAll(Boards.params("vmid16", 1, "exids", 1, "sid-bits", 16, "smr-mask-bits", 16, "force-stage", 2));
        PlanIommu hw = Boards.iommu("/smmu", List.of("arm,mmu-500"), "mmu-500", "smmu-v2", p);
        ArmSmmu s = probed(hw, true, false);
        assertEquals(0xffff, s.cfg.streamidMask);
        assertEquals(0xffff, s.cfg.smrMaskMask);
        assertEquals(0x1C36 | Reg.SCR0_VMID16EN | Reg.SCR0_EXIDENABLE, s.gr0Read(Reg.SCR0));
        assertTrue(s.addDevice(Boards.master("a", hw, 0x8001, 0x8000)).isOk());
        s.setupDefaultDomains();
        // no VALID bit in the SMR; EXIDVALID in the S2CR; VMID in CBA2R, not CBAR
        assertEquals(0x80008001, s.gr0Read(Reg.smr(0)));
        assertEquals(Reg.S2CR_EXIDVALID, s.gr0Read(Reg.s2cr(0)));
        assertEquals(1 << 16 | 1, s.gr1Read(Reg.cba2r(0)));
        assertEquals(0, s.gr1Read(Reg.cbar(0)));
        assertEquals(0, s.translate(0x0001, 0, false).contextBank());
        assertEquals(Translation.Fault.UNMATCHED_STREAM, s.translate(0x0002, 0, false).fault());
    }

    @Test
    void caviumOffsetsIdsAcrossInstances() {
        SmmuSystem sys = new SmmuSystem();
        Map<String, Long> p = Boards.example1Params();
        PlanIommu one = Boards.iommu("/c0", List.of("cavium,smmu-v2"), "cavium-smmu-v2", "smmu-v2", p);
        PlanIommu two = Boards.iommu("/c1", List.of("cavium,smmu-v2"), "cavium-smmu-v2", "smmu-v2", p);
        ArmSmmu a = sys.create(one, Boards.kernel(), new FakePageTables());
        ArmSmmu b = sys.create(two, Boards.kernel(), new FakePageTables());
        assertTrue(a.probe().isOk());
        assertTrue(b.probe().isOk());
        assertTrue(b.addDevice(Boards.master("x", two, 1, 0)).isOk());
        assertEquals(8, b.domainOf("x").asid());
        assertEquals(8L << 48 | b.domainOf("x").pageTable().armRegs().ttbr(), b.cbRead64(0, Reg.CB_TTBR0));
    }

    @Test
    void resumeReplaysSoftwareState() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        s.setupDefaultDomains();
        int tcr = s.cbRead(0, Reg.CB_TCR);
        s.cbWrite(0, Reg.CB_TCR, 0);
        s.gr0Write(Reg.s2cr(0), 0x20000);
        assertTrue(s.resume().isOk());
        assertEquals(tcr, s.cbRead(0, Reg.CB_TCR));
        assertEquals(0, s.gr0Read(Reg.s2cr(0)));
    }

    @Test
    void streamMatchConflictAndInvalidContext() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        s.gr0Write(Reg.smr(5), Reg.SMR_VALID | 0x40);
        s.gr0Write(Reg.smr(6), Reg.SMR_VALID | 0xf << 16 | 0x40);
        assertEquals(Translation.Fault.STREAM_MATCH_CONFLICT, s.translate(0x40, 0, false).fault());
        s.gr0Write(Reg.SGFSR, s.gr0Read(Reg.SGFSR));
        s.gr0Write(Reg.smr(6), 0);
        s.gr0Write(Reg.s2cr(5), 0x20);
        assertEquals(Translation.Fault.INVALID_CONTEXT, s.translate(0x40, 0, false).fault());
        assertEquals(Reg.GFSR_ICF, s.gr0Read(Reg.SGFSR));
        s.translate(0x41, 0, true);
        assertEquals(Reg.GFSR_ICF | Reg.GFSR_MULTI, s.gr0Read(Reg.SGFSR));
    }

    @Test
    void faultHandlersPrintAndClear() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        assertEquals(Translation.Fault.TRANSLATION, s.translate(1, 0x5000, true).fault());
        assertEquals(Translation.Fault.UNMATCHED_STREAM, s.translate(0x77, 0, false).fault());
        assertEquals(2, s.handleFaults());
        assertTrue(s.log().contains("error: Blocked unknown Stream ID 0x77; boot with \"arm-smmu.disable_bypass=0\" "
                + "to allow, but this may have security implications"));
        assertTrue(s.log().stream().anyMatch(l -> l.matches("error: Unhandled context fault: fsr=0x2, "
                + "iova=0x00005000, fsynr=0x1[0-3], cbfrsynra=0x1, cb=0")), () -> s.log().toString());
        assertEquals(0, s.gr0Read(Reg.SGFSR));
        assertEquals(0, s.cbRead(0, Reg.CB_FSR));
        assertEquals(0, s.handleFaults());
    }

    @Test
    void snapshot() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = probed(hw, true, false);
        s.addDevice(Boards.master("A", hw, 0x080, 0x000));
        s.addDevice(Boards.master("B", hw, 0x100, 0x00f));
        s.addDevice(Boards.master("C", hw, 0x104, 0x003));
        s.addDevice(Boards.master("D", hw, 0x10c, 0x010));
        SmmuDomain b = s.domainOf("B");
        assertTrue(b.map(0, 0x1000, 0x2000, Prot.READ | Prot.WRITE).isOk());
        SmmuState st = s.snapshot();
        assertEquals("arm-mmu500", st.impl());
        assertEquals(0x1C36L, st.globals().get("sCR0"));
        assertEquals(2, st.streamMap().size());
        SmmuState.Sme sme1 = st.streamMap().get(1);
        assertEquals(new SmmuState.Sme(1, 0x100, 0xf, true, S2crType.TRANS, 1, 2, "g1", 0x800F0100L, 1L), sme1);
        assertEquals(2, st.contextBanks().size());
        SmmuState.ContextBank cb1 = st.contextBanks().get(1);
        assertEquals("default-g1", cb1.domain());
        assertEquals(1, cb1.asid());
        assertEquals(0x00803510L, cb1.registers().get("TCR"));
        assertEquals(List.of("B", "C"), st.groups().get(1).devices());
        SmmuState.Domain d = st.domains().get(1);
        assertEquals(List.of("B", "C"), d.devices());
        assertEquals(1, d.contextBank());
        assertNotEquals(null, d.pagetable());
        assertTrue(st.deviceErrors().get("D").startsWith("-EINVAL"));
    }
}
