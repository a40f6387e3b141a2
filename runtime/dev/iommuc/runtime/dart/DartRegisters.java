package dev.iommuc.runtime.dart;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One DART's MMIO registers (reference/dart-smmuv3-of.md A.2) and what the hardware does on access:
 * PARAMS built from {@link DartHw}; ERROR write-one-to-clear; a TLB command (T8020 STREAM_COMMAND
 * with INVALIDATE over the STREAM_SELECT bitmap, T8110 TLB_CMD FLUSH_SID) is recorded as a
 * {@link Flush} and completes at once (BUSY reads 0); with the lock set (A.7), TCR and TTBR writes
 * are ignored. Every write is logged in order, so tests can compare the driver's sequence with the
 * reference's tables. The hardware has no TLB: walks read memory, so the flushes are evidence only.
 *
 * <p>Registers overlap as offsets do: on a 64-SID T8020 DART the second stream-enable word lands on
 * TCR(0) (A.2 note), and that is modelled as it falls.
 */
public final class DartRegisters {

    /** One register write by the driver. */
    public record Write(int offset, int value) {
        @Override
        public String toString() {
            return String.format("0x%x <- 0x%08x", offset, value);
        }
    }

    /** One TLB invalidation: the SIDs it covered. */
    public record Flush(BitSet sids) {
        public Flush {
            sids = (BitSet) sids.clone();
        }

        @Override
        public BitSet sids() {
            return (BitSet) sids.clone();
        }
    }

    private final DartHw hw;
    private final DartLayout l;
    private final Map<Integer, Integer> regs = new TreeMap<>();
    private final List<Write> writes = new ArrayList<>();
    private final List<Flush> flushes = new ArrayList<>();
    private int ignoredWrites;

    DartRegisters(DartHw hw) {
        this.hw = hw;
        this.l = hw.layout();
        regs.put(DartLayout.PARAMS1, hw.pageShift() << DartLayout.PARAMS1_PAGE_SHIFT);
        regs.put(DartLayout.PARAMS2, hw.supportsBypass() ? DartLayout.PARAMS2_BYPASS : 0);
        if (l.t8110()) {
            // PARAMS3: PA_WIDTH 29:24, VA_WIDTH 21:16; PARAMS4: NUM_SIDS 8:0 (A.1)
            regs.put(l.params3(), (hw.oas() & 0x3f) << 24 | (hw.ias() & 0x3f) << 16);
            regs.put(l.params4(), hw.numStreams() & 0x1ff);
        }
        if (hw.locked()) {
            firmwareLock();
        }
    }

    /**
     * The state firmware leaves on a locked DART (A.7): lock bit set, and for every stream TCR =
     * TRANSLATE (+ FOUR_LEVEL) and TTBR(sid, 0) pointing at the firmware's root table, streams enabled
     * (firmware leaves the DART running; the driver does not reset it). A root that is
     * zero or not aligned to the DART page cannot be a table: the TTBR is left without VALID, which the
     * driver rejects. Which streams firmware set up is not in the plan; all of them is an assumption.
     */
    private void firmwareLock() {
        regs.put(l.lockReg(), l.lockBit());
        for (int i = 0; i < hw.streamWords(); i++) {
            regs.put(l.enableStreams() + 4 * i, 0xffffffff);
        }
        long root = hw.lockedTtbr();
        boolean ok = root != 0 && (root & (hw.pageSize() - 1)) == 0;
        int tcr = l.tcrTranslate() | (hw.lockedFourLevel() ? l.tcrFourLevel() : 0);
        for (int sid = 0; sid < hw.numStreams(); sid++) {
            regs.put(l.tcr(sid), tcr);
            regs.put(hw.ttbr(sid, 0), ok ? l.encodeTtbr(root) : 0);
        }
    }

    public int read32(int offset) {
        return regs.getOrDefault(offset, 0);
    }

    public void write32(int offset, int value) {
        writes.add(new Write(offset, value));
        if (locked() && protectedReg(offset)) {
            ignoredWrites++;
            return;
        }
        if (offset == l.error()) {
            regs.put(offset, read32(offset) & ~value); // cleared by writing the read value back
            return;
        }
        if (offset == l.streamCommand() && (value & DartLayout.STREAM_COMMAND_INVALIDATE) != 0) {
            int[] words = new int[hw.streamWords()];
            for (int i = 0; i < words.length; i++) {
                words[i] = read32(l.streamSelect() + 4 * i);
            }
            flushes.add(new Flush(BitSet.valueOf(toLongs(words))));
            regs.put(offset, value & ~DartLayout.STREAM_COMMAND_BUSY);
            return;
        }
        if (offset == l.tlbCmd()) {
            BitSet sids = new BitSet();
            if ((value & 0x700) == DartLayout.TLB_CMD_OP_FLUSH_SID) {
                sids.set(value & 0xff);
            } else {
                sids.set(0, hw.numStreams()); // FLUSH_ALL
            }
            flushes.add(new Flush(sids));
            regs.put(offset, value & ~DartLayout.TLB_CMD_BUSY);
            return;
        }
        regs.put(offset, value);
    }

    public boolean locked() {
        return (read32(l.lockReg()) & l.lockBit()) != 0;
    }

    private boolean protectedReg(int offset) {
        return offset >= l.tcr(0) && offset < l.tcr(hw.numStreams())
                || offset >= hw.ttbr(0, 0) && offset < hw.ttbr(hw.numStreams(), 0);
    }

    /** The hardware latches a fault (the first one; later ones wait until ERROR is cleared). */
    void raise(DartFault f, int sid, long iova) {
        if ((read32(l.error()) & DartLayout.ERROR_FLAG) != 0) {
            return;
        }
        int stream = (sid & ((1 << l.errorStreamBits()) - 1)) << l.errorStreamShift();
        regs.put(l.error(), DartLayout.ERROR_FLAG | stream | l.code(f));
        regs.put(l.errorAddrLo(), (int) iova);
        regs.put(l.errorAddrHi(), (int) (iova >>> 32));
    }

    private static long[] toLongs(int[] words) {
        long[] out = new long[(words.length + 1) / 2];
        for (int i = 0; i < words.length; i++) {
            out[i / 2] |= (words[i] & 0xffffffffL) << (32 * (i % 2));
        }
        return out;
    }

    /** Every write, in order. */
    public List<Write> writes() {
        return Collections.unmodifiableList(writes);
    }

    /** Every TLB invalidation, in order. */
    public List<Flush> flushes() {
        return Collections.unmodifiableList(flushes);
    }

    /** TCR/TTBR writes the lock swallowed. */
    public int ignoredWrites() {
        return ignoredWrites;
    }
}
