package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.smmu.Result;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits that produce errors (reference/dart-smmuv3-of.md B.9) and the probe's refusals (B.1, B.2). */
class ErrorRulesTest {

    @Test
    void probeRefusals() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        Object[][] cases = {
            {new Object[] {"stage1", 0, "stage2", 0}, "no translation support!"},
            {new Object[] {"ttf", 1}, "AArch64 table format not supported"},
            {new Object[] {"embedded", 1}, "embedded implementation not supported"},
            {new Object[] {"cmdqs", 6}, "command queue size <= 64 entries not supported"},
            {new Object[] {"ttendian", 3}, "unsupported endianness"},
        };
        for (Object[] c : cases) {
            Smmuv3 s = boot.create(V3Boards.smmu("/s", (Object[]) c[0]));
            Result r = s.probe();
            assertEquals(Errno.ENXIO, r.errno(), c[1].toString());
            assertEquals(c[1], r.message());
            assertFalse(s.snapshot().probed());
            assertEquals(c[1], s.snapshot().probeError());
        }
        // TTF 3 (AArch32 + AArch64) is accepted and sets ias 40 before max(ias, oas)
        Smmuv3 ok = boot.probed(V3Boards.smmu("/t", "ttf", 3, "oas", 36));
        assertEquals(40, ok.config().ias());
        assertEquals(36, ok.config().oas());
    }

    @Test
    void idRegistersReadBack() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        Smmuv3 s = boot.probed(V3Boards.smmu("/s", "sid-bits", 17, "ssid-bits", 5, "asid-bits", 8, "vmid-bits", 16,
                "granules", V3Boards.SZ_4K | V3Boards.SZ_64K, "oas", 44, "coherent", 0));
        Smmuv3Cfg c = s.config();
        assertEquals(17, c.sidBits());
        assertEquals(5, c.ssidBits());
        assertEquals(8, c.asidBits());
        assertEquals(16, c.vmidBits());
        // GRAN4K -> 4K|2M|1G, GRAN64K -> 64K|512M (B.2)
        assertEquals((1L << 12) | (1L << 21) | (1L << 30) | (1L << 16) | (1L << 29), c.pgsizeBitmap());
        assertEquals(44, c.oas());
        assertEquals(44, c.ias());
        assertFalse(c.coherent());
        // IDR5.OAS = 4 for 44 bits; IDR1 SIDSIZE 17, SSIDSIZE 5 << 6
        assertEquals(4, s.regs.read32(Fields.IDR5) & 7);
        assertEquals(17 | 5 << 6, s.regs.read32(Fields.IDR1) & 0x7ff);
        // the reset left the SMMU enabled: CR0ACK = SMMUEN | EVTQEN | CMDQEN
        assertEquals(0b1101, s.regs.read32(Fields.CR0ACK));
    }

    @Test
    void twoMastersOnOneSid() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s");
        Smmuv3 s = boot.probed(p);
        assertTrue(s.addDevice(V3Boards.master("/a", p, 0x20, 0x21)).isOk());
        // a master listing its own SID twice is fine (bridged PCI devices, B.7)
        assertTrue(s.addDevice(V3Boards.master("/dup", p, 0x30, 0x30)).isOk());
        Result r = s.addDevice(V3Boards.master("/b", p, 0x22, 0x21));
        assertEquals(Errno.ENODEV, r.errno());
        assertEquals("Aliasing StreamID 0x21 (from /a) unsupported, expect DMA to be broken", r.message());
        assertTrue(s.log().contains("warning: " + r.message()));
        // /b's SID 0x22 was rolled back out of the tree; /a still owns 0x21 and its STE is its own
        assertNull(s.groupOf("/b"));
        assertEquals(java.util.List.of(0x20L, 0x21L, 0x30L),
                s.snapshot().stes().stream().map(Smmuv3State.Ste::sid).toList());
        assertEquals("/a", s.snapshot().stes().stream().filter(e -> e.sid() == 0x21).findFirst().orElseThrow()
                .master());
        assertTrue(s.addDevice(V3Boards.master("/c", p, 0x22)).isOk(), "0x22 is free again");
    }

    @Test
    void sidOutOfRange() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s", "sid-bits", 8);
        Smmuv3 s = boot.probed(p);
        Result r = s.addDevice(V3Boards.master("/m", p, 0x10, 0x100));
        assertEquals(Errno.ERANGE, r.errno());
        assertNull(s.groupOf("/m"));
        assertEquals(0, s.snapshot().stes().size(), "the in-range SID was rolled back too");
    }

    @Test
    void asidExhaustionWithEightBitAsids() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s", "asid-bits", 8);
        Smmuv3 s = boot.probed(p);
        // ASIDs 1..255: 255 stage-1 default domains fit, the 256th master's attach fails (xa_alloc -EBUSY)
        for (int i = 1; i <= 255; i++) {
            assertTrue(s.addDevice(V3Boards.master("/m" + i, p, i)).isOk(), "master " + i);
            assertEquals(i, s.domainOf("/m" + i).asid());
        }
        long before = boot.mem.bytesAllocated();
        Result r = s.addDevice(V3Boards.master("/m256", p, 256));
        assertEquals(Errno.EBUSY, r.errno(), r.toString());
        // the refused domain's table was freed and no CD table was made (it comes after finalise); the L2 for
        // SIDs 0x100.. (16 KiB) stays, as arm_smmu_init_l2_strtab's tables do
        assertEquals(16384, boot.mem.bytesAllocated() - before);
        // the master was released: its STE is the initial abort STE again
        assertEquals(0x1, V3Boards.steWords(s, 256)[0]);
        assertNull(s.groupOf("/m256"));
        // an identity master still works: no ASID needed
        assertTrue(s.addDevice(V3Boards.master("/id", p, DomainType.IDENTITY, 0, 257)).isOk());
    }

    @Test
    void vmidExhaustionOnAStageTwoOnlySmmu() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu p = V3Boards.smmu("/s", "stage1", 0, "vmid-bits", 8);
        Smmuv3 s = boot.probed(p);
        for (int i = 1; i <= 255; i++) {
            assertTrue(s.addDevice(V3Boards.master("/m" + i, p, i)).isOk());
        }
        assertEquals(255, s.domainOf("/m255").vmid());
        assertEquals(Errno.ENOSPC, s.addDevice(V3Boards.master("/m256", p, 256)).errno());
    }

    @Test
    void asidSpaceIsSharedBetweenSmmus() {
        V3Boards.Boot boot = new V3Boards.Boot(V3Boards.kernel(true));
        PlanIommu a = V3Boards.smmu("/a");
        PlanIommu b = V3Boards.smmu("/b");
        Smmuv3 sa = boot.probed(a);
        Smmuv3 sb = boot.probed(b);
        sa.addDevice(V3Boards.master("/x", a, 1));
        sb.addDevice(V3Boards.master("/y", b, 1));
        sa.addDevice(V3Boards.master("/z", a, 2));
        assertEquals(1, sa.domainOf("/x").asid());
        assertEquals(2, sb.domainOf("/y").asid());
        assertEquals(3, sa.domainOf("/z").asid());
        // a domain bound to /a cannot be attached through /b
        assertEquals(Errno.EINVAL, sb.attach(sa.domainOf("/x"), "/y").errno());
    }

    @Test
    void badIommuCellsLeaveTheSmmuBypassing() {
        Map<String, Long> params = new LinkedHashMap<>();
        params.put("sid-bits", 16L);
        PlanIommu p = V3Boards.smmuCells("/s", 2, params);
        Smmuv3 s = new V3Boards.Boot(V3Boards.kernel(false)).create(p);
        assertTrue(s.probe().isOk(), "probe continues");
        assertTrue(s.log().contains("error: invalid #iommu-cells value"), s.log().toString());
        // SMMUEN clear, GBPA.ABORT clear: untranslated
        assertEquals(0, s.regs.read32(Fields.CR0ACK) & 1);
        V3Translation t = s.translate(0x5, null, 0x1234_5000L, true);
        assertEquals(V3Translation.Outcome.BYPASS, t.outcome());
        assertEquals(0x1234_5000L, t.pa());
        // disable_bypass forces SMMUEN on with abort STEs
        Smmuv3 forced = new V3Boards.Boot(V3Boards.kernel(true)).create(V3Boards.smmuCells("/s", 0, params));
        forced.probe();
        assertTrue(forced.log().contains("error: missing #iommu-cells property"));
        assertEquals(1, forced.regs.read32(Fields.CR0ACK) & 1);
    }
}
