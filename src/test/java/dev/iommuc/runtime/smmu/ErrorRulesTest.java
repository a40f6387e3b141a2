package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every probe and per-master error rule (reference/arm-smmu-v2.md §1.3, §1.4, §1.7, §2.2, §4.5, §7.1). */
class ErrorRulesTest {

    private static PlanIommu ex1With(Object... kv) {
        Map<String, Long> p = Boards.example1Params();
        p.putAll(Boards.params(kv));
        return Boards.iommu("/smmu", List.of("arm,mmu-500"), "mmu-500", "smmu-v2", p);
    }

    private static Result probe(PlanIommu hw) {
        return new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables()).probe();
    }

    private static void assertProbeFails(PlanIommu hw, String message) {
        Result r = probe(hw);
        assertEquals(Errno.ENODEV, r.errno());
        assertEquals(message, r.message());
    }

    @Test
    void missingGlobalInterrupts() {
        Map<String, Long> p = Boards.example1Params();
        p.remove("num-global-irqs");
        assertProbeFails(Boards.iommu("/smmu", List.of("arm,mmu-500"), "mmu-500", "smmu-v2", p),
                "missing #global-interrupts property");
    }

    @Test
    void noContextInterrupts() {
        assertProbeFails(ex1With("num-context-irqs", 0), "found 1 interrupts but expected at least 2");
    }

    @Test
    void fewerContextInterruptsThanBanksOnV2() {
        assertProbeFails(ex1With("num-context-irqs", 7), "found only 7 context irq(s) but 8 required");
    }

    @Test
    void fewerContextInterruptsOnV1RoundRobin() {
        PlanIommu hw = Boards.iommu("/v1", List.of("arm,mmu-400"), "generic", "smmu-v1",
                Boards.params("num-context-banks", 4, "num-smrs", 4, "ias", 40, "oas", 40, "granules", Boards.SZ_4K,
                        "num-global-irqs", 1, "num-context-irqs", 2));
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        assertTrue(s.addDevice(Boards.master("b", hw, 2, 0)).isOk());
        s.setupDefaultDomains();
        // the first domain takes IRPTNDX 1 % 2, the second 2 % 2; AArch32 LPAE: EAE, no CBA2R/TCR2
        assertEquals(0x0101F300, s.gr1Read(Reg.cbar(0)));
        assertEquals(0x0001F300, s.gr1Read(Reg.cbar(1)));
        assertEquals(SmmuDomain.Format.AARCH32_L, s.domainOf("a").format());
        assertEquals(Reg.TCR_EAE | Reg.TCR_EPD1 | 0x2000 | 32, s.cbRead(0, Reg.CB_TCR));
        assertEquals(0, s.cbRead(0, Reg.CB_TCR2));
        assertEquals(32, s.domainOf("a").pgtable.cfg().ias());
        assertEquals((1L << 12) | (1L << 21) | (1L << 30), s.domainOf("a").pgtable.cfg().pgsizeBitmap());
        // a 32-bit input through TTBR0 only
        assertTrue(s.domainOf("a").map(0xFFFF_F000L, 0x1000, 0x1000, Prot.READ).isOk());
        assertEquals(0x1234, s.translate(1, 0xFFFF_F234L, false).pa());
        assertEquals(Translation.Fault.TRANSLATION, s.translate(1, 0x1_0000_0000L, false).fault());
    }

    @Test
    void noTranslationSupport() {
        assertProbeFails(ex1With("stage1", 0, "stage2", 0), "\tno translation support!");
    }

    @Test
    void streamMatchingWithoutSmrs() {
        assertProbeFails(ex1With("num-smrs", 0), "stream-matching supported, but no SMRs present!");
    }

    @Test
    void moreS2BanksThanBanks() {
        assertProbeFails(ex1With("num-s2-context-banks", 9), "impossible number of S2 context banks!");
    }

    @Test
    void legacyAndGenericMixed() {
        SmmuSystem sys = new SmmuSystem();
        PlanIommu generic = Boards.example1();
        PlanIommu legacy = new PlanIommu("/legacy", null, List.of("arm,mmu-500"), generic.family(), "mmu-500",
                "smmu-v2", true, -1, true, generic.params());
        assertTrue(sys.create(generic, Boards.kernel(), new FakePageTables()).probe().isOk());
        Result r = sys.create(legacy, Boards.kernel(), new FakePageTables()).probe();
        assertEquals(Errno.ENODEV, r.errno());
        assertEquals("not probing due to mismatched DT properties", r.message());
    }

    @Test
    void legacyBindingForcesIdentity() {
        PlanIommu generic = Boards.example1();
        PlanIommu legacy = new PlanIommu("/legacy", null, List.of("arm,mmu-500"), generic.family(), "mmu-500",
                "smmu-v2", true, -1, true, generic.params());
        ArmSmmu s = new SmmuSystem().create(legacy, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", legacy, 1, 0)).isOk());
        assertEquals(DomainType.IDENTITY, s.domainOf("a").type());
        assertEquals(0x00010000, s.gr0Read(Reg.s2cr(0)));
    }

    @Test
    void unprobedSmmuTakesNoDevices() {
        PlanIommu hw = ex1With("num-smrs", 0);
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertFalse(s.probe().isOk());
        assertEquals(Errno.ENODEV, s.addDevice(Boards.master("a", hw, 1, 0)).errno());
        assertFalse(s.snapshot().probed());
    }

    @Test
    void smrWidthFromReadBack() {
        // 10 implemented mask bits: the driver learns 0x3ff by writing and reading back
        PlanIommu hw = ex1With("smr-mask-bits", 10, "sid-bits", 12);
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertEquals(0xfff, s.cfg.streamidMask);
        assertEquals(0x3ff, s.cfg.smrMaskMask);
        Result r = s.addDevice(Boards.master("a", hw, 0x10, 0x400));
        assertEquals("SMR mask 0x400 out of range for SMMU (0x3ff)", r.message());
        assertEquals("stream ID 0x1000 out of range for SMMU (0xfff)",
                s.addDevice(Boards.master("b", hw, 0x1000, 0)).message());
    }

    @Test
    void partialOverlapAtALowerIndexBeatsContainment() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", hw, 0x100, 0x3)).isOk());   // idx 0: 0x100–0x103
        assertTrue(s.addDevice(Boards.master("b", hw, 0x110, 0xf)).isOk());   // idx 1: 0x110–0x11f
        // 0x110/0x13 matches 0x100–0x103 and 0x110–0x113: a partial overlap with idx 0 is found before
        // idx 1, which would contain it
        Result r = s.addDevice(Boards.master("c", hw, 0x110, 0x13));
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals(1, s.streamMap.s2cr(0).count);
        // identical patterns share one entry
        assertTrue(s.addDevice(Boards.master("d", hw, 0x110, 0xf)).isOk());
        assertEquals(2, s.streamMap.s2cr(1).count);
    }

    @Test
    void exhaustedSmrsUnwindTheMaster() {
        PlanIommu hw = ex1With("num-smrs", 2);
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        s.registers().clearWrites();
        Result r = s.addDevice(Boards.master("b", hw, 2, 0, 3, 0));
        assertEquals(Errno.ENOSPC, r.errno());
        assertFalse(s.streamMap.smr(1).valid);
        assertEquals(0, s.streamMap.s2cr(1).count);
        assertTrue(s.registers().writes().isEmpty(), "nothing is written on the error path");
        assertTrue(s.addDevice(Boards.master("c", hw, 2, 0)).isOk());
    }

    @Test
    void exhaustedBanks() {
        PlanIommu hw = ex1With("num-context-banks", 2, "num-context-irqs", 2);
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        for (String m : new String[] {"a", "b", "c"}) {
            assertTrue(s.addDevice(Boards.master(m, hw, m.charAt(0), 0)).isOk());
        }
        Map<String, Result> r = s.setupDefaultDomains();
        assertTrue(r.get("a").isOk());
        assertTrue(r.get("b").isOk());
        assertEquals(Errno.ENOSPC, r.get("c").errno());
        assertTrue(s.snapshot().deviceErrors().get("c").startsWith("-ENOSPC"));
        assertNull(s.domainOf("c"));
        // an identity master needs no bank
        assertTrue(s.addDevice(Boards.master("d", hw, DomainType.IDENTITY, List.of(), 'd', 0)).isOk());
        assertTrue(s.setupDefaultDomains().get("d").isOk());
    }

    @Test
    void allS2BanksLeaveNoneForStage1() {
        PlanIommu hw = ex1With("num-s2-context-banks", 8);
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        assertEquals(Errno.ENOSPC, s.setupDefaultDomains().get("a").errno());
    }

    @Test
    void tableAllocationFailureFreesTheBank() {
        PlanIommu hw = Boards.example1();
        FakePageTables t = new FakePageTables();
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), t);
        assertTrue(s.probe().isOk());
        assertTrue(s.addDevice(Boards.master("a", hw, 1, 0)).isOk());
        t.refuseNext = true;
        assertEquals(Errno.ENOMEM, s.setupDefaultDomains().get("a").errno());
        assertTrue(s.addDevice(Boards.master("b", hw, 2, 0)).isOk());
        assertEquals(0, s.domainOf("b").contextBank());
        t.throwNext = true;
        assertTrue(s.addDevice(Boards.master("c", hw, 3, 0)).isOk());
        Result r = s.setupDefaultDomains().get("c");
        assertEquals(Errno.ENOMEM, r.errno());
        assertEquals("failed to allocate the page table for domain default-g2: no IPS encoding for oas 39", r.message());
    }

    @Test
    void crossSmmuAttach() {
        SmmuSystem sys = new SmmuSystem();
        PlanIommu one = Boards.example1();
        PlanIommu two = Boards.iommu("/smmu2", one.compatible(), one.impl(), one.version(), Boards.example1Params());
        ArmSmmu a = sys.create(one, Boards.kernel(), new FakePageTables());
        ArmSmmu b = sys.create(two, Boards.kernel(), new FakePageTables());
        assertTrue(a.probe().isOk());
        assertTrue(b.probe().isOk());
        assertTrue(a.addDevice(Boards.master("x", one, 1, 0)).isOk());
        assertTrue(b.addDevice(Boards.master("y", two, 1, 0)).isOk());
        SmmuDomain shared = SmmuDomain.alloc("shared", DomainType.UNMANAGED);
        assertTrue(a.attach(shared, "x").isOk());
        Result r = b.attach(shared, "y");
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals("default-g0", b.domainOf("y").name());
    }

    @Test
    void mapErrors() {
        PlanIommu hw = Boards.example1();
        ArmSmmu s = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(s.probe().isOk());
        PlanMaster a = Boards.master("a", hw, 1, 0);
        assertTrue(s.addDevice(a).isOk());
        SmmuDomain d = s.domainOf("a");
        assertEquals(Errno.EINVAL, d.map(0x1800, 0x1000, 0x1000, Prot.READ).errno());
        assertEquals(Errno.EINVAL, d.map(0x1000, 0x1000, 0x1000, 0).errno());
        assertEquals(Errno.ERANGE, d.map(1L << 48, 0x1000, 0x1000, Prot.READ).errno());
        assertTrue(d.map(0x3000, 0x1000, 0x1000, Prot.READ).isOk());
        // a failure part-way unmaps what this call mapped
        assertEquals(Errno.EEXIST, d.map(0x1000, 0x1000, 0x3000, Prot.READ).errno());
        assertEquals(0, d.iovaToPhys(0x1000));
        assertEquals(0x1000, d.iovaToPhys(0x3000));
        assertEquals(Errno.EINVAL, SmmuDomain.IDENTITY.map(0, 0, 0x1000, Prot.READ).errno());
        assertEquals(Errno.ENODEV, SmmuDomain.alloc("n", DomainType.UNMANAGED).map(0, 0, 0x1000, Prot.READ).errno());
        assertEquals(0x1000, d.unmap(0x3000, 0x1000));
    }
}
