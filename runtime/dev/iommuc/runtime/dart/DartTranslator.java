package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.DartPte;
import dev.iommuc.runtime.pgtable.PageTableFormat;

/**
 * A transaction as the DART hardware handles it, from its registers and the words in memory only
 * (reference/dart-smmuv3-of.md A.2, A.5): stream enable → TCR (bypass / translate / neither) → the
 * IOVA cut to the hardware's ias (worked example 1a: the device's 0x1_0123_4567 is walked as
 * 0x0123_4567) → TTBR(sid, index) → the tables → PA, or a fault latched in ERROR.
 *
 * <p>Inferences where the reference is silent: a disabled stream or a TCR with neither TRANSLATE nor
 * BYPASS blocks the transaction without an ERROR code; a TTBR index beyond the stream's TTBRs is
 * NO_TTBR; subpage protection is not checked (the driver always maps whole pages).
 */
final class DartTranslator {

    private DartTranslator() {
    }

    static DartTranslation translate(AppleDart dart, int sid, long iova, boolean write) {
        DartHw hw = dart.hw;
        DartLayout l = dart.layout;
        DartRegisters regs = dart.regs;
        if (sid < 0 || sid >= hw.numStreams()) {
            return blocked(sid, "SID " + sid + " does not exist on this DART");
        }
        if ((regs.read32(l.enableStreams() + 4 * (sid / 32)) & (1 << (sid % 32))) == 0) {
            return blocked(sid, "stream " + sid + " is not enabled");
        }
        int tcr = regs.read32(l.tcr(sid));
        if ((tcr & l.tcrBypassDart()) != 0) {
            return new DartTranslation(DartTranslation.Outcome.BYPASS, iova, sid, null, 0, -1,
                    String.format("TCR(%d) = 0x%x: bypass", sid, tcr));
        }
        if ((tcr & l.tcrTranslate()) == 0) {
            return blocked(sid, String.format("TCR(%d) = 0x%x: translation disabled", sid, tcr));
        }
        long va = hw.ias() >= 64 ? iova : iova & ((1L << hw.ias()) - 1);
        int pgShift = hw.pageShift();
        int bpl = pgShift - 3;
        int levels = (tcr & l.tcrFourLevel()) != 0 ? 3 : 2;
        int start = 3 - levels;
        long ttbrIdx = va >>> (pgShift + bpl * levels);
        if (ttbrIdx >= hw.ttbrCount()) {
            return fault(dart, DartFault.NO_TTBR, sid, iova, -1, 0, "IOVA beyond the stream's TTBRs");
        }
        int ttbr = regs.read32(hw.ttbr(sid, (int) ttbrIdx));
        if ((ttbr & l.ttbrValid()) == 0) {
            return fault(dart, DartFault.NO_TTBR, sid, iova, -1, ttbr & 0xffffffffL,
                    String.format("TTBR(%d,%d) = 0x%x is not valid", sid, ttbrIdx, ttbr));
        }
        PageTableFormat f = hw.format();
        PhysMemory mem = dart.system.mem;
        long table = l.decodeTtbr(ttbr);
        long pte = 0;
        for (int lvl = start; lvl <= 2; lvl++) {
            long idx = (va >>> (pgShift + bpl * (2 - lvl))) & ((1L << bpl) - 1);
            pte = mem.read64(table + 8 * idx);
            if (!DartPte.valid(pte)) {
                DartFault why = lvl == 2 ? DartFault.NO_PTE : lvl == 1 ? DartFault.NO_PMD : DartFault.NO_PGD;
                return fault(dart, why, sid, iova, lvl, pte, String.format("L%d[0x%x] of table 0x%x is empty", lvl,
                        idx, table));
            }
            table = DartPte.pteToPaddr(f, pte);
        }
        if (write && DartPte.noWrite(f, pte) || !write && DartPte.noRead(f, pte)) {
            return fault(dart, write ? DartFault.WRITE : DartFault.READ, sid, iova, 2, pte,
                    String.format("leaf 0x%x forbids the %s", pte, write ? "write" : "read"));
        }
        long pa = table | (va & ((1L << pgShift) - 1));
        // the hot path: concatenation, not String.format (which parses its pattern on every call: 2-3x
        // the cost of the whole walk, docs/performance.md "Apple DART")
        return new DartTranslation(DartTranslation.Outcome.TRANSLATED, pa, sid, null, 0, 2,
                "TTBR(" + sid + "," + ttbrIdx + ") 0x" + Integer.toHexString(ttbr) + ", leaf 0x"
                        + Long.toHexString(pte));
    }

    private static DartTranslation blocked(int sid, String why) {
        return new DartTranslation(DartTranslation.Outcome.BLOCKED, 0, sid, null, 0, -1, why);
    }

    private static DartTranslation fault(AppleDart dart, DartFault f, int sid, long iova, int level, long word,
                                         String why) {
        dart.regs.raise(f, sid, iova);
        DartLayout l = dart.layout;
        long error = DartLayout.ERROR_FLAG & 0xffffffffL
                | (long) (sid & ((1 << l.errorStreamBits()) - 1)) << l.errorStreamShift() | l.code(f);
        return new DartTranslation(DartTranslation.Outcome.FAULT, 0, sid, f, error, level, why);
    }
}
