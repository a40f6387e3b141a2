package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.PlanIommu;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference/arm-smmu-v2.md §9 Example 3: stream indexing, NUMS2CB > 0, and force_stage=2. */
class Example3Test {

    private ArmSmmu smmu;
    private FakePageTables tables;

    private Map<String, Result> boot(PlanIommu hw) {
        tables = new FakePageTables();
        smmu = new SmmuSystem().create(hw, Boards.kernel(), tables);
        assertTrue(smmu.probe().isOk(), () -> smmu.log().toString());
        Result m5 = smmu.addDevice(Boards.master("M5", hw, 0x80, 0));
        assertEquals(Errno.EINVAL, m5.errno());
        assertEquals("stream ID 0x80 out of range for SMMU (0x7f)", m5.message());
        for (String[] m : new String[][] {{"M1", "5"}, {"M2", "5"}, {"M3", "32"}, {"M4", "33"}}) {
            assertTrue(smmu.addDevice(Boards.master(m[0], hw, Long.parseLong(m[1]), 0)).isOk());
        }
        return smmu.setupDefaultDomains();
    }

    private int s2cr(int n) {
        return smmu.gr0Read(Reg.s2cr(n));
    }

    @Test
    void stage1() {
        Map<String, Result> results = boot(Boards.example3());
        assertEquals(0x7f, smmu.cfg.streamidMask);
        assertEquals(0, smmu.cfg.smrMaskMask);
        assertEquals(128, smmu.cfg.numMappingGroups);
        assertEquals(2, smmu.streamMap.s2cr(5).count);
        assertSame(smmu.masters.get("M1").group, smmu.masters.get("M2").group);
        assertEquals(2, smmu.domainOf("M1").contextBank());
        assertEquals(2, smmu.domainOf("M2").asid());
        assertEquals(0x00000002, s2cr(5));
        assertEquals(3, smmu.domainOf("M3").contextBank());
        assertEquals(0x00000003, s2cr(32));
        assertEquals(Errno.ENOSPC, results.get("M4").errno());
        assertEquals(Errno.ENOSPC, smmu.deviceResults().get("M4").errno());
        assertNull(smmu.domainOf("M4"));
        assertEquals(0x00020000, s2cr(33));
        assertEquals(0, smmu.streamMap.s2cr(33).count);
        assertEquals(0x00802018, smmu.cbRead(2, Reg.CB_TCR));
        assertEquals(0x00038012, smmu.cbRead(2, Reg.CB_TCR2));
        assertEquals(0x0001F300, smmu.gr1Read(Reg.cbar(2)));
        // ias 40, 4K: four levels from L0, a 2-entry pgd in a 64-byte allocation
        assertEquals(0, smmu.domainOf("M1").pageTable().layout().startLevel());
        assertEquals(64, smmu.domainOf("M1").pageTable().layout().pgdBytes());
        // indexing: the unused S2CR of SID 0x21 faults
        assertEquals(Translation.Fault.STREAM_FAULT, smmu.translate(0x21, 0, false).fault());
        assertEquals(Translation.Fault.UNMATCHED_STREAM, smmu.translate(0x80, 0, false).fault());
    }

    @Test
    void maskWithStreamIndexing() {
        PlanIommu hw = Boards.example3();
        smmu = new SmmuSystem().create(hw, Boards.kernel(), new FakePageTables());
        assertTrue(smmu.probe().isOk());
        Result r = smmu.addDevice(Boards.master("M1", hw, 0x05, 0x1));
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals("SMR mask 0x1 out of range for SMMU (0x0)", r.message());
    }

    @Test
    void forceStage2() {
        Map<String, Result> results = boot(Boards.example3("force-stage", 2));
        results.values().forEach(r -> assertTrue(r.isOk(), r::toString));
        assertEquals(0, smmu.domainOf("M1").contextBank());
        assertEquals(1, smmu.domainOf("M1").vmid());
        assertNull(smmu.domainOf("M1").asid());
        assertEquals(0x00000001, smmu.gr1Read(Reg.cbar(0)));
        assertEquals(1, smmu.domainOf("M3").contextBank());
        assertEquals(2, smmu.domainOf("M3").vmid());
        assertEquals(0x00000002, smmu.gr1Read(Reg.cbar(1)));
        assertEquals(2, smmu.domainOf("M4").contextBank());
        assertEquals(3, smmu.domainOf("M4").vmid());
        assertEquals(0x80022058, smmu.cbRead(0, Reg.CB_TCR));
        assertEquals(0x0067, smmu.cbRead(0, Reg.CB_SCTLR));
        assertEquals(pgd(smmu.domainOf("M1")), smmu.cbRead64(0, Reg.CB_TTBR0));
        assertEquals(0L, smmu.cbRead64(0, Reg.CB_TTBR1));
        assertEquals(1024 * 8, smmu.domainOf("M1").pageTable().layout().pgdBytes());
        // S2 banks write no TCR2, TTBR1 or MAIR
        assertTrue(smmu.registers().writes().stream().noneMatch(w -> w.name().equals("CB0.TCR2")
                || w.name().equals("CB0.MAIR0") || w.name().equals("CB0.TTBR1")));
    }

    @Test
    void forceStage2With48BitOutput() {
        boot(Boards.example3("force-stage", 2, "oas", 48));
        // 6.12 still has the older concatenation rule (§5.3)
        assertEquals(0x80052058, smmu.cbRead(0, Reg.CB_TCR));
    }

    /** The pgd the domain's table reports (io-pgtable's TTBR/VTTBR value, §5.4). */
    private static long pgd(SmmuDomain d) {
        return d.pageTable().armRegs().ttbr();
    }
}
