package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.plan.PlanIommu;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * One emulated DART and the apple-dart driver's per-instance part (reference/dart-smmuv3-of.md A.1,
 * A.2): probe and reset, the register helpers the domain code uses ({@code apple_dart_hw_*}), the
 * interrupt handler, and the transaction path through the registers ({@link DartTranslator}). The
 * driver talks to the hardware only through {@link DartRegisters}; what it derives at probe is kept
 * in the fields below, as {@code struct apple_dart} keeps it.
 */
public final class AppleDart {

    final DartSystem system;
    final PlanIommu iommu;
    final DartHw hw;
    final DartLayout layout;
    final DartRegisters regs;
    private final List<String> log = new ArrayList<>();
    private DartResult probeResult;

    // what the driver read at probe
    long pgsize;
    boolean supportsBypass;
    boolean forceBypass;
    boolean locked;
    int numStreams;
    int ias;
    int oas;
    /** {@code sid2group[sid]} (A.3). */
    final DartGroup[] sid2group = new DartGroup[DartVariant.MAX_STREAMS];

    AppleDart(DartSystem system, PlanIommu iommu, DartVariant variant) {
        this.system = system;
        this.iommu = iommu;
        this.hw = DartHw.fromPlan(iommu, variant);
        this.layout = hw.layout();
        this.regs = new DartRegisters(hw);
    }

    public String id() {
        return iommu.id();
    }

    public DartHw hardware() {
        return hw;
    }

    public DartRegisters registers() {
        return regs;
    }

    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    public DartResult probeResult() {
        return probeResult;
    }

    public boolean probed() {
        return probeResult != null && probeResult.isOk();
    }

    /** The page-table format the driver uses for this variant (A.1). */
    public PageTableFormat format() {
        return hw.format();
    }

    /**
     * {@code apple_dart_probe} (A.1, A.2): PARAMS1/2 (and PARAMS3/4 on T8110), the stream-count check,
     * the lock (Asahi: a locked DART is kept as firmware left it, not reset), reset. Runs once.
     */
    public DartResult probe() {
        if (probeResult != null) {
            return probeResult;
        }
        pgsize = 1L << ((regs.read32(DartLayout.PARAMS1) >>> DartLayout.PARAMS1_PAGE_SHIFT) & 0xf);
        supportsBypass = (regs.read32(DartLayout.PARAMS2) & DartLayout.PARAMS2_BYPASS) != 0;
        if (layout.t8110()) {
            int p3 = regs.read32(layout.params3());
            oas = (p3 >>> 24) & 0x3f;
            ias = (p3 >>> 16) & 0x3f;
            numStreams = regs.read32(layout.params4()) & 0x1ff;
        } else {
            // T8020/T6000: the variant table's values (ias fixed at 32 in the driver)
            ias = hw.ias();
            oas = hw.oas();
            numStreams = hw.numStreams();
        }
        // mainline force_bypass (A.6); under the Asahi rule the paging domain is refused instead
        forceBypass = pgsize > system.kernel.pageSize()
                && system.kernel.dartSmallPages() == dev.iommuc.runtime.plan.Kernel.DartSmallPages.FORCE_BYPASS;
        if (numStreams > DartVariant.MAX_STREAMS) {
            return fail(Errno.EINVAL, "Too many streams (" + numStreams + ")");
        }
        locked = regs.locked();
        if (!locked) {
            reset();
        }
        info(String.format("DART [pagesize %x, %d streams, bypass support: %d, bypass forced: %d, locked: %d] "
                + "initialized", pgsize, numStreams, supportsBypass ? 1 : 0, forceBypass ? 1 : 0, locked ? 1 : 0));
        probeResult = DartResult.ok();
        return probeResult;
    }

    private DartResult fail(Errno e, String msg) {
        err(msg);
        probeResult = DartResult.error(e, msg);
        return probeResult;
    }

    /** {@code apple_dart_hw_reset} (A.2 steps 2–6). */
    private void reset() {
        BitSet all = new BitSet();
        all.set(0, numStreams);
        disableDma(all);
        for (int sid = 0; sid < numStreams; sid++) {
            for (int i = 0; i < hw.ttbrCount(); i++) {
                regs.write32(hw.ttbr(sid, i), 0);
            }
        }
        for (int i = 0; i < hw.streamWords(); i++) {
            regs.write32(layout.enableStreams() + 4 * i, 0xffffffff);
        }
        regs.write32(layout.error(), regs.read32(layout.error()));
        if (layout.t8110()) {
            regs.write32(layout.errorMask(), 0);
        }
        invalidate(all);
    }

    // ---- apple_dart_hw_* as the domain code calls them ----

    void setTtbr(BitSet sids, int idx, long tablePa) {
        sids.stream().forEach(sid -> regs.write32(hw.ttbr(sid, idx), layout.encodeTtbr(tablePa)));
    }

    void clearTtbr(BitSet sids, int idx) {
        sids.stream().forEach(sid -> regs.write32(hw.ttbr(sid, idx), 0));
    }

    void enableTranslation(BitSet sids, boolean fourLevel) {
        int v = layout.tcrTranslate() | (fourLevel ? layout.tcrFourLevel() : 0);
        sids.stream().forEach(sid -> regs.write32(layout.tcr(sid), v));
    }

    void enableBypass(BitSet sids) {
        sids.stream().forEach(sid -> regs.write32(layout.tcr(sid), layout.tcrBypass()));
    }

    void disableDma(BitSet sids) {
        sids.stream().forEach(sid -> regs.write32(layout.tcr(sid), 0));
    }

    /** The firmware's TTBR word for (sid, idx), as the locked-DART code reads it (A.7). */
    int readTtbr(int sid, int idx) {
        return regs.read32(hw.ttbr(sid, idx));
    }

    int readTcr(int sid) {
        return regs.read32(layout.tcr(sid));
    }

    /**
     * {@code invalidate_tlb}: T8020 writes the SID bitmap to STREAM_SELECT (BITS_TO_U32 words) and
     * INVALIDATE to STREAM_COMMAND, then polls BUSY; T8110 one FLUSH_SID per SID on TLB_CMD (A.2).
     */
    void invalidate(BitSet sids) {
        if (layout.t8110()) {
            sids.stream().forEach(sid -> {
                regs.write32(layout.tlbCmd(), DartLayout.TLB_CMD_OP_FLUSH_SID | sid);
                poll(layout.tlbCmd(), DartLayout.TLB_CMD_BUSY);
            });
            return;
        }
        long[] words = sids.toLongArray();
        for (int i = 0; i < hw.streamWords(); i++) {
            long w = i / 2 < words.length ? words[i / 2] >>> (32 * (i % 2)) : 0;
            regs.write32(layout.streamSelect() + 4 * i, (int) w);
        }
        regs.write32(layout.streamCommand(), DartLayout.STREAM_COMMAND_INVALIDATE);
        poll(layout.streamCommand(), DartLayout.STREAM_COMMAND_BUSY);
    }

    private void poll(int reg, int busy) {
        if ((regs.read32(reg) & busy) != 0) {
            err("timeout while waiting for the TLB flush"); // the 100 µs poll gives up
        }
    }

    // ---- interrupts and transactions ----

    /**
     * The IRQ handler (A.2): ERROR without FLAG is not ours; otherwise the code is decoded by exact
     * match, logged with stream and address, and ERROR written back to clear it. True if handled.
     */
    public boolean handleFault() {
        int error = regs.read32(layout.error());
        if ((error & DartLayout.ERROR_FLAG) == 0) {
            return false;
        }
        int code = error & (layout.t8110() ? 0x7fff : 0xfff);
        int sid = (error >>> layout.errorStreamShift()) & ((1 << layout.errorStreamBits()) - 1);
        long addr = (regs.read32(layout.errorAddrLo()) & 0xffffffffL)
                | (long) regs.read32(layout.errorAddrHi()) << 32;
        DartFault f = layout.fault(code);
        err(String.format("translation fault: status:0x%x stream:%d code:0x%x (%s) at 0x%x", error, sid, code,
                f == null ? "unknown" : f.name(), addr));
        regs.write32(layout.error(), error);
        return true;
    }

    /** One transaction through the registers and the tables in memory (A.2, A.5). */
    public DartTranslation translate(int sid, long iova, boolean write) {
        return DartTranslator.translate(this, sid, iova, write);
    }

    /** The state for reports. */
    public DartState snapshot() {
        return DartSnapshots.of(this);
    }

    void info(String msg) {
        log.add("info: " + msg);
    }

    void warn(String msg) {
        log.add("warning: " + msg);
    }

    void err(String msg) {
        log.add("error: " + msg);
    }
}
