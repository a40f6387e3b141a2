package dev.iommuc.runtime.smmuv3;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.smmu.Result;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worked example 2 of reference/dart-smmuv3-of.md (2a, 2b): a PCIe RC with {@code iommu-map = <0x0 &smmu
 * 0x10000 0x10000>}, {@code iommu-map-mask = <0xfff8>} on an SMMU with SIDSIZE = 17 and ST_LVL = 1, the L1
 * table at PA 0x9_0000_0000. The board goes through the real compiler (RID → SID) and then the model.
 */
class Example2Test {

    private static final Path DIR = Path.of("src/test/resources/smmuv3");
    private static final long L1_PA = 0x9_0000_0000L;
    private static final String H = "/pcie@40000000/pci-rid@";

    private static Plan compile() {
        LoadOptions lo = new LoadOptions(List.of(), Map.of(), CppMode.NONE, Fixups.Options.DEFAULT, 0);
        Diagnostics d = new Diagnostics();
        Plan p = new PlanCompiler(lo, new SourceCache(), DIR.resolve("example2.yaml"))
                .compile(DIR.resolve("example2.dts"), d);
        assertFalse(d.hasErrors(), d.all().toString());
        return p;
    }

    /** The plan's masters added in plan order on an SMMU whose memory starts at 0x9_0000_0000. */
    private record Run(Plan plan, Smmuv3 smmu, Map<String, Result> results) {
    }

    private static Run run() {
        Plan p = compile();
        V3Boards.Boot boot = new V3Boards.Boot(p.kernel(), new SimulatedMemory(L1_PA, 1L << 32));
        PlanIommu iommu = p.iommus().get(0);
        Smmuv3 s = boot.probed(iommu);
        Map<String, Result> results = new java.util.LinkedHashMap<>();
        for (PlanMaster m : p.masters()) {
            results.put(m.id(), s.addDevice(m));
        }
        return new Run(p, s, results);
    }

    @Test
    void ridToSid() {
        Plan p = compile();
        // 2a: SID = 0x10000 + (RID & 0xfff8)
        Map<String, Long> want = Map.of(H + "0", 0x10000L, H + "100", 0x10100L, H + "101", 0x10100L,
                H + "21c", 0x10218L, H + "ffff", 0x1fff8L);
        for (PlanMaster m : p.masters()) {
            assertEquals(want.get(m.id()), m.streams().get(0).sid(), m.id());
        }
        assertEquals(5, p.masters().size());
    }

    @Test
    void streamTableRegistersAndPlacement() {
        Run r = run();
        Smmuv3 s = r.smmu();
        // 2b: 2-level; 512 L1 entries (4 KiB); BASE_CFG = 1 << 16 | 8 << 6 | 17 = 0x0001_0211; BASE = RA | 0x9_0000_0000
        assertTrue(s.config().twoLevelStrtab());
        assertEquals(0x0001_0211L, s.regs.read32(Fields.STRTAB_BASE_CFG) & 0xffffffffL);
        assertEquals(0x4000_0009_0000_0000L, s.regs.read64(Fields.STRTAB_BASE));
        Smmuv3State st = s.snapshot();
        assertEquals(512, st.streamTable().l1Entries());
        // the L1 indices of the table in 2b, in probe order: 0x100, 0x101, 0x102, 0x1ff
        assertEquals(List.of(0x100, 0x101, 0x102, 0x1ff), st.streamTable().l2Indices());
        // L1 4 KiB + four 16 KiB L2 tables (64 KiB)
        assertEquals(4096 + 4 * 16384, st.streamTable().bytes());
        long[][] rows = {
            // sid, L1 idx, L1 desc offset, L2 idx, STE offset in L2
            {0x10000, 0x100, 0x800, 0x00, 0x000},
            {0x10100, 0x101, 0x808, 0x00, 0x000},
            {0x10218, 0x102, 0x810, 0x18, 0x600},
            {0x1fff8, 0x1ff, 0xff8, 0xf8, 0x3e00},
        };
        for (long[] row : rows) {
            long desc = s.mem.read64(L1_PA + row[2]);
            assertEquals(9, desc & 0x1f, "SPAN 9 in L1[" + Long.toHexString(row[1]) + "]");
            long l2 = desc & 0x000f_ffff_ffff_ffc0L;
            assertEquals(0, l2 & 0x3fff, "L2 tables are 16 KiB aligned");
            assertEquals(l2 + row[4], s.strtab.steAddress(row[0]), "STE of " + Long.toHexString(row[0]));
            assertEquals(row[1], row[0] >>> 8);
            assertEquals(row[3], row[0] & 0xff);
        }
        // L1 descriptors 0x000-0x0ff stay 0
        for (int i = 0; i < 0x100; i++) {
            assertEquals(0, s.mem.read64(L1_PA + 8L * i), "L1[" + i + "]");
        }
    }

    @Test
    void stesCdAndTheAliasedFunction() {
        Run r = run();
        Smmuv3 s = r.smmu();
        // 01:00.1 probes second on SID 0x10100 (newest driver): -ENODEV with the aliasing warning
        Result alias = r.results().get(H + "101");
        assertEquals(Errno.ENODEV, alias.errno());
        assertEquals("Aliasing StreamID 0x10100 (from " + H + "100) unsupported, expect DMA to be broken",
                alias.message());
        assertTrue(r.results().get(H + "100").isOk());
        // 01:00.0's STE: dword0 = V | Config 5 | S1Fmt 0 | S1ContextPtr | S1CDMax 0 = CD table | 0xB
        long[] ste = V3Boards.steWords(s, 0x10100);
        long cdTable = ste[0] & 0x000f_ffff_ffff_ffc0L;
        assertEquals(cdTable | 0xb, ste[0]);
        // with the reference's CD table at 0x9_0002_0000 that is 0x0000_0009_0002_000B
        assertEquals(0x0000_0009_0002_000bL, Descriptors.cdTableSte(0x9_0002_0000L, 0, 0, false)[0]);
        // dword1 = S1DSS SSID0 (2) | S1CIR WBRA (0x4) | S1COR WBRA (0x10) | S1CSH ISH (0xC0) = 0xD6; dword2, 3 = 0
        assertEquals(0xd6, ste[1]);
        assertEquals(0, ste[2]);
        assertEquals(0, ste[3]);
        // the first stage-1 domain gets ASID 1, the next ASID 2 (B.6): 00:00.0 first, then 01:00.0
        Smmuv3State st = s.snapshot();
        Map<String, Integer> asids = new java.util.HashMap<>();
        st.cds().forEach(c -> asids.put(c.master(), c.asid()));
        assertEquals(1, asids.get(H + "0"));
        assertEquals(2, asids.get(H + "100"));
        // CD of 01:00.0 at SSID 0 of its one-CD table: TTB0 and MAIR from io-pgtable
        Smmuv3State.Cd cd = st.cds().stream().filter(c -> c.master().equals(H + "100")).findFirst().orElseThrow();
        assertEquals(0, cd.ssid());
        assertEquals(cdTable, cd.address());
        assertEquals(s.domainOf(H + "100").pageTable().armRegs().ttbr(), cd.ttbr0());
        assertEquals(0x00000000F404FF44L, cd.mair());
        // 01:00.1's traffic still goes through function 0's STE (2a): same translation as 01:00.0
        s.domainOf(H + "100").map(0x1000_0000L, 0x8_8000_0000L, 0x1000, 3);
        V3Translation t = s.translate(0x10100, null, 0x1000_0000L, true);
        assertEquals(0x8_8000_0000L, t.pa(), t.detail());
        // disable_bypass = false: an unused STE in a touched L2 table is the bypass STE 0x9
        assertEquals(0x9, V3Boards.steWords(s, 0x10108)[0]);
        // SIDs whose L1 descriptor was never filled raise C_BAD_STREAMID (2b)
        assertEquals(V3Event.C_BAD_STREAMID, s.translate(0x00050, null, 0, false).event());
        assertNotEquals(V3Event.C_BAD_STREAMID, s.translate(0x10001, null, 0, false).event());
    }

    /**
     * What {@code iommuc report} shows of this SMMU (the executor's registers map, issue 5 acceptance 3), by
     * hand from 2b and B.2: BASE_CFG = 1 << 16 | 8 << 6 | 17 = 0x10211; STRTAB_BASE = RA (bit 62) | the L1
     * table's PA; 512 L1 descriptors (4 KiB) covering 512 × 256 = 131072 SIDs; L2 tables for L1 indices 0x100,
     * 0x101, 0x102 and 0x1ff (16 KiB each, L1 descriptor = L2PTR | SPAN 9); 4 KiB + 64 KiB = 69632 bytes. CR0 =
     * SMMUEN | EVTQEN | CMDQEN = 0xd; CR1 = tables and queues ISH write-back (SH 3 << 10 | OC 1 << 8 | IC 1 << 6
     * | 3 << 4 | 1 << 2 | 1) = 0xd75; CR2 = PTM | RECINVSID = 0x6. Four masters (01:00.1 aliases 01:00.0 and
     * has none) with a one-CD table each: 4 × 64 bytes.
     */
    @Test
    void reportShowsTheStreamTable() {
        RunResult run = Executor.run(compile());
        IommuState smmu = run.iommus().get(0);
        Map<String, Long> r = smmu.registers();
        assertEquals(0x0001_0211L, r.get("strtab_base_cfg"));
        long base = r.get("strtab_base");
        assertEquals(1L << 62, base & (1L << 62), "RA");
        assertEquals(0, base & 0xfff, "the 4 KiB L1 table is naturally aligned");
        assertEquals(0xdL, r.get("cr0"));
        assertEquals(0xd75L, r.get("cr1"));
        assertEquals(0x6L, r.get("cr2"));
        // IDR1: SIDSIZE 17 | SSIDSIZE 20 << 6 | EVTQS 7 << 16 | CMDQS 8 << 21
        assertEquals(0x11L | 20 << 6 | 7 << 16 | 8 << 21, r.get("idr1"));
        assertEquals(2L, r.get("strtab-levels"));
        assertEquals(131072L, r.get("strtab-sids"));
        assertEquals(512L, r.get("strtab-l1-entries"));
        assertEquals(4L, r.get("strtab-l2-tables"));
        assertEquals(4096L + 4 * 16384, r.get("strtab-bytes"));
        for (String idx : List.of("0x100", "0x101", "0x102", "0x1ff")) {
            long desc = r.get("strtab-l1-" + idx);
            assertEquals(9, desc & 0x1f, "SPAN 9 in L1[" + idx + "]");
            assertEquals(0, desc & 0x3fe0, "16 KiB aligned L2PTR in L1[" + idx + "]");
        }
        assertEquals(4, r.keySet().stream().filter(k -> k.startsWith("strtab-l1-0x")).count());
        assertEquals(4L, r.get("cd-tables"));
        assertEquals(4L * 64, r.get("cd-bytes"));
        // each CD names the master whose table holds it: SSID 0 of the four masters, ASIDs 1..4 in probe order
        assertEquals(List.of(H + "0", H + "100", H + "21c", H + "ffff"),
                smmu.contextBanks().stream().map(IommuState.ContextBank::master).toList());
        assertEquals(List.of(1, 2, 3, 4), smmu.contextBanks().stream().map(IommuState.ContextBank::asid).toList());
    }

    @Test
    void abortStesWithDisableBypass() {
        Plan p = compile();
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true), new SimulatedMemory(L1_PA, 1L << 32));
        Smmuv3 s = boot.probed(p.iommus().get(0));
        s.addDevice(p.masters().get(0));
        // a new L2 table is filled with abort STEs (dword0 = 0x1) when disable_bypass is set
        assertEquals(0x1, V3Boards.steWords(s, 0x10001)[0]);
        assertEquals(V3Translation.Outcome.ABORT, s.translate(0x10001, null, 0x1000, false).outcome());
    }

    @Test
    void sixteenSidBits() {
        // "With SIDSIZE = 16": 256 L1 entries, LOG2SIZE 16 -> BASE_CFG 0x0001_0210; SIDs >= 0x10000 -ERANGE
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(false), new SimulatedMemory(L1_PA, 1L << 32));
        PlanIommu iommu = V3Boards.smmu("/smmu", "sid-bits", 16);
        Smmuv3 s = boot.probed(iommu);
        assertEquals(0x0001_0210L, s.regs.read32(Fields.STRTAB_BASE_CFG) & 0xffffffffL);
        for (long sid : new long[] {0x10000, 0x10100, 0x10218, 0x1fff8}) {
            Result r = s.addDevice(V3Boards.master("/m" + sid, iommu, sid));
            assertEquals(Errno.ERANGE, r.errno(), r.toString());
        }
        // QEMU flags such SIDs as C_BAD_STREAMID (SID >= 2^min(LOG2SIZE, SIDSIZE))
        assertEquals(V3Event.C_BAD_STREAMID, s.translate(0x10000, null, 0, false).event());
        assertEquals(0, s.snapshot().streamTable().l2Indices().size());
    }
}
