package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.smmu.Result;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-process contexts (reference/dart-smmuv3-of.md B.5): a domain with N processes attached to a master
 * puts N more CDs at SSIDs 1..N, each with its own ASID and page table, and the SMMU translates each SSID
 * through its own CD.
 */
class PasidTest {

    private static final int RW = Prot.READ | Prot.WRITE;

    private record Setup(V3Boards.Boot boot, Smmuv3 smmu, V3Domain accel) {
    }

    /** Master /accel (SID 0x40, {@code pasidBits}) with a default DMA domain, then driver domain "accel" on it. */
    private static Setup setup(int pasidBits, Object... smmuParams) {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s", smmuParams);
        Smmuv3 s = boot.probed(p);
        assertTrue(s.addDevice(V3Boards.master("/accel", p, null, pasidBits, 0x40)).isOk());
        V3Domain d = V3Domain.alloc("accel", DomainType.UNMANAGED);
        assertTrue(s.attach(d, "/accel").isOk());
        return new Setup(boot, s, d);
    }

    @Test
    void threeProcessesThreeCdsDistinctAsidsAndTheirOwnTranslations() {
        Setup x = setup(5);
        Smmuv3 s = x.smmu();
        assertTrue(s.addPasidContexts(x.accel(), "/accel", 3).isOk());
        // STE: S1CDMax = min(pasid-num-bits 5, SSIDSIZE 20) = 5, S1Fmt 0 (32 CDs <= 1024): linear 32 x 64 = 2 KiB
        long[] ste = V3Boards.steWords(s, 0x40);
        assertEquals(5, ste[0] >>> 59);
        assertEquals(0, (ste[0] >>> 4) & 3);
        List<Smmuv3State.Cd> cds = s.snapshot().cds();
        assertEquals(List.of(0, 1, 2, 3), cds.stream().map(Smmuv3State.Cd::ssid).toList());
        // ASIDs: default domain 1 (first S1 domain), accel 2, then one per context: 3, 4, 5
        assertEquals(List.of(2, 3, 4, 5), cds.stream().map(Smmuv3State.Cd::asid).toList());
        Set<Long> ttbrs = new HashSet<>();
        cds.forEach(c -> ttbrs.add(c.ttbr0()));
        assertEquals(4, ttbrs.size(), "every context has its own table");
        // CDs are 64 bytes apart in the linear table
        long base = ste[0] & 0x000f_ffff_ffff_ffc0L;
        for (Smmuv3State.Cd c : cds) {
            assertEquals(base + 64L * c.ssid(), c.address());
        }
        // the same IOVA in each context maps to a different PA
        long iova = 0x4000_0000L;
        assertTrue(x.accel().map(iova, 0x8_0000_0000L, 0x1000, RW).isOk());
        for (int p = 0; p < 3; p++) {
            Result r = x.accel().mapProcess(p, iova, 0x8_1000_0000L + 0x100_0000L * p, 0x1000, RW);
            assertTrue(r.isOk(), r.toString());
        }
        assertEquals(0x8_0000_0010L, s.translate(0x40, null, iova + 0x10, false).pa());
        assertEquals(0x8_0000_0000L, s.translate(0x40, 0, iova, false).pa());
        for (int ssid = 1; ssid <= 3; ssid++) {
            V3Translation t = s.translate(0x40, ssid, iova + 0x20, true);
            assertEquals(0x8_1000_0020L + 0x100_0000L * (ssid - 1), t.pa(), t.detail());
            assertEquals(ssid + 2, t.asid());
        }
        // SSID 4 has no CD (V = 0): C_BAD_CD; SSID 32 is beyond S1CDMax 5: C_BAD_SUBSTREAMID
        assertEquals(V3Event.C_BAD_CD, s.translate(0x40, 4, iova, false).event());
        assertEquals(V3Event.C_BAD_SUBSTREAMID, s.translate(0x40, 32, iova, false).event());
        // the contexts are domains of their own
        assertEquals(List.of("accel/pasid1", "accel/pasid2", "accel/pasid3"),
                s.snapshot().domains().stream().filter(d -> d.name().equals("accel")).findFirst().orElseThrow()
                        .contexts());
    }

    @Test
    void twoLevelCdTableWithCd2l() {
        Setup x = setup(12);
        long before = x.boot().mem.bytesAllocated();
        assertTrue(x.smmu().addPasidContexts(x.accel(), "/accel", 2).isOk());
        long[] ste = V3Boards.steWords(x.smmu(), 0x40);
        // 2^12 CDs > 1024 with CD2L: S1Fmt 2 (64K_L2), S1CDMax 12, ceil(4096 / 1024) = 4 L1 descriptors
        assertEquals(2, (ste[0] >>> 4) & 3);
        assertEquals(12, ste[0] >>> 59);
        long l1 = ste[0] & 0x000f_ffff_ffff_ffc0L;
        long desc = x.smmu().mem.read64(l1);
        assertEquals(1, desc & 1, "L1 CD 0 valid");
        // leaf 0 was allocated when CD 0 was written, before the contexts; descriptors 1..3 stay 0
        for (int i = 1; i < 4; i++) {
            assertEquals(0, x.smmu().mem.read64(l1 + 8L * i));
        }
        // SSID 1500 is in leaf 1, never allocated: C_BAD_SUBSTREAMID
        assertEquals(V3Event.C_BAD_SUBSTREAMID, x.smmu().translate(0x40, 1500, 0, false).event());
        // the two contexts took two tables of 4 KiB (4K granule, 48-bit: one pgd each) and no new leaf
        assertEquals(2 * 4096, x.boot().mem.bytesAllocated() - before);
    }

    @Test
    void withoutCd2lTheCdTableIsLinearAndCappedAtTenBits() {
        Setup x = setup(12, "cd2l", 0);
        long[] ste = V3Boards.steWords(x.smmu(), 0x40);
        // ssid_bits capped to CTXDESC_LINEAR_CDMAX 10: S1CDMax 10, S1Fmt 0
        assertEquals(10, ste[0] >>> 59);
        assertEquals(0, (ste[0] >>> 4) & 3);
        assertEquals(V3Event.C_BAD_SUBSTREAMID, x.smmu().translate(0x40, 1024, 0, false).event());
    }

    @Test
    void pasidBounds() {
        // no pasid-num-bits: no PASID support
        Setup none = setup(0);
        assertEquals(Errno.EOPNOTSUPP, none.smmu().addPasidContexts(none.accel(), "/accel", 1).errno());
        // pasid-num-bits 2: max_pasids 4, PASIDs 1..3
        Setup two = setup(2);
        assertTrue(two.smmu().addPasidContexts(two.accel(), "/accel", 3).isOk());
        Setup two4 = setup(2);
        Result r = two4.smmu().addPasidContexts(two4.accel(), "/accel", 4);
        assertEquals(Errno.ENOSPC, r.errno(), r.toString());
        // the SMMU's SSIDSIZE 2 bounds a master with pasid-num-bits 5 the same way
        Setup narrow = setup(5, "ssid-bits", 2);
        assertEquals(Errno.ENOSPC, narrow.smmu().addPasidContexts(narrow.accel(), "/accel", 4).errno());
        assertEquals(2, V3Boards.steWords(narrow.smmu(), 0x40)[0] >>> 59, "S1CDMax = min(5, SSIDSIZE 2)");
        // a master not attached to the domain
        assertEquals(Errno.EINVAL, two.smmu().addPasidContexts(V3Domain.alloc("x", DomainType.UNMANAGED),
                "/accel", 1).errno());
    }

    @Test
    void contextsAreSharedByTheMastersOfOneDomain() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s");
        Smmuv3 s = boot.probed(p);
        s.addDevice(V3Boards.master("/a", p, null, 4, 0x50));
        s.addDevice(V3Boards.master("/b", p, null, 4, 0x51));
        V3Domain d = V3Domain.alloc("sva", DomainType.UNMANAGED);
        for (String m : List.of("/a", "/b")) {
            assertTrue(s.attach(d, m).isOk());
            assertTrue(s.addPasidContexts(d, m, 2).isOk());
        }
        // one ASID per context, the same CD contents (ASID, TTB0) at SSID 1 and 2 of both masters
        List<Smmuv3State.Cd> cds = s.snapshot().cds();
        assertEquals(6, cds.size());
        for (int ssid = 1; ssid <= 2; ssid++) {
            int k = ssid;
            List<Smmuv3State.Cd> at = cds.stream().filter(c -> c.ssid() == k).toList();
            assertEquals(at.get(0).words(), at.get(1).words());
        }
        assertEquals(2, d.contexts().size());
    }
}
