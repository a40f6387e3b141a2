package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Walk;

/**
 * The emulated hardware's view of a transaction: it reads only its registers (reference/arm-smmu-v2.md
 * §2.4, §6.4, §8) and walks the table a TTBR points at. sCR0.CLIENTPD bypasses everything; stream
 * matching finds the SMR (EXIDVALID with EXIDS), an unmatched stream faults with sCR0.USFCFG and
 * bypasses without it; the S2CR bypasses, faults or names a bank; the bank's SCTLR.M, CBAR type and
 * TCR pick the table: stage 1 sign-extends the upstream address from bit UBS when TCR2.SEP says so
 * (§5.6, an inference), TTBR0 covers [0, 2^(64−T0SZ)), TTBR1 the top 2^(64−T1SZ), each unless its EPD
 * bit is set; anything else is a level-0 translation fault.
 */
final class Translator {

    private Translator() {
    }

    private static final long PGD_MASK = 0x0000_ffff_ffff_fff0L;

    static Translation translate(ArmSmmu s, int sid, long iova, boolean write) {
        SmmuHw hw = s.hw;
        int scr0 = s.gr0Read(Reg.SCR0);
        if ((scr0 & Reg.SCR0_CLIENTPD) != 0) {
            return new Translation(Translation.Outcome.BYPASS, iova, null, null, null, -1,
                    "client port disabled (sCR0.CLIENTPD)");
        }
        int idx;
        if (hw.streamMatch()) {
            int found = -1;
            int matches = 0;
            int idBits = hw.exids() ? 0xffff : 0x7fff;
            for (int i = 0; i < hw.numSmrg(); i++) {
                int smr = s.gr0Read(Reg.smr(i));
                boolean valid = hw.exids() ? (s.gr0Read(Reg.s2cr(i)) & Reg.S2CR_EXIDVALID) != 0
                        : (smr & Reg.SMR_VALID) != 0;
                int mask = (smr >>> 16) & idBits;
                if (valid && ((sid ^ smr) & ~mask & idBits) == 0) {
                    matches++;
                    if (found < 0) {
                        found = i;
                    }
                }
            }
            if (matches == 0) {
                if ((scr0 & Reg.SCR0_USFCFG) != 0) {
                    return global(s, Reg.GFSR_USF, Translation.Fault.UNMATCHED_STREAM, null, sid, write,
                            String.format("stream 0x%x matches no SMR (sCR0.USFCFG)", sid));
                }
                return new Translation(Translation.Outcome.BYPASS, iova, null, null, null, -1,
                        String.format("stream 0x%x matches no SMR; sCR0.USFCFG clear", sid));
            }
            if (matches > 1) {
                return global(s, Reg.GFSR_SMCF, Translation.Fault.STREAM_MATCH_CONFLICT, found, sid, write,
                        String.format("stream 0x%x matches %d SMRs", sid, matches));
            }
            idx = found;
        } else {
            if (sid < 0 || sid >= hw.numS2crs()) {
                return global(s, Reg.GFSR_USF, Translation.Fault.UNMATCHED_STREAM, null, sid, write,
                        String.format("stream 0x%x beyond the %d S2CRs", sid, hw.numS2crs()));
            }
            idx = sid;
        }
        int s2cr = s.gr0Read(Reg.s2cr(idx));
        switch (S2crType.of(s2cr >>> Reg.S2CR_TYPE_SHIFT)) {
            case BYPASS:
                return new Translation(Translation.Outcome.BYPASS, iova, idx, null, null, -1,
                        "S2CR" + idx + " bypass");
            case FAULT:
                return global(s, Reg.GFSR_USF, Translation.Fault.STREAM_FAULT, idx, sid, write,
                        "S2CR" + idx + " fault");
            default:
                break;
        }
        int cb = s2cr & 0xff;
        if (cb >= hw.numCb()) {
            return global(s, Reg.GFSR_ICF, Translation.Fault.INVALID_CONTEXT, idx, sid, write,
                    "S2CR" + idx + " names context bank " + cb + " of " + hw.numCb());
        }
        return context(s, idx, cb, sid, iova, write);
    }

    private static Translation context(ArmSmmu s, int idx, int cb, int sid, long iova, boolean write) {
        if ((s.cbRead(cb, Reg.CB_SCTLR) & Reg.SCTLR_M) == 0) {
            return new Translation(Translation.Outcome.BYPASS, iova, idx, cb, null, -1,
                    "context bank " + cb + " has translation off (SCTLR.M clear)");
        }
        int type = (s.gr1Read(Reg.cbar(cb)) >>> Reg.CBAR_TYPE_SHIFT) & 3;
        int tcr = s.cbRead(cb, Reg.CB_TCR);
        long va = iova;
        int ttbrReg;
        if (type == Reg.CBAR_TYPE_S2_TRANS) {
            if (!below(va, tcr & 0x3f)) {
                return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "IPA above VTCR.T0SZ");
            }
            ttbrReg = Reg.CB_TTBR0;
        } else {
            boolean aarch64 = s.hw.version().aboveV1() && (s.gr1Read(Reg.cba2r(cb)) & Reg.CBA2R_VA64) != 0;
            if (!aarch64) {
                // AArch32 LPAE: a 32-bit input through TTBR0
                if ((va >>> 32) != 0 || (tcr & Reg.TCR_EPD0) != 0) {
                    return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "outside the TTBR0 range");
                }
                ttbrReg = Reg.CB_TTBR0;
            } else {
                int tcr2 = s.cbRead(cb, Reg.CB_TCR2);
                if ((tcr2 & Reg.TCR2_SEP_UPSTREAM) == Reg.TCR2_SEP_UPSTREAM) {
                    int bit = s.hw.ubs();
                    va = (iova << (63 - bit)) >> (63 - bit);
                }
                if (below(va, tcr & 0x3f)) {
                    if ((tcr & Reg.TCR_EPD0) != 0) {
                        return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "TTBR0 walks disabled (EPD0)");
                    }
                    ttbrReg = Reg.CB_TTBR0;
                } else if (above(va, (tcr >>> 16) & 0x3f)) {
                    if ((tcr & Reg.TCR_EPD1) != 0) {
                        return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "TTBR1 walks disabled (EPD1)");
                    }
                    ttbrReg = Reg.CB_TTBR1;
                } else {
                    return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0, "outside both TTBR ranges");
                }
            }
        }
        long pgd = s.cbRead64(cb, ttbrReg) & PGD_MASK;
        PageTableOps ops = s.tableAt(pgd);
        if (ops == null) {
            return fault(s, idx, cb, sid, iova, write, Walk.Fault.TRANSLATION, 0,
                    String.format("no table at 0x%x", pgd));
        }
        Walk w = ops.walk(va, write);
        if (!w.ok()) {
            return fault(s, idx, cb, sid, iova, write, w.fault(), w.level(),
                    (ttbrReg == Reg.CB_TTBR1 ? "TTBR1" : "TTBR0") + " walk");
        }
        return new Translation(Translation.Outcome.TRANSLATED, w.pa(), idx, cb, null, w.level(),
                (ttbrReg == Reg.CB_TTBR1 ? "TTBR1" : "TTBR0") + String.format(" walk, table 0x%x", pgd));
    }

    /** va in [0, 2^(64−tsz)). */
    private static boolean below(long va, int tsz) {
        return tsz == 0 || (va >>> (64 - tsz)) == 0;
    }

    /** va in [2^64 − 2^(64−tsz), 2^64). */
    private static boolean above(long va, int tsz) {
        return tsz == 0 || (va >> (64 - tsz)) == -1L;
    }

    private static Translation global(ArmSmmu s, int bit, Translation.Fault f, Integer idx, int sid, boolean write,
                                      String detail) {
        s.regs.recordGlobalFault(bit, write, sid);
        return new Translation(Translation.Outcome.GLOBAL_FAULT, 0, idx, null, f, -1, detail);
    }

    private static Translation fault(ArmSmmu s, int idx, int cb, int sid, long iova, boolean write, Walk.Fault f,
                                     int level, String detail) {
        int bit = switch (f) {
            case TRANSLATION -> Reg.FSR_TF;
            case PERMISSION -> Reg.FSR_PF;
            case ACCESS_FLAG -> Reg.FSR_AFF;
            case ADDRESS_SIZE -> Reg.FSR_ASF;
        };
        s.regs.recordContextFault(cb, bit, iova, level, write, sid);
        Translation.Fault tf = Translation.Fault.valueOf(f.name());
        return new Translation(Translation.Outcome.CONTEXT_FAULT, 0, idx, cb, tf, level, detail);
    }
}
