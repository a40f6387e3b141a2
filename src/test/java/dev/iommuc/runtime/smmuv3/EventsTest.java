package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event the model's {@code translate} raises (reference/dart-smmuv3-of.md D.2, D.3), produced by
 * the configuration the driver wrote or by words changed in memory behind its back, as a test would poke
 * a real SMMU's tables. SMMU: 16 SID bits, 2-level, OAS 40 (so 2^40 is the end of fetchable memory).
 */
class EventsTest {

    private static final long IOVA = 0x1000_0000L;
    private static final long PA = 0x8_8000_0000L;
    private static final long OUT_OF_RANGE = 1L << 44;

    private Smmuv3 s;
    private PlanIommu p;

    @BeforeEach
    void boot() {
        V3Boards.Boot b = new V3Boards.Boot(V3Boards.kernel(true));
        p = V3Boards.smmu("/s", "oas", 40);
        s = b.probed(p);
        assertTrue(s.addDevice(V3Boards.master("/dma", p, 0x10)).isOk());
        assertTrue(s.addDevice(V3Boards.master("/pasid", p, null, 3, 0x11)).isOk());
        assertTrue(s.addDevice(V3Boards.master("/blocked", p, DomainType.BLOCKED, 0, 0x12)).isOk());
        assertTrue(s.addDevice(V3Boards.master("/id", p, DomainType.IDENTITY, 0, 0x13)).isOk());
        assertTrue(s.domainOf("/dma").map(IOVA, PA, 0x2000, Prot.READ | Prot.WRITE).isOk());
        assertTrue(s.domainOf("/dma").map(IOVA + 0x10_0000, PA + 0x10_0000, 0x1000, Prot.READ).isOk());
    }

    private V3Event event(long sid, Integer ssid, long iova, boolean write) {
        V3Translation t = s.translate(sid, ssid, iova, write);
        assertEquals(V3Translation.Outcome.FAULT, t.outcome(), t.detail());
        return t.event();
    }

    private void poke(long pa, long value) {
        s.mem.write64(pa, value);
    }

    private long ste(long sid) {
        return s.strtab.steAddress(sid);
    }

    /** The CD of SSID 0 of a stage-1 master, found as the SMMU finds it (linear CD table). */
    private long cd0(long sid) {
        return s.mem.read64(ste(sid)) & 0x000f_ffff_ffff_ffc0L;
    }

    /** The level-3 descriptor of {@code iova}: 4K granule, 48-bit input, walk from TTB0 by hand. */
    private long leaf(long sid, long iova) {
        long table = s.mem.read64(cd0(sid) + 8) & 0x000f_ffff_ffff_fff0L;
        for (int level = 0; level < 3; level++) {
            long desc = s.mem.read64(table + ((iova >>> (39 - 9 * level)) & 511) * 8);
            assertEquals(3, desc & 3, "table descriptor at level " + level);
            table = desc & 0x0000_ffff_ffff_f000L;
        }
        return table + ((iova >>> 12) & 511) * 8;
    }

    @Test
    void translatedBypassedAndSilentlyAborted() {
        V3Translation t = s.translate(0x10, null, IOVA + 0x123, true);
        assertEquals(V3Translation.Outcome.TRANSLATED, t.outcome());
        assertEquals(PA + 0x123, t.pa());
        assertEquals(1, t.asid());
        assertEquals(3, t.level());
        assertEquals(0x5000, s.translate(0x13, null, 0x5000, false).pa());
        V3Translation a = s.translate(0x12, null, IOVA, false);
        assertEquals(V3Translation.Outcome.ABORT, a.outcome());
        assertNull(a.event());
        assertEquals(List.of(), s.events());
    }

    @Test
    void badStreamIds() {
        assertEquals(V3Event.C_BAD_STREAMID, event(0x10000, null, 0, false));
        assertEquals(V3Event.C_BAD_STREAMID, event(0x4000, null, 0, false));
        // the event record: dword0 = ID 0x02 | SID << 32, dword1 = RnW (read), dword2 = address
        V3Event.Record r = s.events().get(0);
        assertEquals(0x2L | 0x10000L << 32, r.words().get(0));
        assertEquals(1L << 35, r.words().get(1));
    }

    /** The queue holds 2^EVTQS = 128 records (IDR1.EVTQS 7); with nobody consuming it, later events are lost. */
    @Test
    void theEventQueueFillsAndOverflows() {
        for (int i = 0; i < 200; i++) {
            assertEquals(V3Event.C_BAD_STREAMID, event(0x10000 + i, null, 0, false));
        }
        assertEquals(128, s.events().size());
        assertTrue(s.eventQueueOverflowed());
        // the first 128 are the ones kept: SID 0x10000 .. 0x1007f
        assertEquals(0x2L | 0x1007fL << 32, s.events().get(127).words().get(0));
    }

    @Test
    void steFetchAndBadSte() {
        long l1 = (s.regs.read64(Fields.STRTAB_BASE) & 0x000f_ffff_ffff_ffc0L);
        long desc = s.mem.read64(l1);
        // L2PTR beyond the 40-bit physical address space: the fetch aborts
        poke(l1, OUT_OF_RANGE | 9);
        assertEquals(V3Event.F_STE_FETCH, event(0x10, null, IOVA, false));
        // SPAN 1: the L2 table holds fewer STEs than index 0x10 needs
        poke(l1, (desc & ~0x1fL) | 1);
        assertEquals(V3Event.C_BAD_STE, event(0x10, null, IOVA, false));
        poke(l1, desc);
        long w0 = s.mem.read64(ste(0x10));
        poke(ste(0x10), w0 & ~1L);
        assertEquals(V3Event.C_BAD_STE, event(0x10, null, IOVA, false));
        poke(ste(0x10), w0 | 0xe);
        assertEquals(V3Event.C_BAD_STE, event(0x10, null, IOVA, false), "Config 7 (nested)");
        poke(ste(0x10), w0);
        long w1 = s.mem.read64(ste(0x10) + 8);
        poke(ste(0x10) + 8, w1 | 1L << 27);
        assertEquals(V3Event.C_BAD_STE, event(0x10, null, IOVA, false), "S1STALLD without stalls");
        poke(ste(0x10) + 8, w1);
        assertEquals(PA, s.translate(0x10, null, IOVA, false).pa());
    }

    @Test
    void substreamsAndStreamDisabled() {
        // SSID on an STE with S1CDMax 0
        assertEquals(V3Event.C_BAD_SUBSTREAMID, event(0x10, 1, IOVA, false));
        // /pasid has S1CDMax 3; S1DSS changed to terminate: a transaction without SSID is refused
        long w1 = s.mem.read64(ste(0x11) + 8);
        poke(ste(0x11) + 8, w1 & ~3L);
        assertEquals(V3Event.F_STREAM_DISABLED, event(0x11, null, IOVA, false));
        poke(ste(0x11) + 8, (w1 & ~3L) | 1);
        assertEquals(V3Translation.Outcome.BYPASS, s.translate(0x11, null, IOVA, false).outcome());
        assertEquals(V3Event.C_BAD_SUBSTREAMID, event(0x11, 8, IOVA, false));
    }

    @Test
    void cdFetchAndBadCd() {
        long w0 = s.mem.read64(ste(0x10));
        poke(ste(0x10), (w0 & ~0x000f_ffff_ffff_ffc0L) | OUT_OF_RANGE);
        assertEquals(V3Event.F_CD_FETCH, event(0x10, null, IOVA, false));
        poke(ste(0x10), w0);
        long cd = cd0(0x10);
        long c0 = s.mem.read64(cd);
        long[] bad = {c0 & ~(1L << 41), c0 & ~(1L << 31), c0 & ~(1L << 46), c0 | 1L << 44, c0 | 1L << 43,
            c0 | 1L << 15, (c0 & ~0x3fL) | 40, c0 | 3L << 6};
        String[] why = {"AA64 clear", "V clear", "A clear", "S set", "HA set", "ENDI set", "T0SZ 40", "TG0 3"};
        for (int i = 0; i < bad.length; i++) {
            poke(cd, bad[i]);
            assertEquals(V3Event.C_BAD_CD, event(0x10, null, IOVA, false), why[i]);
        }
        poke(cd, c0);
        long ttb = s.mem.read64(cd + 8);
        poke(cd + 8, OUT_OF_RANGE);
        assertEquals(V3Event.C_BAD_CD, event(0x10, null, IOVA, false), "TTB0 above OAS");
        poke(cd + 8, ttb);
        assertEquals(PA, s.translate(0x10, null, IOVA, false).pa());
    }

    @Test
    void translationClassFaults() {
        int before = s.events().size();
        V3Translation miss = s.translate(0x10, null, IOVA + 0x40_0000, false);
        assertEquals(V3Event.F_TRANSLATION, miss.event());
        assertTrue(miss.recorded(), "CD.R is set by Linux");
        assertEquals(V3Event.F_PERMISSION, event(0x10, null, IOVA + 0x10_0000, true));
        assertEquals(PA + 0x10_0000, s.translate(0x10, null, IOVA + 0x10_0000, false).pa());
        long leaf = leaf(0x10, IOVA + 0x1000);
        long pte = s.mem.read64(leaf);
        poke(leaf, pte & ~(1L << 10));
        assertEquals(V3Event.F_ACCESS, event(0x10, null, IOVA + 0x1000, false));
        poke(leaf, pte | 1L << 44);
        assertEquals(V3Event.F_ADDR_SIZE, event(0x10, null, IOVA + 0x1000, false));
        poke(leaf, pte);
        // beyond TTB0's 48-bit range
        assertEquals(V3Event.F_TRANSLATION, event(0x10, null, 1L << 48, false));
        assertEquals(before + 5, s.events().size());
        // CD.R clear: the fault still aborts the access but is not recorded
        long cd = cd0(0x10);
        poke(cd, s.mem.read64(cd) & ~(1L << 45));
        V3Translation quiet = s.translate(0x10, null, IOVA + 0x40_0000, false);
        assertEquals(V3Event.F_TRANSLATION, quiet.event());
        assertFalse(quiet.recorded());
        assertEquals(before + 5, s.events().size());
        assertEquals(0x13L | 0x10L << 32, s.events().get(before + 1).words().get(0), "F_PERMISSION record");
        assertEquals(0, s.events().get(before + 1).words().get(1), "a write: RnW = 0");
    }

    @Test
    void stageTwoFaultsCarryTheS2Bit() {
        V3Boards.Boot b = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu q = V3Boards.smmu("/s2", "stage1", 0, "oas", 40);
        Smmuv3 s2 = b.probed(q);
        assertTrue(s2.addDevice(V3Boards.master("/m", q, 0x7)).isOk());
        assertTrue(s2.domainOf("/m").map(IOVA, PA, 0x1000, Prot.READ).isOk());
        assertEquals(PA + 8, s2.translate(0x7, null, IOVA + 8, false).pa());
        V3Translation t = s2.translate(0x7, null, IOVA + 0x1000, false);
        assertEquals(V3Event.F_TRANSLATION, t.event());
        assertTrue(t.recorded(), "S2R set by Linux");
        V3Event.Record r = s2.events().get(0);
        assertTrue(r.stage2());
        assertEquals(1L << 39 | 1L << 35, r.words().get(1));
        assertEquals((IOVA + 0x1000) & ~0xfffL, r.words().get(3), "IPA [51:12]");
        assertEquals(V3Event.F_PERMISSION, s2.translate(0x7, null, IOVA, true).event());
        assertEquals(V3Event.C_BAD_SUBSTREAMID, s2.translate(0x7, 1, IOVA, false).event());
    }

    @Test
    void disabledSmmuWithGbpaAbort() {
        s.regs.write32(Fields.CR0, 0b1100);
        s.regs.write32(Fields.GBPA, 1 << 20);
        assertEquals(V3Translation.Outcome.ABORT, s.translate(0x10, null, IOVA, false).outcome());
        s.regs.write32(Fields.GBPA, 0);
        assertEquals(IOVA, s.translate(0x10, null, IOVA, false).pa());
    }
}
