package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.smmu.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linear vs 2-level stream tables and lazy L2 growth (reference/dart-smmuv3-of.md B.3). */
class StreamTableTest {

    private static int baseCfg(Smmuv3 s) {
        return s.regs.read32(Fields.STRTAB_BASE_CFG);
    }

    @Test
    void eightSidBitsAreLinearEvenWithStLvl() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false));
        Smmuv3 s = boot.probed(V3Boards.smmu("/s", "sid-bits", 8));
        // sid_bits <= STRTAB_SPLIT turns 2-level off: FMT 0 | LOG2SIZE 8
        assertFalse(s.config().twoLevelStrtab());
        assertEquals(0x8, baseCfg(s));
        // 2^8 STEs of 64 bytes, every one the bypass STE (disable_bypass off)
        assertEquals(256 * 64, s.snapshot().streamTable().bytes());
        for (long sid = 0; sid < 256; sid++) {
            assertEquals(0x9, V3Boards.steWords(s, sid)[0]);
        }
        assertEquals("linear", s.snapshot().streamTable().format());
    }

    @Test
    void linearWithoutStLvlAndAbortPrefill() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        long before = boot.mem.bytesAllocated();
        Smmuv3 s = boot.probed(V3Boards.smmu("/s", "sid-bits", 12, "stream-table-levels", 1));
        // no ST_LVL: linear 2^12 x 64 = 256 KiB, FMT 0 | LOG2SIZE 12 = 0xc; abort STEs (0x1) with disable_bypass
        assertEquals(0xc, baseCfg(s));
        assertEquals(4096L * 64, boot.mem.bytesAllocated() - before);
        assertEquals(0x1, V3Boards.steWords(s, 0xfff)[0]);
        assertEquals(Errno.ERANGE, s.addDevice(V3Boards.master("/m", V3Boards.smmu("/s"), 0x1000)).errno());
    }

    @Test
    void streamTableLevelsSetsStLvl() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false));
        // stream-table-levels 1: IDR0.ST_LVL = 0, linear, FMT 0 | LOG2SIZE 10
        Smmuv3 s = boot.probed(V3Boards.smmu("/s", "sid-bits", 10, "stream-table-levels", 1));
        assertFalse(s.config().twoLevelStrtab());
        assertEquals(10, baseCfg(s));
        assertEquals(0, s.regs.read32(Fields.IDR0) >>> 27 & 3);
        // 2 (the catalogue's value): ST_LVL = 1, 2-level
        Smmuv3 t = boot.probed(V3Boards.smmu("/t", "sid-bits", 10, "stream-table-levels", 2));
        assertTrue(t.config().twoLevelStrtab());
        assertEquals(1, t.regs.read32(Fields.IDR0) >>> 27 & 3);
    }

    @Test
    void nineSidBitsAreTwoLevel() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false));
        Smmuv3 s = boot.probed(V3Boards.smmu("/s", "sid-bits", 9));
        // 2^(9-8) = 2 L1 entries: FMT 1 << 16 | SPLIT 8 << 6 | LOG2SIZE (1 + 8) = 0x10209
        assertTrue(s.config().twoLevelStrtab());
        assertEquals(0x10209, baseCfg(s));
        assertEquals(2, s.snapshot().streamTable().l1Entries());
    }

    @Test
    void thirtyTwoSidBitsAreCappedAtTwoToTheSeventeenL1Entries() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false));
        PlanIommu p = V3Boards.smmu("/s", "sid-bits", 32);
        Smmuv3 s = boot.probed(p);
        // min(2^24, 2^17) L1 entries -> 1 MiB of L1; LOG2SIZE 17 + 8 = 25: 0x10000 | 0x200 | 25 = 0x10219
        assertEquals(0x10219, baseCfg(s));
        assertEquals(1 << 17, s.snapshot().streamTable().l1Entries());
        assertEquals(8L << 17, s.snapshot().streamTable().bytes());
        assertTrue(s.log().contains("warning: 2-level strtab only covers 25/32 bits of SID"), s.log().toString());
        // limit = L1 entries x 256 = 2^25
        Result r = s.addDevice(V3Boards.master("/m", p, 1L << 25));
        assertEquals(Errno.ERANGE, r.errno());
        assertTrue(s.addDevice(V3Boards.master("/n", p, (1L << 25) - 1)).isOk());
    }

    @Test
    void l2TablesAppearOnlyForUsedSpans() {
        // identity default domains: no page table or CD memory, so every byte allocated is stream table
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false, DomainType.IDENTITY));
        PlanIommu p = V3Boards.smmu("/s", "sid-bits", 16);
        long start = boot.mem.bytesAllocated();
        Smmuv3 s = boot.probed(p);
        // L1: 2^8 descriptors x 8 = 2 KiB, no L2 yet
        assertEquals(2048, boot.mem.bytesAllocated() - start);
        assertEquals(2048, s.snapshot().streamTable().bytes());
        long[] sids = {0x0, 0x5, 0x100, 0x2ff, 0xffff, 0x1ff};
        // new span for 0x0 (L1 0), 0x100 (1), 0x2ff (2), 0xffff (0xff); 0x5 and 0x1ff reuse spans 0 and 1
        long[] growth = {16384, 0, 16384, 16384, 16384, 0};
        for (int i = 0; i < sids.length; i++) {
            long b = boot.mem.bytesAllocated();
            assertTrue(s.addDevice(V3Boards.master("/m" + i, p, sids[i])).isOk());
            assertEquals(growth[i], boot.mem.bytesAllocated() - b, "SID 0x" + Long.toHexString(sids[i]));
        }
        assertEquals(List.of(0, 1, 2, 0xff), s.snapshot().streamTable().l2Indices());
        assertEquals(2048 + 4 * 16384, s.snapshot().streamTable().bytes());
        // identity domains: bypass STEs (Config 4) for the masters' SIDs
        assertEquals(List.of("bypass"), s.snapshot().stes().stream().map(Smmuv3State.Ste::config).distinct().toList());
        // untouched spans read as SPAN 0: C_BAD_STREAMID
        assertEquals(V3Event.C_BAD_STREAMID, s.translate(0x300, null, 0, false).event());
        // an unused SID in a touched span has the initial (bypass) STE
        V3Translation t = s.translate(0x2fe, null, 0x1234, false);
        assertEquals(V3Translation.Outcome.BYPASS, t.outcome());
        assertEquals(0x1234, t.pa());
    }

    @Test
    void steKindsByDomainType() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s");
        Smmuv3 s = boot.probed(p);
        s.addDevice(V3Boards.master("/id", p, DomainType.IDENTITY, 0, 0x10));
        s.addDevice(V3Boards.master("/blk", p, DomainType.BLOCKED, 0, 0x11));
        s.addDevice(V3Boards.master("/dma", p, null, 0, 0x12, 0x13));
        s.addDevice(V3Boards.master("/um", p, DomainType.UNMANAGED, 0, 0x14));
        assertEquals(0x9, V3Boards.steWords(s, 0x10)[0]);
        assertEquals(0x1, V3Boards.steWords(s, 0x11)[0]);
        assertEquals(0xb, V3Boards.steWords(s, 0x12)[0] & 0xf);
        // every SID of a master gets the same STE (B.7)
        assertEquals(java.util.Arrays.toString(V3Boards.steWords(s, 0x12)),
                java.util.Arrays.toString(V3Boards.steWords(s, 0x13)));
        assertEquals(List.of("bypass", "abort", "s1-trans", "s1-trans", "s1-trans"),
                s.snapshot().stes().stream().map(Smmuv3State.Ste::config).toList());
    }

    @Test
    void stageTwoOnlySmmuWritesS2Stes() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s", "stage1", 0, "oas", 40);
        Smmuv3 s = boot.probed(p);
        assertTrue(s.addDevice(V3Boards.master("/m", p, 0x20)).isOk());
        long[] w = V3Boards.steWords(s, 0x20);
        V3Domain d = s.domainOf("/m");
        assertEquals(V3Domain.Stage.S2, d.stage());
        assertEquals(1, d.vmid());
        // dword0 = V | Config 6 = 0xd
        assertEquals(0xd, w[0]);
        // dword2: VMID 1 | S2AA64 (51) | S2PTW (54) | S2R (58) | VTCR: T0SZ = 64 - 40 = 24, TG 0 (4K), PS 2 (40 bits)
        var r = d.pageTable().armRegs();
        long vtcr = 24 | (long) r.sl0() << 6 | (long) r.irgn() << 8 | (long) r.orgn() << 10 | (long) r.sh() << 12
                | 2L << 16;
        assertEquals(1L | vtcr << 32 | 1L << 51 | 1L << 54 | 1L << 58, w[2]);
        assertEquals(r.ttbr() & 0x000f_ffff_ffff_fff0L, w[3]);
        assertEquals(List.of("s2-trans"), s.snapshot().stes().stream().map(Smmuv3State.Ste::config).toList());
    }
}
