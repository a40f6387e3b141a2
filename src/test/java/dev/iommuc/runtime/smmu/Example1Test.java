package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/arm-smmu-v2.md §9 Example 1 (generic MMU-500), register for register. */
class Example1Test {

    private final PlanIommu hw = Boards.example1();
    private FakePageTables tables;
    private ArmSmmu smmu;

    @BeforeEach
    void probe() {
        tables = new FakePageTables();
        smmu = new SmmuSystem().create(hw, Boards.kernel(), tables);
        assertTrue(smmu.probe().isOk(), () -> smmu.log().toString());
    }

    private int gr0(int off) {
        return smmu.gr0Read(off);
    }

    private int smr(int n) {
        return gr0(Reg.smr(n));
    }

    private int s2cr(int n) {
        return gr0(Reg.s2cr(n));
    }

    private void addAtoE() {
        assertTrue(smmu.addDevice(Boards.master("A", hw, 0x080, 0x000)).isOk());
        assertTrue(smmu.addDevice(Boards.master("B", hw, 0x100, 0x00f)).isOk());
        assertTrue(smmu.addDevice(Boards.master("C", hw, 0x104, 0x003)).isOk());
        Result d = smmu.addDevice(Boards.master("D", hw, 0x10c, 0x010));
        assertEquals(Errno.EINVAL, d.errno());
        assertTrue(smmu.addDevice(Boards.master("E", hw, 0x200, 0, 0x201, 0)).isOk());
        smmu.setupDefaultDomains().values().forEach(r -> assertTrue(r.isOk(), r::toString));
    }

    @Test
    void idRegistersAndProbe() {
        assertEquals(0x79005E10, gr0(Reg.IDR0));
        assertEquals(0x30000008, gr0(Reg.IDR1));
        assertEquals(0x00005555, gr0(Reg.IDR2));
        assertEquals(0x20000, smmu.registers().size());
        assertEquals(0x7fff, smmu.cfg.streamidMask);
        assertEquals(0x7fff, smmu.cfg.smrMaskMask);
        assertEquals(0x60211000L, smmu.cfg.pgsizeBitmap);
        assertEquals(48, smmu.cfg.vaSize);
        assertEquals(48, smmu.cfg.ipaSize);
        assertEquals(48, smmu.cfg.paSize);
        assertEquals(0x1C36, gr0(Reg.SCR0));
        for (int i = 0; i < 16; i++) {
            assertEquals(0x00020000, s2cr(i), "S2CR" + i);
            assertEquals(0, smr(i) & Reg.SMR_VALID, "SMR" + i);
        }
        // test_smr_masks leaves the mask it wrote in the first free SMR, invalid (§1.4)
        assertEquals(0x7fff0000, smr(0));
        for (int i = 1; i < 16; i++) {
            assertEquals(0, smr(i));
        }
    }

    @Test
    void stepsOneToSix() {
        addAtoE();
        assertEquals(0x80000080, smr(0));
        assertEquals(0x800F0100, smr(1));
        assertEquals(0x80000200, smr(2));
        assertEquals(0x80000201, smr(3));
        assertEquals(0x00000000, s2cr(0));
        assertEquals(0x00000001, s2cr(1));
        assertEquals(0x00000002, s2cr(2));
        assertEquals(0x00000002, s2cr(3));
        for (int i = 4; i < 16; i++) {
            assertEquals(0, smr(i) & Reg.SMR_VALID);
            assertEquals(0x00020000, s2cr(i));
        }
        assertEquals(2, smmu.streamMap.s2cr(1).count);
        assertSame(smmu.masters.get("B").group, smmu.masters.get("C").group);
        assertSame(smmu.domainOf("B"), smmu.domainOf("C"));
        assertEquals(1, smmu.domainOf("C").contextBank());
        assertEquals(0, smmu.domainOf("A").asid());
        assertEquals(1, smmu.domainOf("B").asid());
        assertEquals(2, smmu.domainOf("E").asid());
        assertNull(smmu.domainOf("D"));

        assertEquals(0x00000001, smmu.gr1Read(Reg.cba2r(0)));
        assertEquals(0x0001F300, smmu.gr1Read(Reg.cbar(0)));
        assertEquals(0x00038015, smmu.cbRead(0, Reg.CB_TCR2));
        assertEquals(0x00803510, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(pgd(smmu.domainOf("A")), smmu.cbRead64(0, Reg.CB_TTBR0));
        assertEquals(0L, smmu.cbRead64(0, Reg.CB_TTBR1));
        assertEquals(0xF404FF44, smmu.cbRead(0, Reg.CB_MAIR0));
        assertEquals(0, smmu.cbRead(0, Reg.CB_MAIR1));
        assertEquals(0x00001067, smmu.cbRead(0, Reg.CB_SCTLR));
        assertEquals(pgd(smmu.domainOf("B")) | 1L << 48, smmu.cbRead64(1, Reg.CB_TTBR0));
        assertEquals(1L << 48, smmu.cbRead64(1, Reg.CB_TTBR1));
        assertEquals(2L << 48, smmu.cbRead64(2, Reg.CB_TTBR1));
        for (int cb = 3; cb < 8; cb++) {
            assertEquals(0, smmu.cbRead(cb, Reg.CB_SCTLR));
        }
        SmmuDomain a = smmu.domainOf("A");
        assertEquals(0x40201000L, a.pgsizeBitmap());
        assertEquals(0, a.apertureStart());
        assertEquals((1L << 48) - 1, a.apertureEnd());
        assertEquals(DomainType.DMA, a.type());
    }

    @Test
    void contextBankWriteOrder() {
        smmu.registers().clearWrites();
        assertTrue(smmu.addDevice(Boards.master("A", hw, 0x080, 0x000)).isOk());
        smmu.setupDefaultDomains();
        List<String> names = smmu.registers().writes().stream().map(RegisterFile.Write::name).toList();
        // alloc_smes writes S2CR then SMR; attach's CB writes in §8.2 order; then the S2CR to TRANS
        assertEquals(List.of("GR0.S2CR0", "GR0.SMR0", "GR1.CBA2R0", "GR1.CBAR0", "CB0.TCR2", "CB0.TCR", "CB0.TTBR0",
                "CB0.TTBR1", "CB0.MAIR0", "CB0.MAIR1", "CB0.SCTLR", "GR0.S2CR0"), names);
    }

    @Test
    void attachWritesOnlyChangedS2crs() {
        addAtoE();
        smmu.registers().clearWrites();
        // C joins B's group after B's domain exists: its S2CR already says TRANS/CB1
        PlanIommu h = hw;
        assertTrue(smmu.addDevice(Boards.master("C2", h, 0x108, 0x001)).isOk());
        assertTrue(smmu.registers().writes().stream().noneMatch(w -> w.name().startsWith("GR1")
                || w.name().startsWith("CB")));
        assertEquals(3, smmu.streamMap.s2cr(1).count);
    }

    @Test
    void rejectedMasterStillTranslatesThroughTheEntryItOverlaps() {
        addAtoE();
        SmmuDomain b = smmu.domainOf("B");
        assertTrue(b.map(0x10_0000, 0x4000_0000L, 0x1000, Prot.READ | Prot.WRITE).isOk());
        Translation t = smmu.translate(0x10c, 0x10_0123, false);
        assertEquals(Translation.Outcome.TRANSLATED, t.outcome());
        assertEquals(1, t.contextBank());
        assertEquals(0x4000_0123L, t.pa());
        Translation usf = smmu.translate(0x11c, 0x10_0000, true);
        assertEquals(Translation.Fault.UNMATCHED_STREAM, usf.fault());
        assertEquals(Reg.GFSR_USF, gr0(Reg.SGFSR));
        assertEquals(0x11c, gr0(Reg.SGFSYNR1));
    }

    @Test
    void blockAndPageMappings() {
        addAtoE();
        SmmuDomain a = smmu.domainOf("A");
        assertTrue(a.map(0x4020_0000L, 0x1_0000_0000L, 0x20_0000, Prot.READ).isOk());
        Translation t = smmu.translate(0x80, 0x4020_1234L, false);
        assertEquals(0x1_0000_1234L, t.pa());
        assertEquals(2, t.level());
        assertTrue(a.map(0x12_3456_7000L, 0x9000_0000L, 0x1000, Prot.READ).isOk());
        assertEquals(3, smmu.translate(0x80, 0x12_3456_7000L, false).level());
    }

    @Test
    void groupOrderQuirk() {
        addAtoE();
        assertTrue(smmu.addDevice(Boards.master("F", hw, 0x080, 0, 0x300, 0)).isOk());
        assertEquals(2, smmu.streamMap.s2cr(0).count);
        assertEquals(0x80000300, smr(4));
        smmu.setupDefaultDomains();
        assertEquals(3, smmu.domainOf("F").contextBank());
        assertEquals(0x00000003, s2cr(0));
        assertEquals(0x00000003, s2cr(4));
        assertEquals(3, smmu.translate(0x80, 0, false).contextBank());
        // A keeps its group and its domain on CB0, which no stream reaches any more
        assertEquals(0, smmu.domainOf("A").contextBank());
    }

    @Test
    void groupOrderQuirkSwapped() {
        addAtoE();
        assertTrue(smmu.addDevice(Boards.master("F", hw, 0x300, 0, 0x080, 0)).isOk());
        assertSame(smmu.masters.get("A").group, smmu.masters.get("F").group);
        assertEquals(0x00000000, s2cr(4));
        assertEquals(0x00000000, s2cr(0));
        assertEquals(0, smmu.domainOf("F").contextBank());
        assertTrue(smmu.snapshot().contextBanks().stream().noneMatch(cb -> cb.index() == 3));
    }

    @Test
    void groupOrderQuirkWithinOneProbe() {
        // bus_iommu_probe: every device grouped before any default domain
        assertTrue(smmu.addDevice(Boards.master("A", hw, 0x080, 0x000)).isOk());
        assertTrue(smmu.addDevice(Boards.master("F", hw, 0x080, 0, 0x300, 0)).isOk());
        smmu.setupDefaultDomains();
        assertEquals(0, smmu.domainOf("A").contextBank());
        assertEquals(1, smmu.domainOf("F").contextBank());
        assertEquals(0x00000001, s2cr(0));
        assertEquals(0x00000001, s2cr(1));
    }

    @Test
    void twoGroupConflict() {
        addAtoE();
        Result h = smmu.addDevice(Boards.master("H", hw, 0x080, 0, 0x100, 0));
        assertEquals(Errno.EINVAL, h.errno());
        assertEquals(1, smmu.streamMap.s2cr(0).count);
        assertEquals(2, smmu.streamMap.s2cr(1).count);
        assertNull(smmu.domainOf("H"));
        assertEquals(0x00000000, s2cr(0));
        assertEquals(0x00000001, s2cr(1));
    }

    /** The pgd the domain's table reports (io-pgtable's TTBR/VTTBR value, §5.4). */
    private static long pgd(SmmuDomain d) {
        return d.pageTable().armRegs().ttbr();
    }
}
