package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.BitSet;
import java.util.List;

import static dev.iommuc.runtime.dart.Darts.TABLES;
import static dev.iommuc.runtime.dart.Darts.w;
import static dev.iommuc.runtime.dart.Darts.writesSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver rules of reference/dart-smmuv3-of.md A.3, A.4, A.6, A.7, A.8. */
class DriverRulesTest {

    static final int RW = Prot.READ | Prot.WRITE;
    static final long BUF = 0x8_2000_0000L;

    SimulatedMemory mem = Darts.memory();

    DartSystem system(Kernel k) {
        return new DartSystem(k, mem);
    }

    static BitSet sids(int... s) {
        BitSet b = new BitSet();
        for (int i : s) {
            b.set(i);
        }
        return b;
    }

    /** A.8 / 1a dual-DART: one table, the same TTBR in A's TTBR(1,0) and B's TTBR(0,0), flushes to both. */
    @Test
    void masterBehindTwoDarts() {
        DartSystem sys = system(Darts.kernel16k());
        AppleDart a = sys.create(Darts.dart("/dartA", "t8103"));
        AppleDart b = sys.create(Darts.dart("/dartB", "t8103"));
        a.probe();
        b.probe();
        int ma = a.registers().writes().size();
        int mb = b.registers().writes().size();
        assertTrue(sys.addDevice(Darts.master("/dev", null, "/dartA", 1, "/dartB", 0)).isOk());
        assertEquals(List.of(w(0x210, 0x8081_0000L), w(0x214, 0), w(0x218, 0), w(0x21C, 0), w(0x104, 0x80),
                w(0x34, 0x2), w(0x20, 0x0010_0000)), writesSince(a, ma));
        assertEquals(List.of(w(0x200, 0x8081_0000L), w(0x204, 0), w(0x208, 0), w(0x20C, 0), w(0x100, 0x80),
                w(0x34, 0x1), w(0x20, 0x0010_0000)), writesSince(b, mb));
        DartDomain dom = sys.domainOf("/dev");
        assertEquals(List.of("/dartA", "/dartB"), dom.darts());
        int fa = a.registers().flushes().size();
        int fb = b.registers().flushes().size();
        assertTrue(dom.map(0, BUF, 1L << 20, RW).isOk());
        assertEquals(List.of(new DartRegisters.Flush(sids(1))), a.registers().flushes().subList(fa, fa + 1));
        assertEquals(List.of(new DartRegisters.Flush(sids(0))), b.registers().flushes().subList(fb, fb + 1));
        assertEquals(BUF + 0x123, a.translate(1, 0x123, true).pa());
        assertEquals(BUF + 0x123, b.translate(0, 0x123, true).pa());
        // one table for both: 16K root + one leaf table
        assertEquals(32 * 1024, dom.layout().tableBytes());
        DartState sa = a.snapshot();
        DartState sb = b.snapshot();
        assertEquals(0x8081_0000L, sa.streams().get(0).registers().get("ttbr0"));
        assertEquals(0x8081_0000L, sb.streams().get(0).registers().get("ttbr0"));
        assertEquals(sa.groups().get(0).id(), sb.groups().get(0).id());
    }

    /** A.3: a third DART, and DARTs that differ in bypass support, are refused by of_xlate. */
    @Test
    void xlateLimits() {
        DartSystem sys = system(Darts.kernel16k());
        for (String id : List.of("/a", "/b", "/c")) {
            sys.create(Darts.dart(id, "t8103")).probe();
        }
        sys.create(Darts.dart("/usb", "t8103-usb4")).probe();
        assertEquals(Errno.EINVAL, sys.addDevice(Darts.master("/three", null, "/a", 1, "/b", 1, "/c", 1)).errno());
        assertEquals(Errno.EINVAL, sys.addDevice(Darts.master("/mixed", null, "/a", 2, "/usb", 1)).errno());
        assertEquals(Errno.EINVAL, sys.addDevice(Darts.master("/range", null, "/a", 16)).errno());
    }

    /** A.3 grouping: a shared SID joins the group (and its domain); SIDs of two groups are -EINVAL. */
    @Test
    void sid2group() {
        DartSystem sys = system(Darts.kernel16k());
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        d.probe();
        assertTrue(sys.addDevice(Darts.master("/x", null, "/dart", 1)).isOk());
        assertTrue(sys.addDevice(Darts.master("/y", null, "/dart", 1, "/dart", 3)).isOk());
        assertTrue(sys.addDevice(Darts.master("/z", null, "/dart", 2)).isOk());
        assertEquals(sys.groupOf("/x"), sys.groupOf("/y"));
        assertSame(sys.domainOf("/x"), sys.domainOf("/y"));
        assertFalse(sys.groupOf("/x").equals(sys.groupOf("/z")));
        assertEquals(Errno.EINVAL, sys.addDevice(Darts.master("/w", null, "/dart", 2, "/dart", 3)).errno());
        // the shared domain covers SIDs 1 and 3: both point at its table
        assertEquals(d.registers().read32(0x210), d.registers().read32(0x230));
        assertEquals(0x80, d.registers().read32(0x10C));
    }

    /** A.4 identity and blocked: TCR bypass value per layout, 0 for blocked; TTBRs untouched. */
    @Test
    void identityAndBlocked() {
        DartSystem sys = system(Darts.kernel16k());
        AppleDart old = sys.create(Darts.dart("/t8103", "t8103"));
        AppleDart neu = sys.create(Darts.dart("/t8110", "t8110"));
        old.probe();
        neu.probe();
        int mark = old.registers().writes().size();
        assertTrue(sys.addDevice(Darts.master("/id", DomainType.IDENTITY, "/t8103", 1)).isOk());
        assertEquals(List.of(w(0x104, 0x1100)), writesSince(old, mark));
        assertEquals(DartTranslation.Outcome.BYPASS, old.translate(1, 0x1234_5678L, true).outcome());
        assertEquals(0x1234_5678L, old.translate(1, 0x1234_5678L, true).pa());
        assertTrue(sys.addDevice(Darts.master("/id2", DomainType.IDENTITY, "/t8110", 1)).isOk());
        assertEquals(0x6, neu.registers().read32(0x1004));
        assertTrue(sys.addDevice(Darts.master("/blk", DomainType.BLOCKED, "/t8103", 2)).isOk());
        assertEquals(0, old.registers().read32(0x108));
        assertEquals(DartTranslation.Outcome.BLOCKED, old.translate(2, 0, false).outcome());
        DartState s = old.snapshot();
        assertEquals(List.of("bypass", "blocked"), s.streams().stream().map(DartState.Stream::type).toList());
    }

    /** A.2 note: on a 64-SID T8020 DART the second stream-enable word lands on TCR(0). No bypass: DMA. */
    @Test
    void usb4() {
        DartSystem sys = system(Darts.kernel16k());
        AppleDart d = sys.create(Darts.dart("/usb", "t8103-usb4"));
        d.probe();
        assertEquals(0xFFFF_FFFF, d.registers().read32(0x100));
        assertTrue(sys.addDevice(Darts.master("/dev", DomainType.IDENTITY, "/usb", 1)).isOk());
        assertEquals(DomainType.DMA, sys.domainOf("/dev").type());
        // TTBRs at 0x400: TTBR(1,0) = 0x400 + 16
        assertEquals(0x8081_0000, d.registers().read32(0x410));
        assertEquals(Errno.EINVAL, sys.attach(new DartDomain("id", DomainType.IDENTITY), "/dev").errno());
    }

    /** A.6 with a 4K kernel: force-bypass gives identity (TCR 0x1100, no TTBRs) and refuses paging domains. */
    @Test
    void fourKKernelForceBypass() {
        DartSystem sys = system(Darts.kernel4k(Kernel.DartSmallPages.FORCE_BYPASS));
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        d.probe();
        assertTrue(d.log().get(0).contains("bypass forced: 1"), d.log().get(0));
        int mark = d.registers().writes().size();
        assertTrue(sys.addDevice(Darts.master("/dev", DomainType.DMA, "/dart", 1)).isOk());
        assertEquals(List.of(w(0x104, 0x1100)), writesSince(d, mark));
        assertEquals(DomainType.IDENTITY, sys.domainOf("/dev").type());
        DartResult r = sys.attach(new DartDomain("gpu", DomainType.UNMANAGED), "/dev");
        assertEquals(Errno.EINVAL, r.errno());
        assertTrue(r.message().contains("bypass forced"), r.message());
    }

    /** A.6 Asahi rule: identity by default, a paging domain refused at finalize. */
    @Test
    void fourKKernelRefuse() {
        DartSystem sys = system(Darts.kernel4k(Kernel.DartSmallPages.REFUSE));
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        d.probe();
        assertTrue(d.log().get(0).contains("bypass forced: 0"), d.log().get(0));
        assertTrue(sys.addDevice(Darts.master("/dev", null, "/dart", 1)).isOk());
        assertEquals(0x1100, d.registers().read32(0x104));
        DartResult r = sys.attach(new DartDomain("gpu", DomainType.DMA), "/dev");
        assertEquals(Errno.EINVAL, r.errno());
        assertTrue(r.message().contains("refused"), r.message());
        assertEquals(0, d.registers().read32(0x210));
    }

    /** A.6 on a DART without bypass: no usable domain under either policy. */
    @ParameterizedTest
    @EnumSource(Kernel.DartSmallPages.class)
    void fourKKernelNoBypass(Kernel.DartSmallPages policy) {
        DartSystem sys = system(Darts.kernel4k(policy));
        AppleDart d = sys.create(Darts.dart("/usb", "t8103-usb4"));
        d.probe();
        DartResult r = sys.addDevice(Darts.master("/dev", null, "/usb", 1));
        assertEquals(Errno.EINVAL, r.errno());
        assertNull(sys.domainOf("/dev"));
        assertEquals(0, d.registers().read32(0x410));
    }
}
