package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.iommuc.runtime.dart.Darts.TABLES;
import static dev.iommuc.runtime.dart.Darts.w;
import static dev.iommuc.runtime.dart.Darts.writesSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Firmware-locked DARTs (reference/dart-smmuv3-of.md A.7, DART-asahi). */
class LockedDartTest {

    static final long FW = 0x9_0000_0000L;
    static final long BUF = 0x8_2000_0000L;

    SimulatedMemory mem = Darts.memory();
    DartSystem sys = new DartSystem(Darts.kernel16k(), mem);

    /**
     * T8110, ias 42, firmware TCR FOUR_LEVEL: no reset, no TCR/TTBR write, the kernel's L0 copied into
     * the firmware table at attach and again at every flush; the hardware walks the firmware root.
     */
    @Test
    void rootCopiedIntoFirmwareTable() {
        AppleDart d = sys.create(Darts.dart("/disp-dart", "t8110", "ias", 42, "locked-ttbr", FW,
                "locked-four-level", 1));
        assertTrue(d.probe().isOk());
        assertEquals(List.of(), writesSince(d, 0)); // a locked DART is not reset
        assertTrue(d.log().get(0).contains("locked: 1"), d.log().get(0));
        // firmware state: PROTECT bit 0, TTBR(1) = ((FW >> 14) << 2) | 1, TCR(1) = TRANSLATE | FOUR_LEVEL
        assertEquals(1, d.registers().read32(0x200));
        assertEquals(0x0090_0001, d.registers().read32(0x1404));
        assertEquals(0x9, d.registers().read32(0x1004));

        assertTrue(sys.addDevice(Darts.master("/disp", DomainType.IDENTITY, "/disp-dart", 1)).isOk());
        DartDomain dom = sys.domainOf("/disp");
        assertEquals(DomainType.DMA, dom.type()); // def_domain_type is DMA on a locked DART
        assertEquals(List.of(w(0x80, 0x101)), writesSince(d, 0)); // only the TLB flush
        assertEquals(0, d.registers().ignoredWrites());
        assertEquals(3, dom.pageTable().levels());
        assertTrue(d.log().stream().anyMatch(l -> l.contains("Expanded to ias=42 due to lock")), d.log().toString());

        assertTrue(dom.map(0x1_0000_0000L, BUF, 1L << 20, Prot.READ | Prot.WRITE).isOk());
        // the kernel's root L0 at TABLES; its L0[0] (→ L1 at TABLES + 0x4000) now also in the firmware root
        assertEquals(0x0000_0000_8100_0401L, mem.read64(TABLES));
        for (long e = 0; e < 2048; e++) {
            assertEquals(mem.read64(TABLES + 8 * e), mem.read64(FW + 8 * e), "entry " + e);
        }
        assertEquals(0x0090_0001, d.registers().read32(0x1404));
        assertEquals(0x9, d.registers().read32(0x1004));
        assertEquals(BUF + 0x4567, d.translate(1, 0x1_0000_4567L, false).pa());
        DartState s = d.snapshot();
        assertEquals(List.of(FW), s.domains().get(0).firmwareRoots());
        assertEquals(List.of(TABLES), s.domains().get(0).ttbrs());
        // the lock makes TCR/TTBR read-only to anyone
        d.registers().write32(0x1404, 0);
        assertEquals(0x0090_0001, d.registers().read32(0x1404));
        assertEquals(1, d.registers().ignoredWrites());
    }

    /** T8020 lock (CONFIG bit 15), and the ias rule: without FOUR_LEVEL an ias-42 DART is limited to 36. */
    @Test
    void t8020LockAndLimitedIas() {
        AppleDart old = sys.create(Darts.dart("/old", "t8103", "locked-ttbr", FW));
        old.probe();
        assertEquals(1 << 15, old.registers().read32(0x60));
        assertEquals(0x8090_0000, old.registers().read32(0x210));
        assertTrue(sys.addDevice(Darts.master("/a", null, "/old", 1)).isOk());
        assertEquals(0x8090_0000, old.registers().read32(0x210));

        AppleDart neu = sys.create(Darts.dart("/new", "t8110", "ias", 42, "locked-ttbr", FW + 0x10_0000L));
        neu.probe();
        assertTrue(sys.addDevice(Darts.master("/b", null, "/new", 0)).isOk());
        assertEquals(2, sys.domainOf("/b").pageTable().levels());
        assertEquals(36, sys.domainOf("/b").layout().ias());
        assertTrue(neu.log().stream().anyMatch(l -> l.contains("Limited to ias=36 due to lock")));
    }

    /** An invalid firmware TTBR (none, or not a table address) is -EIO at attach. */
    @ParameterizedTest
    @ValueSource(longs = {0L, FW + 0x2000})
    void invalidFirmwareTtbr(long ttbr) {
        AppleDart d = sys.create(Darts.dart("/dart", "t8110", "locked-ttbr", ttbr));
        assertTrue(d.probe().isOk());
        DartResult r = sys.addDevice(Darts.master("/disp", null, "/dart", 1));
        assertEquals(Errno.EIO, r.errno());
        assertTrue(r.message().contains("Invalid ttbr[0] for locked dart"), r.message());
    }

    /** Locked DARTs cannot do identity or blocked (A.7), and with a 4K kernel nothing works (A.6). */
    @Test
    void lockedRefusesIdentityBlockedAndSmallPages() {
        sys.create(Darts.dart("/dart", "t8110", "locked-ttbr", FW)).probe();
        assertTrue(sys.addDevice(Darts.master("/disp", null, "/dart", 1)).isOk());
        assertEquals(Errno.EINVAL, sys.attach(new DartDomain("id", DomainType.IDENTITY), "/disp").errno());
        assertEquals(Errno.EINVAL, sys.attach(new DartDomain("blk", DomainType.BLOCKED), "/disp").errno());
        for (Kernel.DartSmallPages p : Kernel.DartSmallPages.values()) {
            DartSystem small = new DartSystem(Darts.kernel4k(p), new SimulatedMemory());
            small.create(Darts.dart("/dart", "t8110", "locked-ttbr", FW)).probe();
            assertEquals(Errno.EINVAL, small.addDevice(Darts.master("/disp", null, "/dart", 1)).errno(), p.name());
        }
    }
}
