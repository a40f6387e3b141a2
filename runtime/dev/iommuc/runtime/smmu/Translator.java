package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Walk;

import java.util.Arrays;

/**
 * The emulated hardware's view of a transaction: it reads only its registers (reference/arm-smmu-v2.md
 * §2.4, §6.4, §8) and walks the table a TTBR points at. sCR0.CLIENTPD bypasses everything; stream
 * matching finds the SMR (EXIDVALID with EXIDS), an unmatched stream faults with sCR0.USFCFG and
 * bypasses without it; the S2CR bypasses, faults or names a bank; the bank's SCTLR.M, CBAR type and
 * TCR pick the table: stage 1 sign-extends the upstream address from bit UBS when TCR2.SEP says so
 * (§5.6, an inference), TTBR0 covers [0, 2^(64−T0SZ)), TTBR1 the top 2^(64−T1SZ), each unless its EPD
 * bit is set; anything else is a level-0 translation fault.
 *
 * <p>Like a hardware SMR comparator array, the SID → entry decode is cached and recomputed after any
 * SMR or S2CR write; the table behind each bank's TTBR is cached until tables come or go.
 */
final class Translator {

    private static final long PGD_MASK = 0x0000_ffff_ffff_fff0L;
    private static final int UNKNOWN = -1;
    private static final int UNMATCHED = -2;
    private static final int CONFLICT = -3;

    private final ArmSmmu s;
    private int[] memo;
    private int memoGeneration;
    private long[] cachedPgd;
    private PageTableOps[] cachedOps;
    private int tablesGeneration = -1;

    Translator(ArmSmmu s) {
        this.s = s;
    }

    Translation translate(int sid, long iova, boolean write) {
        SmmuHw hw = s.hw;
        RegisterFile r = s.regs;
        int scr0 = r.scr0();
        if ((scr0 & Reg.SCR0_CLIENTPD) != 0) {
            return new Translation(Translation.Outcome.BYPASS, iova, null, null, null, -1,
                    "client port disabled (sCR0.CLIENTPD)");
        }
        int idx;
        if (hw.streamMatch()) {
            // the stream ID bus is as wide as SMR.ID: wider IDs match nothing
            idx = (sid & ~(hw.exids() ? 0xffff : 0x7fff)) != 0 ? UNMATCHED : match(sid);
            if (idx == UNMATCHED) {
                if ((scr0 & Reg.SCR0_USFCFG) != 0) {
                    return global(Reg.GFSR_USF, Translation.Fault.UNMATCHED_STREAM, null, sid, write,
                            String.format("stream 0x%x matches no SMR (sCR0.USFCFG)", sid));
                }
                return new Translation(Translation.Outcome.BYPASS, iova, null, null, null, -1,
                        String.format("stream 0x%x matches no SMR; sCR0.USFCFG clear", sid));
            }
            if (idx == CONFLICT) {
                return global(Reg.GFSR_SMCF, Translation.Fault.STREAM_MATCH_CONFLICT, null, sid, write,
                        String.format("stream 0x%x matches more than one SMR", sid));
            }
        } else {
            if (sid < 0 || sid >= hw.numS2crs()) {
                return global(Reg.GFSR_USF, Translation.Fault.UNMATCHED_STREAM, null, sid, write,
                        String.format("stream 0x%x beyond the %d S2CRs", sid, hw.numS2crs()));
            }
            idx = sid;
        }
        int s2cr = r.s2crWord(idx);
        switch (S2crType.of(s2cr >>> Reg.S2CR_TYPE_SHIFT)) {
            case BYPASS:
                return new Translation(Translation.Outcome.BYPASS, iova, idx, null, null, -1, "S2CR bypass");
            case FAULT:
                return global(Reg.GFSR_USF, Translation.Fault.STREAM_FAULT, idx, sid, write, "S2CR" + idx + " fault");
            default:
                break;
        }
        int cb = s2cr & 0xff;
        if (cb >= hw.numCb()) {
            return global(Reg.GFSR_ICF, Translation.Fault.INVALID_CONTEXT, idx, sid, write,
                    "S2CR" + idx + " names context bank " + cb + " of " + hw.numCb());
        }
        return context(idx, cb, sid, iova, write);
    }

    /** The one valid SMR matching {@code sid}, UNMATCHED or CONFLICT, from the SMR/S2CR words. */
    private int match(int sid) {
        RegisterFile r = s.regs;
        SmmuHw hw = s.hw;
        if (memo == null || memoGeneration != r.streamMapGeneration()) {
            if (memo == null) {
                memo = new int[hw.exids() ? 1 << 16 : 1 << 15];
            }
            Arrays.fill(memo, UNKNOWN);
            memoGeneration = r.streamMapGeneration();
        }
        int m = memo[sid];
        if (m != UNKNOWN) {
            return m;
        }
        int idBits = hw.exids() ? 0xffff : 0x7fff;
        int found = UNMATCHED;
        for (int i = 0; i < hw.numSmrg(); i++) {
            int smr = r.smrWord(i);
            boolean valid = hw.exids() ? (r.s2crWord(i) & Reg.S2CR_EXIDVALID) != 0 : (smr & Reg.SMR_VALID) != 0;
            int mask = (smr >>> 16) & idBits;
            if (valid && ((sid ^ smr) & ~mask & idBits) == 0) {
                if (found != UNMATCHED) {
                    found = CONFLICT;
                    break;
                }
                found = i;
            }
        }
        memo[sid] = found;
        return found;
    }

    private Translation context(int idx, int cb, int sid, long iova, boolean write) {
        RegisterFile.Bank bank = s.regs.bank(cb);
        if ((bank.sctlr & Reg.SCTLR_M) == 0) {
            return new Translation(Translation.Outcome.BYPASS, iova, idx, cb, null, -1,
                    "context bank translation off (SCTLR.M clear)");
        }
        int type = (s.regs.cbarWord(cb) >>> Reg.CBAR_TYPE_SHIFT) & 3;
        int tcr = bank.tcr;
        long va = iova;
        boolean useTtbr1 = false;
        if (type == Reg.CBAR_TYPE_S2_TRANS) {
            if (!below(va, tcr & 0x3f)) {
                return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "IPA above VTCR.T0SZ");
            }
        } else if ((s.regs.cba2rWord(cb) & Reg.CBA2R_VA64) == 0) {
            // AArch32 LPAE: a 32-bit input through TTBR0
            if ((va >>> 32) != 0 || (tcr & Reg.TCR_EPD0) != 0) {
                return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "outside the TTBR0 range");
            }
        } else {
            if ((bank.tcr2 & Reg.TCR2_SEP_UPSTREAM) == Reg.TCR2_SEP_UPSTREAM) {
                int bit = s.hw.ubs();
                va = (iova << (63 - bit)) >> (63 - bit);
            }
            if (below(va, tcr & 0x3f)) {
                if ((tcr & Reg.TCR_EPD0) != 0) {
                    return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "TTBR0 walks disabled (EPD0)");
                }
            } else if (above(va, (tcr >>> 16) & 0x3f)) {
                if ((tcr & Reg.TCR_EPD1) != 0) {
                    return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "TTBR1 walks disabled (EPD1)");
                }
                useTtbr1 = true;
            } else {
                return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "outside both TTBR ranges");
            }
        }
        long pgd = (useTtbr1 ? bank.ttbr1 : bank.ttbr0) & PGD_MASK;
        PageTableOps ops = table(cb, pgd);
        if (ops == null) {
            return fault(idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, String.format("no table at 0x%x", pgd));
        }
        Walk w = ops.walk(va, write);
        if (!w.ok()) {
            return fault(idx, cb, sid, iova, write, w.fault(), w.level(), useTtbr1 ? "TTBR1 walk" : "TTBR0 walk");
        }
        return new Translation(Translation.Outcome.TRANSLATED, w.pa(), idx, cb, null, w.level(),
                useTtbr1 ? "TTBR1 walk" : "TTBR0 walk");
    }

    /** The table at {@code pgd}, cached per bank until tables are added or removed. */
    private PageTableOps table(int cb, long pgd) {
        if (cachedPgd == null || tablesGeneration != s.tables.generation()) {
            cachedPgd = new long[s.hw.numCb()];
            cachedOps = new PageTableOps[s.hw.numCb()];
            tablesGeneration = s.tables.generation();
        }
        if (cachedOps[cb] == null || cachedPgd[cb] != pgd) {
            cachedOps[cb] = s.tables.at(pgd);
            cachedPgd[cb] = pgd;
        }
        return cachedOps[cb];
    }

    /** va in [0, 2^(64−tsz)). */
    private static boolean below(long va, int tsz) {
        return tsz == 0 || (va >>> (64 - tsz)) == 0;
    }

    /** va in [2^64 − 2^(64−tsz), 2^64). */
    private static boolean above(long va, int tsz) {
        return tsz == 0 || (va >> (64 - tsz)) == -1L;
    }

    private Translation global(int bit, Translation.Fault f, Integer idx, int sid, boolean write, String detail) {
        s.regs.recordGlobalFault(bit, write, sid);
        return new Translation(Translation.Outcome.GLOBAL_FAULT, 0, idx, null, f, -1, detail);
    }

    private Translation fault(int idx, int cb, int sid, long iova, boolean write, Walk.Fault f, int level,
                              String detail) {
        int bit = switch (f) {
            case TRANSLATION -> Reg.FSR_TF;
            case PERMISSION -> Reg.FSR_PF;
            case ACCESS_FLAG -> Reg.FSR_AFF;
            case ADDRESS_SIZE -> Reg.FSR_ASF;
        };
        s.regs.recordContextFault(cb, bit, iova, level, write, sid);
        return new Translation(Translation.Outcome.CONTEXT_FAULT, 0, idx, cb, Translation.Fault.valueOf(f.name()), level,
                detail);
    }
}
