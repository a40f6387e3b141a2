package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.plan.DomainType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.runtime.dart.Darts.TABLES;
import static dev.iommuc.runtime.dart.Darts.w;
import static dev.iommuc.runtime.dart.Darts.writesSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worked example 1 of reference/dart-smmuv3-of.md, value for value: a 16-stream DART, {@code iommus =
 * <&dart 1>}, a 64 MiB buffer at PA 0x8_2000_0000; tables allocated from 0x8_1000_0000.
 */
class Example1Test {

    static final int RW = Prot.READ | Prot.WRITE;
    static final long BUF = 0x8_2000_0000L;
    static final long MIB64 = 64L << 20;

    SimulatedMemory mem = Darts.memory();
    DartSystem sys = new DartSystem(Darts.kernel16k(), mem);

    /** 1a "Probe / reset writes": TCR×16, TTBR×64, STREAMS_ENABLE, ERROR, STREAM_SELECT, STREAM_COMMAND. */
    @Test
    void example1aReset() {
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        assertTrue(d.probe().isOk());
        List<String> expected = new ArrayList<>();
        for (int sid = 0; sid < 16; sid++) {
            expected.add(w(0x100 + 4 * sid, 0));
        }
        for (int off = 0x200; off <= 0x2FC; off += 4) {
            expected.add(w(off, 0));
        }
        expected.add(w(0xFC, 0xFFFF_FFFFL));
        expected.add(w(0x40, 0));
        expected.add(w(0x34, 0x0000_FFFF));
        expected.add(w(0x20, 0x0010_0000));
        assertEquals(expected, writesSince(d, 0));
        assertEquals("info: DART [pagesize 4000, 16 streams, bypass support: 1, bypass forced: 0, locked: 0] "
                + "initialized", d.log().get(0));
    }

    /** 1a attach writes, table words after the 64 MiB map, the flush, the walk check and the faults. */
    @Test
    void example1aAttachMapTranslate() {
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        d.probe();
        int mark = d.registers().writes().size();
        assertTrue(sys.addDevice(Darts.master("/dev", null, "/dart", 1)).isOk());
        assertEquals(List.of(w(0x210, 0x8081_0000L), w(0x214, 0), w(0x218, 0), w(0x21C, 0), w(0x104, 0x80),
                w(0x34, 0x2), w(0x20, 0x0010_0000)), writesSince(d, mark));
        DartDomain dom = sys.domainOf("/dev");
        assertEquals(DomainType.DMA, dom.type());
        assertEquals(0xFFFF_FFFFL, dom.apertureEnd());

        mark = d.registers().writes().size();
        assertTrue(dom.map(0, BUF, MIB64, RW).isOk());
        // iotlb_sync_map: the domain flush again
        assertEquals(List.of(w(0x34, 0x2), w(0x20, 0x0010_0000)), writesSince(d, mark));
        assertEquals(0x0000_0008_1000_4001L, mem.read64(TABLES));
        assertEquals(0x0000_0008_1000_8001L, mem.read64(TABLES + 8));
        assertEquals(0x000F_FF08_2000_0003L, mem.read64(TABLES + 0x4000));
        assertEquals(0x000F_FF08_23FF_C003L, mem.read64(TABLES + 0x8000 + 2047 * 8));
        assertEquals(48 * 1024, dom.layout().tableBytes());

        // walk check: the device's 0x1_0123_4567 is walked as 0x0123_4567 → L1[0], L2[0x48D], +0x567
        DartTranslation t = d.translate(1, 0x1_0123_4567L, false);
        assertEquals(DartTranslation.Outcome.TRANSLATED, t.outcome());
        assertEquals(0x8_2123_4567L, t.pa());

        // faults: masked 0x0500_0000 (L1[2] empty) is NO_PMD
        t = d.translate(1, 0x0500_0000L, false);
        assertEquals(DartFault.NO_PMD, t.fault());
        assertEquals(0x8100_0002L, t.error());
        assertEquals(0x8100_0002, d.registers().read32(0x40));
        assertEquals(0x0500_0000, d.registers().read32(0x50));
        assertTrue(d.handleFault());
        assertEquals(0, d.registers().read32(0x40));
        // a read-only page written: WRITE_FAULT 0x8100_0008
        assertTrue(dom.unmap(0x100_0000L, 0x4000) == 0x4000);
        assertTrue(dom.map(0x100_0000L, BUF, 0x4000, Prot.READ).isOk());
        assertEquals(0x000F_FF08_2000_0083L, mem.read64(TABLES + 0x4000 + 0x400 * 8));
        t = d.translate(1, 0x100_0010L, true);
        assertEquals(0x8100_0008L, t.error());
        assertEquals(0x8100_0008, d.registers().read32(0x40));
        d.handleFault();
        // an unmapped index in L2a: NO_PTE
        dom.unmap(0x100_0000L, 0x4000);
        assertEquals(0x8100_0004L, d.translate(1, 0x100_0000L, false).error());
        d.handleFault();
        // TTBR(1,0) not valid: NO_TTBR
        d.registers().write32(0x210, 0);
        assertEquals(0x8100_0001L, d.translate(1, 0x0, false).error());
        // SID 2 was never attached: TCR 0 blocks
        assertEquals(DartTranslation.Outcome.BLOCKED, d.translate(2, 0, false).outcome());
    }

    /** 1a mainline: a raw map at 0x1_0000_0000 fills L1[128..129], which the 32-bit walk never reaches. */
    @Test
    void example1aAboveIasIsDead() {
        AppleDart d = sys.create(Darts.dart("/dart", "t8103"));
        d.probe();
        sys.addDevice(Darts.master("/dev", null, "/dart", 1));
        DartDomain dom = sys.domainOf("/dev");
        assertTrue(dom.map(0x1_0000_0000L, BUF, MIB64, RW).isOk());
        assertEquals(0x0000_0008_1000_4001L, mem.read64(TABLES + 128 * 8));
        assertEquals(1, dom.warnings().size(), dom.warnings().toString());
        assertEquals(0x8_2000_0000L, dom.iovaToPhys(0x1_0000_0000L));
        // the hardware sees 0x0: L1[0] is empty
        assertEquals(DartFault.NO_PMD, d.translate(1, 0x1_0000_0000L, false).fault());
    }

    /** 1b: T6000 registers as 1a, DART2 entries. */
    @Test
    void example1b() {
        AppleDart d = sys.create(Darts.dart("/dart", "t6000"));
        d.probe();
        int mark = d.registers().writes().size();
        sys.addDevice(Darts.master("/dev", null, "/dart", 1));
        assertEquals(List.of(w(0x210, 0x8081_0000L), w(0x214, 0), w(0x218, 0), w(0x21C, 0), w(0x104, 0x80),
                w(0x34, 0x2), w(0x20, 0x0010_0000)), writesSince(d, mark));
        DartDomain dom = sys.domainOf("/dev");
        assertTrue(dom.map(0, BUF, MIB64, RW | Prot.CACHE).isOk());
        assertEquals(0x0000_0000_8100_0401L, mem.read64(TABLES));
        assertEquals(0x000F_FF00_8200_0001L, mem.read64(TABLES + 0x4000));
        assertEquals(0x8_2123_4567L, d.translate(1, 0x0123_4567L, true).pa());
    }

    /** 1c: T8110 reset and attach writes, IOVA 0x1_0000_0000 translated directly, the T8110 ERROR word. */
    @Test
    void example1c() {
        AppleDart d = sys.create(Darts.dart("/dart", "t8110"));
        assertTrue(d.probe().isOk());
        List<String> expected = new ArrayList<>();
        for (int sid = 0; sid < 16; sid++) {
            expected.add(w(0x1000 + 4 * sid, 0));
        }
        for (int sid = 0; sid < 16; sid++) {
            expected.add(w(0x1400 + 4 * sid, 0));
        }
        expected.add(w(0xC00, 0xFFFF_FFFFL));
        expected.add(w(0x100, 0));
        expected.add(w(0x104, 0));
        for (int sid = 0; sid < 16; sid++) {
            expected.add(w(0x80, 0x100 | sid));
        }
        assertEquals(expected, writesSince(d, 0));

        int mark = d.registers().writes().size();
        sys.addDevice(Darts.master("/dev", null, "/dart", 1));
        assertEquals(List.of(w(0x1404, 0x0081_0001L), w(0x1004, 0x1), w(0x80, 0x101)), writesSince(d, mark));
        DartDomain dom = sys.domainOf("/dev");
        assertEquals(0xF_FFFF_FFFFL, dom.apertureEnd());
        assertTrue(dom.map(0x1_0000_0000L, BUF, MIB64, RW).isOk());
        assertEquals(0x0000_0000_8100_0401L, mem.read64(TABLES + 128 * 8));
        assertEquals(48 * 1024, dom.layout().tableBytes());
        assertEquals(0x8_2123_4567L, d.translate(1, 0x1_0123_4567L, false).pa());
        assertTrue(dom.warnings().isEmpty());
        // a write fault on SID 1: 0x8010_0010
        dom.unmap(0x1_0000_0000L, 0x4000);
        dom.map(0x1_0000_0000L, BUF, 0x4000, Prot.READ);
        DartTranslation t = d.translate(1, 0x1_0000_0000L, true);
        assertEquals(0x8010_0010L, t.error());
        assertEquals(0x8010_0010, d.registers().read32(0x100));
    }

    /** 1c with ias 42 (t602x): TCR(1) = 0x9 (TRANSLATE | FOUR_LEVEL), L0[0] → L1[128] → L2, 64 KiB. */
    @Test
    void example1cIas42() {
        AppleDart d = sys.create(Darts.dart("/dart", "t8110", "ias", 42));
        d.probe();
        int mark = d.registers().writes().size();
        sys.addDevice(Darts.master("/dev", null, "/dart", 1));
        assertEquals(List.of(w(0x1404, 0x0081_0001L), w(0x1004, 0x9), w(0x80, 0x101)), writesSince(d, mark));
        DartDomain dom = sys.domainOf("/dev");
        assertTrue(dom.map(0x1_0000_0000L, BUF, MIB64, RW).isOk());
        assertEquals(64 * 1024, dom.layout().tableBytes());
        assertEquals(0x0000_0000_8100_0401L, mem.read64(TABLES));
        assertEquals(0x0000_0000_8100_0801L, mem.read64(TABLES + 0x4000 + 128 * 8));
        assertEquals(0x8_2123_4567L, d.translate(1, 0x1_0123_4567L, false).pa());
        // NO_PGD: L0[1] is empty (T8110 code bit 1)
        assertEquals(0x8010_0002L, d.translate(1, 1L << 36, false).error());
    }
}
