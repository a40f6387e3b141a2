package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Walk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * The emulated SMMUv3's side of a transaction, after QEMU's model (reference/dart-smmuv3-of.md D.2, D.3):
 * it reads only its registers and memory. CR0.SMMUEN clear: GBPA decides. Then the STE (SID range against
 * min(LOG2SIZE, SIDSIZE), the L1 descriptor's SPAN, V and Config), the CD (S1Fmt, S1CDMax, the SSID, the
 * CD's V/AA64/A/S/HA/HD/ENDI/T0SZ/TG0/TTB0 checks) and finally the table behind TTB0 (or S2TTB), walked by
 * the page-table engine, whose fault becomes F_TRANSLATION, F_ADDR_SIZE, F_ACCESS or F_PERMISSION.
 *
 * <p>A fetch from at or above 2^OAS has no memory behind it and aborts (F_STE_FETCH, F_CD_FETCH): the
 * model's stand-in for QEMU's DMA read failure. Beyond the old QEMU model, following the architecture: SSIDs
 * are honoured (C_BAD_SUBSTREAMID when the STE has no CDs for it, an L1 CD is invalid, or stage 1 is off),
 * a transaction without SSID on a multi-CD STE obeys S1DSS (terminate: F_STREAM_DISABLED; bypass; CD 0),
 * stage 2 is decoded, nested Config 7 is C_BAD_STE.
 */
final class Walker {

    private final Smmuv3 s;
    private final List<V3Event.Record> events = new ArrayList<>();
    /** Entries of the event queue: 2^IDR1.EVTQS with the model's EVTQS of 7. */
    static final int EVENT_QUEUE_ENTRIES = 1 << 7;
    private boolean overflowed;

    Walker(Smmuv3 s) {
        this.s = s;
    }

    /** Whether events were lost because the queue was full. */
    boolean eventQueueOverflowed() {
        return overflowed;
    }

    List<V3Event.Record> events() {
        return Collections.unmodifiableList(events);
    }

    V3Translation translate(long sid, Integer ssid, long iova, boolean write) {
        Smmuv3Regs r = s.regs;
        if (!r.smmuEnabled()) {
            if ((r.read32(GBPA) & (1 << GBPA_ABORT)) != 0) {
                return done(V3Translation.Outcome.ABORT, 0, null, "SMMU disabled, GBPA.ABORT set");
            }
            return done(V3Translation.Outcome.BYPASS, iova, null, "SMMU disabled (CR0.SMMUEN clear): GBPA bypass");
        }
        Tx t = new Tx(sid, ssid, iova, write);
        long oasLimit = 1L << OAS_BITS[Math.min(6, (int) get(r.read32(IDR5), IDR5_OAS_HI, IDR5_OAS_LO))];
        long cfgReg = r.read32(STRTAB_BASE_CFG) & 0xffffffffL;
        long log2size = get(cfgReg, CFG_LOG2SIZE_HI, CFG_LOG2SIZE_LO);
        long sidSize = get(r.read32(IDR1), IDR1_SIDSIZE_HI, IDR1_SIDSIZE_LO);
        if (sid < 0 || sid >= 1L << Math.min(log2size, sidSize)) {
            return t.event(V3Event.C_BAD_STREAMID, false, String.format(
                    "SID 0x%x beyond 2^min(LOG2SIZE %d, SIDSIZE %d)", sid, log2size, sidSize));
        }
        long base = r.read64(STRTAB_BASE) & PTR_MASK;
        long steAddr;
        if (get(cfgReg, CFG_FMT_HI, CFG_FMT_LO) == FMT_2LVL) {
            long split = get(cfgReg, CFG_SPLIT_HI, CFG_SPLIT_LO);
            long l1Addr = base + (sid >>> split) * L1_DESC_BYTES;
            if (l1Addr + 8 > oasLimit) {
                return t.event(V3Event.F_STE_FETCH, false, String.format("L1 descriptor at 0x%x unreadable", l1Addr));
            }
            long desc = s.mem.read64(l1Addr);
            long span = get(desc, L1_SPAN_HI, L1_SPAN_LO);
            if (span == 0) {
                return t.event(V3Event.C_BAD_STREAMID, false, String.format(
                        "L1 descriptor %d at 0x%x has SPAN 0 (no L2 table)", sid >>> split, l1Addr));
            }
            long l2idx = sid & ((1L << split) - 1);
            if (l2idx > (1L << span) - 1) {
                return t.event(V3Event.C_BAD_STE, false, String.format(
                        "L2 index %d beyond SPAN %d", l2idx, span));
            }
            steAddr = (desc & PTR_MASK) + l2idx * STE_BYTES;
        } else {
            steAddr = base + sid * STE_BYTES;
        }
        if (steAddr + STE_BYTES > oasLimit) {
            return t.event(V3Event.F_STE_FETCH, false, String.format("STE at 0x%x unreadable", steAddr));
        }
        long[] ste = read8(steAddr);
        t.steAddr = steAddr;
        if ((ste[0] & bit(STE_V)) == 0) {
            return t.event(V3Event.C_BAD_STE, false, t.where() + ": V = 0");
        }
        int config = Descriptors.config(ste[0]);
        if ((config & 4) == 0) {
            return done(V3Translation.Outcome.ABORT, 0, null, t.where() + ": Config " + config + " (abort)");
        }
        return switch (config) {
            case CFG_BYPASS -> done(V3Translation.Outcome.BYPASS, iova, null, t.where() + ": Config 4 (bypass)");
            case CFG_S1 -> stage1(t, ste, oasLimit);
            case CFG_S2 -> stage2(t, ste);
            default -> t.event(V3Event.C_BAD_STE, false, t.where() + ": Config 7 (nested) is not supported");
        };
    }

    private V3Translation stage1(Tx t, long[] ste, long oasLimit) {
        int s1fmt = (int) get(ste[0], STE_S1FMT_HI, STE_S1FMT_LO);
        int cdmax = (int) get(ste[0], STE_S1CDMAX_HI, STE_S1CDMAX_LO);
        boolean stalls = s.cfg != null && s.cfg.stalls();
        if ((ste[1] & bit(STE1_S1STALLD)) != 0 && !stalls) {
            return t.event(V3Event.C_BAD_STE, false, t.where() + ": S1STALLD set on an SMMU without stalls");
        }
        if (s1fmt == 3 || cdmax > get(s.regs.read32(IDR1), IDR1_SSIDSIZE_HI, IDR1_SSIDSIZE_LO)) {
            return t.event(V3Event.C_BAD_STE, false, t.where() + ": S1Fmt " + s1fmt + " / S1CDMax " + cdmax + " invalid");
        }
        int ssid;
        if (t.ssid != null) {
            if (cdmax == 0 || t.ssid < 0 || t.ssid >= 1L << cdmax) {
                return t.event(V3Event.C_BAD_SUBSTREAMID, false, t.where() + ": SSID " + t.ssid + " beyond S1CDMax "
                        + cdmax);
            }
            ssid = t.ssid;
        } else {
            int dss = (int) get(ste[1], STE1_S1DSS_HI, STE1_S1DSS_LO);
            if (cdmax != 0 && dss == S1DSS_TERMINATE) {
                return t.event(V3Event.F_STREAM_DISABLED, false, t.where() + ": no SSID and S1DSS terminate");
            }
            if (cdmax != 0 && dss == S1DSS_BYPASS) {
                return done(V3Translation.Outcome.BYPASS, t.iova, null, t.where() + ": no SSID, S1DSS bypass");
            }
            ssid = 0;
        }
        long ctx = ste[0] & PTR_MASK;
        long cdAddr;
        if (s1fmt == S1FMT_LINEAR) {
            cdAddr = ctx + (long) ssid * CD_BYTES;
        } else {
            int split = s1fmt == S1FMT_4K_L2 ? 6 : 10;
            long l1 = ctx + (long) (ssid >>> split) * 8;
            if (l1 + 8 > oasLimit) {
                return t.event(V3Event.F_CD_FETCH, false, String.format("L1 CD descriptor at 0x%x unreadable", l1));
            }
            long desc = s.mem.read64(l1);
            if ((desc & bit(L1CD_V)) == 0) {
                return t.event(V3Event.C_BAD_SUBSTREAMID, false, String.format(
                        "L1 CD descriptor %d at 0x%x invalid", ssid >>> split, l1));
            }
            cdAddr = (desc & L1CD_PTR_MASK) + (long) (ssid & ((1 << split) - 1)) * CD_BYTES;
        }
        if (cdAddr + CD_BYTES > oasLimit) {
            return t.event(V3Event.F_CD_FETCH, false, String.format("CD at 0x%x unreadable", cdAddr));
        }
        long[] cd = read8(cdAddr);
        t.cdSsid = ssid;
        t.cdAddr = cdAddr;
        String bad = badCd(cd, oasLimit);
        if (bad != null) {
            return t.event(V3Event.C_BAD_CD, false, t.where() + ": " + bad);
        }
        t.asid = (int) get(cd[0], CD_ASID_HI, CD_ASID_LO);
        t.record = (cd[0] & bit(CD_R)) != 0;
        long inputBits = 64 - get(cd[0], CD_T0SZ_HI, CD_T0SZ_LO);
        if ((cd[0] & bit(CD_EPD0)) != 0 || Long.compareUnsigned(t.iova, 1L << inputBits) >= 0) {
            return t.fault(V3Event.F_TRANSLATION, false, -1, t.where() + String.format(
                    ": IOVA 0x%x outside TTB0's %d-bit range", t.iova, inputBits));
        }
        return walk(t, cd[1] & TTB_MASK, false);
    }

    /** The CD checks of D.2 (QEMU decode_cd), with 16K granules accepted as the architecture allows. */
    private static String badCd(long[] cd, long oasLimit) {
        long c = cd[0];
        if ((c & bit(CD_V)) == 0 || (c & bit(CD_AA64)) == 0) {
            return "V or AA64 clear";
        }
        if ((c & bit(CD_A)) == 0) {
            return "A clear (TERM_MODEL 1)";
        }
        if ((c & bit(CD_S)) != 0 || (c & (bit(CD_HA) | bit(CD_HD))) != 0 || (c & bit(CD_ENDI)) != 0) {
            return "S, HA, HD or ENDI set";
        }
        if ((c & bit(CD_EPD0)) == 0) {
            long t0sz = get(c, CD_T0SZ_HI, CD_T0SZ_LO);
            if (t0sz < 16 || t0sz > 39) {
                return "T0SZ " + t0sz + " outside [16, 39]";
            }
            if (get(c, CD_TG0_HI, CD_TG0_LO) == 3) {
                return "TG0 reserved";
            }
            if (Long.compareUnsigned(cd[1] & TTB_MASK, oasLimit) >= 0) {
                return String.format("TTB0 0x%x above OAS", cd[1] & TTB_MASK);
            }
        }
        return null;
    }

    private V3Translation stage2(Tx t, long[] ste) {
        if (t.ssid != null) {
            return t.event(V3Event.C_BAD_SUBSTREAMID, false, t.where() + ": SSID on a stage-2-only STE");
        }
        long vtcr = get(ste[2], STE2_VTCR_HI, STE2_VTCR_LO);
        long t0sz = get(vtcr, VTCR_T0SZ_HI, VTCR_T0SZ_LO);
        if ((ste[2] & bit(STE2_S2AA64)) == 0 || t0sz < 12 || t0sz > 39 || get(vtcr, VTCR_TG_HI, VTCR_TG_LO) == 3) {
            return t.event(V3Event.C_BAD_STE, false, t.where() + ": stage-2 fields invalid (S2AA64, S2T0SZ or TG)");
        }
        t.record = (ste[2] & bit(STE2_S2R)) != 0;
        if (Long.compareUnsigned(t.iova, 1L << (64 - t0sz)) >= 0) {
            return t.fault(V3Event.F_TRANSLATION, true, -1, t.where() + String.format(
                    ": IPA 0x%x outside the %d-bit stage-2 input", t.iova, 64 - t0sz));
        }
        return walk(t, ste[3] & TTB_MASK, true);
    }

    /**
     * The walk behind TTB0 (or S2TTB). The success path builds its one detail string by concatenation:
     * {@code String.format} there cost more than the whole decode and walk.
     */
    private V3Translation walk(Tx t, long ttb, boolean stage2) {
        PageTableOps ops = s.tables.get(ttb);
        if (ops == null) {
            // nothing the driver built is there: the memory reads as invalid descriptors
            return t.fault(V3Event.F_TRANSLATION, stage2, 0, t.where() + String.format(": no table at 0x%x", ttb));
        }
        Walk w = ops.walk(t.iova, t.write);
        if (w.ok()) {
            return new V3Translation(V3Translation.Outcome.TRANSLATED, w.pa(), null, false, t.asid, w.level(),
                    t.where() + ": level-" + w.level() + " leaf 0x" + Long.toHexString(w.pte()));
        }
        V3Event e = switch (w.fault()) {
            case TRANSLATION -> V3Event.F_TRANSLATION;
            case ADDRESS_SIZE -> V3Event.F_ADDR_SIZE;
            case ACCESS_FLAG -> V3Event.F_ACCESS;
            case PERMISSION -> V3Event.F_PERMISSION;
        };
        return t.fault(e, stage2, w.level(), t.where() + String.format(": level-%d descriptor 0x%x", w.level(),
                w.pte()));
    }

    private long[] read8(long pa) {
        long[] out = new long[8];
        for (int i = 0; i < 8; i++) {
            out[i] = s.mem.read64(pa + 8L * i);
        }
        return out;
    }

    private static V3Translation done(V3Translation.Outcome o, long pa, Integer asid, String detail) {
        return new V3Translation(o, pa, null, false, asid, -1, detail);
    }

    /** One transaction in flight: its inputs and what the decode has learnt so far. */
    private final class Tx {
        final long sid;
        final Integer ssid;
        final long iova;
        final boolean write;
        /** The STE's address once found, the CD's SSID and address once found (-1: not yet). */
        long steAddr = -1;
        int cdSsid = -1;
        long cdAddr;
        Integer asid;
        boolean record = true;

        Tx(long sid, Integer ssid, long iova, boolean write) {
            this.sid = sid;
            this.ssid = ssid;
            this.iova = iova;
            this.write = write;
        }

        /** Which STE and CD decided, for humans: "STE 0x10 at 0x80004400, CD 2 at 0x80010080". */
        String where() {
            if (steAddr < 0) {
                return "";
            }
            String ste = "STE 0x" + Long.toHexString(sid) + " at 0x" + Long.toHexString(steAddr);
            return cdSsid < 0 ? ste : ste + ", CD " + cdSsid + " at 0x" + Long.toHexString(cdAddr);
        }

        /** A configuration error: always recorded (when the event queue is on). */
        V3Translation event(V3Event e, boolean stage2, String detail) {
            boolean rec = enqueue(e, stage2);
            return new V3Translation(V3Translation.Outcome.FAULT, 0, e, rec, asid, -1, detail);
        }

        /** A translation-class fault: recorded only when CD.R / STE.S2R says so. */
        V3Translation fault(V3Event e, boolean stage2, int level, String detail) {
            boolean rec = record && enqueue(e, stage2);
            return new V3Translation(V3Translation.Outcome.FAULT, 0, e, rec, asid, level, detail);
        }

        private boolean enqueue(V3Event e, boolean stage2) {
            if ((s.regs.read32(CR0) & (1 << CR0_EVTQEN)) == 0) {
                return false;
            }
            // the event queue holds 2^IDR1.EVTQS records (Smmuv3Hw: 7); nobody consumes it after the run, so
            // once full further events are lost, as the hardware loses them (EVTQ_PROD.OVFLG)
            if (events.size() >= EVENT_QUEUE_ENTRIES) {
                overflowed = true;
                return false;
            }
            events.add(V3Event.Record.of(e, sid, ssid, iova, write, stage2));
            return true;
        }
    }
}
