package dev.iommuc.runtime.smmu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The emulated SMMU's register space (reference/arm-smmu-v2.md §8.1): GR0 (page 0), GR1 (page 1) and
 * one page per context bank from page NUMPAGE. Accesses are (page, offset) pairs as the driver makes
 * them; GR0 offsets may run past the page for large S2CR tables, as the driver's offset arithmetic does.
 *
 * <p>Behaviour that the driver's probing depends on (§10 read-back fidelity): ID registers are read
 * only; unimplemented SMR ID/MASK bits are RAZ/WI and with stream indexing every SMR is (§1.4); S2CR
 * TYPE reads back as written unless the firmware turns BYPASS into FAULT (§7.4); sGFSR and FSR are
 * write-one-to-clear; MMU-500 ACTLR writes are ignored while sACR.CACHE_LOCK is set (§7.3 step 6).
 * Unknown offsets are RAZ/WI. Every write is logged so tests can check the driver's order (§8.2).
 */
public final class RegisterFile {

    /** One register write: page, offset within the page, value and access width in bits. */
    public record Write(int page, int offset, long value, int width, String name) {
    }

    /** One context bank's registers; the emulated hardware reads them directly when it translates. */
    static final class Bank {
        int sctlr;
        int actlr;
        int tcr2;
        int tcr;
        int contextidr;
        int mair0;
        int mair1;
        int fsr;
        int fsynr0;
        int fsynr1;
        long ttbr0;
        long ttbr1;
        long far;
        long par;
    }

    private final SmmuHw hw;
    private int scr0 = Reg.SCR0_CLIENTPD;
    private int sacr;
    private int sgfsr;
    private int sgfsynr0;
    private int sgfsynr1;
    private int sgfsynr2;
    private final int[] smr;
    private final int[] s2cr;
    private final int[] cbar;
    private final int[] cba2r;
    private final int[] cbfrsynra;
    private final Bank[] banks;
    private final List<Write> writes = new ArrayList<>();
    private long tlbMaintenance;
    /** Bumped by every SMR or S2CR write: stream-match decoders cached by the hardware depend on it. */
    private int streamMapGeneration;

    RegisterFile(SmmuHw hw) {
        this.hw = hw;
        this.smr = new int[hw.streamMatch() ? hw.numSmrg() : 0];
        this.s2cr = new int[hw.numS2crs()];
        this.cbar = new int[hw.numCb()];
        this.cba2r = new int[hw.numCb()];
        this.cbfrsynra = new int[hw.numCb()];
        this.banks = new Bank[hw.numCb()];
        for (int i = 0; i < banks.length; i++) {
            banks[i] = new Bank();
            // MMU-500 resets ACTLR with CPRE and CMTLB set, which the errata reset clears (assumed value)
            banks[i].actlr = hw.mmu500() ? 0x3 : 0;
        }
        this.sacr = hw.mmu500() ? Reg.SACR_CACHE_LOCK : 0;
    }

    public static final int GR0 = 0;
    public static final int GR1 = 1;

    /** The page of context bank {@code n}: NUMPAGE + n (§8.1). */
    public int cbPage(int n) {
        return hw.numPage() + n;
    }

    /** Size of the register space: 2 · NUMPAGE pages (§1.4 IDR1.NUMPAGENDXB). */
    public long size() {
        return (2L * hw.numPage()) << hw.pgshift();
    }

    public int numContextBanks() {
        return banks.length;
    }

    public int read32(int page, int off) {
        if (page == GR0) {
            return gr0Read(off);
        }
        if (page == GR1) {
            return gr1Read(off);
        }
        int n = page - hw.numPage();
        if (n >= 0 && n < banks.length) {
            int base = off & ~4;
            if (is64(base)) {
                long v = cbRead(banks[n], base);
                return base != off ? (int) (v >>> 32) : (int) v;
            }
            return (int) cbRead(banks[n], off);
        }
        return 0;
    }

    public long read64(int page, int off) {
        int n = page - hw.numPage();
        if (n >= 0 && n < banks.length && is64(off)) {
            return cbRead(banks[n], off);
        }
        return read32(page, off) & 0xffffffffL;
    }

    public void write32(int page, int off, int v) {
        log(page, off, v & 0xffffffffL, 32);
        if (page == GR0) {
            gr0Write(off, v);
        } else if (page == GR1) {
            gr1Write(off, v);
        } else {
            int n = page - hw.numPage();
            if (n >= 0 && n < banks.length) {
                int base = off & ~4;
                if (is64(base)) {
                    long old = cbRead(banks[n], base);
                    long nv = (off & 4) != 0 ? (old & 0xffffffffL) | (long) v << 32
                            : (old & 0xffffffff00000000L) | (v & 0xffffffffL);
                    cbWrite(banks[n], base, nv);
                } else {
                    cbWrite(banks[n], off, v & 0xffffffffL);
                }
            }
        }
    }

    public void write64(int page, int off, long v) {
        int n = page - hw.numPage();
        if (n >= 0 && n < banks.length && is64(off)) {
            log(page, off, v, 64);
            cbWrite(banks[n], off, v);
        } else {
            write32(page, off, (int) v);
        }
    }

    /** Every write since construction (or the last {@link #clearWrites()}), in order. */
    public List<Write> writes() {
        return Collections.unmodifiableList(writes);
    }

    public void clearWrites() {
        writes.clear();
    }

    /** TLB invalidate and sync writes seen (the emulator keeps no TLB, so they only count). */
    public long tlbMaintenance() {
        return tlbMaintenance;
    }

    private void log(int page, int off, long v, int width) {
        writes.add(new Write(page, off, v, width, describe(page, off)));
    }

    private static boolean is64(int off) {
        return off == Reg.CB_TTBR0 || off == Reg.CB_TTBR1 || off == Reg.CB_PAR || off == Reg.CB_FAR;
    }

    // ---- GR0 ----

    private int gr0Read(int off) {
        if (off >= Reg.SMR_BASE && off < Reg.SMR_BASE + 4 * smr.length) {
            return smr[(off - Reg.SMR_BASE) / 4];
        }
        if (off >= Reg.S2CR_BASE && off < Reg.S2CR_BASE + 4L * s2cr.length) {
            return s2cr[(off - Reg.S2CR_BASE) / 4];
        }
        switch (off) {
            case Reg.SCR0: return scr0;
            case Reg.SACR: return sacr;
            case Reg.IDR0: return hw.idr0();
            case Reg.IDR1: return hw.idr1();
            case Reg.IDR2: return hw.idr2();
            case Reg.IDR7: return hw.idr7();
            case Reg.SGFSR: return sgfsr;
            case Reg.SGFSYNR0: return sgfsynr0;
            case Reg.SGFSYNR1: return sgfsynr1;
            case Reg.SGFSYNR2: return sgfsynr2;
            default: return 0;
        }
    }

    private void gr0Write(int off, int v) {
        if (off >= Reg.SMR_BASE && off < Reg.SMR_BASE + 4 * smr.length) {
            smr[(off - Reg.SMR_BASE) / 4] = v & smrImplemented();
            streamMapGeneration++;
            return;
        }
        if (off >= Reg.S2CR_BASE && off < Reg.S2CR_BASE + 4L * s2cr.length) {
            int val = hw.exids() ? v : v & ~Reg.S2CR_EXIDVALID;
            int type = (val >>> Reg.S2CR_TYPE_SHIFT) & 3;
            if (hw.s2crBypassToFault() && type == S2crType.BYPASS.field()) {
                // §7.4: the firmware maps BYPASS writes to FAULT
                val = (val & ~(3 << Reg.S2CR_TYPE_SHIFT)) | S2crType.FAULT.field() << Reg.S2CR_TYPE_SHIFT;
            }
            s2cr[(off - Reg.S2CR_BASE) / 4] = val;
            streamMapGeneration++;
            return;
        }
        switch (off) {
            case Reg.SCR0 -> scr0 = v;
            case Reg.SACR -> sacr = v;
            case Reg.SGFSR -> sgfsr &= ~v;
            case Reg.TLBIVMID, Reg.TLBIALLNSNH, Reg.TLBIALLH, Reg.STLBGSYNC -> tlbMaintenance++;
            default -> { }
        }
    }

    /** §1.4/§2.4: ID [15:0] and MASK [31:16] as wide as implemented; VALID at bit 31 without EXIDS. */
    private int smrImplemented() {
        int id = (1 << hw.smrIdBits()) - 1;
        int mask = ((1 << hw.smrMaskBits()) - 1) << 16;
        return id | mask | (hw.exids() ? 0 : Reg.SMR_VALID);
    }

    // ---- GR1 ----

    private int gr1Read(int off) {
        int n = (off & 0x3ff) / 4;
        if (n >= banks.length) {
            return 0;
        }
        return switch (off & ~0x3ff) {
            case 0x000 -> cbar[n];
            case 0x400 -> cbfrsynra[n];
            case 0x800 -> hw.version().aboveV1() ? cba2r[n] : 0;
            default -> 0;
        };
    }

    private void gr1Write(int off, int v) {
        int n = (off & 0x3ff) / 4;
        if (n >= banks.length) {
            return;
        }
        switch (off & ~0x3ff) {
            case 0x000 -> cbar[n] = v;
            case 0x800 -> {
                if (hw.version().aboveV1()) {
                    cba2r[n] = v;
                }
            }
            default -> { }
        }
    }

    // ---- context banks ----

    private long cbRead(Bank b, int off) {
        return switch (off) {
            case Reg.CB_SCTLR -> b.sctlr & 0xffffffffL;
            case Reg.CB_ACTLR -> b.actlr & 0xffffffffL;
            case Reg.CB_TCR2 -> b.tcr2 & 0xffffffffL;
            case Reg.CB_TTBR0 -> b.ttbr0;
            case Reg.CB_TTBR1 -> b.ttbr1;
            case Reg.CB_TCR -> b.tcr & 0xffffffffL;
            case Reg.CB_CONTEXTIDR -> b.contextidr & 0xffffffffL;
            case Reg.CB_MAIR0 -> b.mair0 & 0xffffffffL;
            case Reg.CB_MAIR1 -> b.mair1 & 0xffffffffL;
            case Reg.CB_PAR -> b.par;
            case Reg.CB_FSR -> b.fsr & 0xffffffffL;
            case Reg.CB_FAR -> b.far;
            case Reg.CB_FSYNR0 -> b.fsynr0 & 0xffffffffL;
            case Reg.CB_FSYNR1 -> b.fsynr1 & 0xffffffffL;
            default -> 0;
        };
    }

    private void cbWrite(Bank b, int off, long v) {
        int w = (int) v;
        switch (off) {
            case Reg.CB_SCTLR -> b.sctlr = w;
            case Reg.CB_ACTLR -> {
                if (!(hw.mmu500() && (sacr & Reg.SACR_CACHE_LOCK) != 0)) {
                    b.actlr = w;
                }
            }
            case Reg.CB_TCR2 -> b.tcr2 = hw.version().aboveV1() ? w : 0;
            case Reg.CB_TTBR0 -> b.ttbr0 = v;
            case Reg.CB_TTBR1 -> b.ttbr1 = v;
            case Reg.CB_TCR -> b.tcr = w;
            case Reg.CB_CONTEXTIDR -> b.contextidr = w;
            case Reg.CB_MAIR0 -> b.mair0 = w;
            case Reg.CB_MAIR1 -> b.mair1 = w;
            case Reg.CB_FSR -> b.fsr &= ~w;
            case Reg.CB_TLBIVA, Reg.CB_TLBIASID, Reg.CB_TLBIVAL, Reg.CB_TLBIIPAS2, Reg.CB_TLBIIPAS2L,
                    Reg.CB_TLBSYNC -> tlbMaintenance++;
            default -> { }
        }
    }

    // ---- the hardware's own view of its registers (no decode, no log) ----

    int scr0() {
        return scr0;
    }

    int smrWord(int i) {
        return smr[i];
    }

    int s2crWord(int i) {
        return s2cr[i];
    }

    int cbarWord(int n) {
        return cbar[n];
    }

    int cba2rWord(int n) {
        return hw.version().aboveV1() ? cba2r[n] : 0;
    }

    Bank bank(int n) {
        return banks[n];
    }

    int streamMapGeneration() {
        return streamMapGeneration;
    }

    // ---- faults raised by the emulated hardware ----

    /** Records a global fault (sGFSR class bit, syndrome with WNR, stream ID in sGFSYNR1). */
    void recordGlobalFault(int gfsrBit, boolean write, int sid) {
        if (sgfsr != 0) {
            sgfsr |= Reg.GFSR_MULTI;
            return;
        }
        sgfsr = gfsrBit;
        sgfsynr0 = write ? Reg.GFSYNR0_WNR : 0;
        sgfsynr1 = sid & 0xffff;
        sgfsynr2 = 0;
    }

    /** Records a context fault in bank {@code n}: FSR class bit (and SS when stalling), FAR, FSYNR0, CBFRSYNRA. */
    void recordContextFault(int n, int fsrBit, long far, int level, boolean write, int sid) {
        Bank b = banks[n];
        if ((b.fsr & Reg.FSR_FAULT) != 0) {
            b.fsr |= Reg.FSR_MULTI;
            return;
        }
        b.fsr = fsrBit | ((b.sctlr & Reg.SCTLR_CFCFG) != 0 ? Reg.FSR_SS : 0);
        b.far = far;
        b.fsynr0 = (level & 3) | (write ? Reg.FSYNR0_WNR : 0);
        cbfrsynra[n] = sid & 0xffff;
    }

    /** A register's name for logs and reports: {@code GR0.S2CR5}, {@code GR1.CBAR0}, {@code CB3.TCR}. */
    public String describe(int page, int off) {
        if (page == GR0) {
            if (off >= Reg.SMR_BASE && off < Reg.S2CR_BASE) {
                return "GR0.SMR" + (off - Reg.SMR_BASE) / 4;
            }
            if (off >= Reg.S2CR_BASE) {
                return "GR0.S2CR" + (off - Reg.S2CR_BASE) / 4;
            }
            return "GR0." + RegNames.gr0(off);
        }
        if (page == GR1) {
            String[] kinds = {"CBAR", "CBFRSYNRA", "CBA2R", "GR1+0xc00"};
            return "GR1." + kinds[(off >> 10) & 3] + (off & 0x3ff) / 4;
        }
        return "CB" + (page - hw.numPage()) + "." + RegNames.cb(off);
    }
}
