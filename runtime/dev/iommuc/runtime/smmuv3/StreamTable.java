package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.PhysMemory;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * The driver's stream table in simulated memory (reference/dart-smmuv3-of.md B.3, {@code arm_smmu_init_strtab}
 * and {@code arm_smmu_init_l2_strtab}): linear when the SMMU has no 2-level support or sid_bits ≤ 8, else an
 * L1 table of min(2^(sid_bits − 8), 2^17) descriptors whose 16 KiB L2 tables are allocated when a SID in
 * their span is first inserted. Every new STE is the initial one: bypass, or abort with
 * {@code disable_bypass}. STEs are written dwords 1–7 first, dword 0 last (the older writer, B.4).
 */
final class StreamTable {

    /** The L2 span written into L1 descriptors: STRTAB_SPLIT + 1. */
    static final int SPAN = STRTAB_SPLIT + 1;
    static final long L2_BYTES = (long) STE_BYTES << STRTAB_SPLIT;

    private final PhysMemory mem;
    private final boolean twoLevel;
    private final int sidBits;
    private final long base;
    /** 2-level: L1 descriptors; linear: STEs. */
    private final long entries;
    private final long[] initialSte;
    /** 2-level: the L2 table PA per L1 index, 0 while unallocated (the driver's {@code l2ptrs}). */
    private final long[] l2;
    private final List<Integer> l2Order = new ArrayList<>();

    /**
     * {@code arm_smmu_init_strtab}: allocates the table (an {@link dev.iommuc.runtime.mem.OutOfPhysMemoryException}
     * when memory runs out, which the caller reports as -ENOMEM) and fills a linear table with initial STEs.
     */
    StreamTable(PhysMemory mem, Smmuv3Cfg cfg, boolean disableBypass, Smmuv3 log) {
        this.mem = mem;
        this.twoLevel = cfg.twoLevelStrtab();
        this.sidBits = cfg.sidBits();
        this.initialSte = disableBypass ? Descriptors.abortSte() : Descriptors.bypassSte();
        if (twoLevel) {
            long want = 1L << (sidBits - STRTAB_SPLIT);
            entries = Math.min(want, STRTAB_MAX_L1_ENTRIES);
            if (entries != want) {
                log.warn(String.format("2-level strtab only covers %d/%d bits of SID",
                        63 - Long.numberOfLeadingZeros(entries) + STRTAB_SPLIT, sidBits));
            }
            base = mem.alloc(Math.max(entries * L1_DESC_BYTES, 64));
            l2 = new long[(int) entries];
        } else {
            entries = 1L << sidBits;
            base = mem.alloc(Math.max(entries * STE_BYTES, 64));
            l2 = null;
            for (long sid = 0; sid < entries; sid++) {
                write(steAddress(sid), initialSte);
            }
        }
    }

    boolean twoLevel() {
        return twoLevel;
    }

    /** STRTAB_BASE: RA | address [51:6] (B.3). */
    long baseRegister() {
        return bit(STRTAB_BASE_RA) | (base & PTR_MASK);
    }

    /** STRTAB_BASE_CFG: FMT, SPLIT and LOG2SIZE (B.3). */
    int baseCfgRegister() {
        if (!twoLevel) {
            return (int) (put(CFG_FMT_HI, CFG_FMT_LO, FMT_LINEAR) | put(CFG_LOG2SIZE_HI, CFG_LOG2SIZE_LO, sidBits));
        }
        int log2 = 63 - Long.numberOfLeadingZeros(entries) + STRTAB_SPLIT;
        return (int) (put(CFG_FMT_HI, CFG_FMT_LO, FMT_2LVL) | put(CFG_SPLIT_HI, CFG_SPLIT_LO, STRTAB_SPLIT)
                | put(CFG_LOG2SIZE_HI, CFG_LOG2SIZE_LO, log2));
    }

    /** {@code arm_smmu_sid_in_range}: below L1 entries × 256 (2-level) or 2^sid_bits (linear). */
    boolean inRange(long sid) {
        long limit = twoLevel ? entries << STRTAB_SPLIT : 1L << sidBits;
        return sid >= 0 && sid < limit;
    }

    /**
     * {@code arm_smmu_init_l2_strtab} for the span of {@code sid} when it has no L2 table yet: a 16 KiB
     * table of initial STEs, then the L1 descriptor (L2PTR | SPAN 9). Linear tables need nothing.
     */
    void ensureL2(long sid) {
        if (!twoLevel) {
            return;
        }
        int idx = (int) (sid >>> STRTAB_SPLIT);
        if (l2[idx] != 0) {
            return;
        }
        long pa = mem.alloc(L2_BYTES);
        for (int i = 0; i < 1 << STRTAB_SPLIT; i++) {
            write(pa + (long) i * STE_BYTES, initialSte);
        }
        l2[idx] = pa;
        l2Order.add(idx);
        mem.write64(l1Address(idx), (pa & PTR_MASK) | put(L1_SPAN_HI, L1_SPAN_LO, SPAN));
    }

    /** The L1 descriptor address of L1 index {@code idx} (2-level). */
    long l1Address(int idx) {
        return base + (long) idx * L1_DESC_BYTES;
    }

    /** The driver's pointer to the STE of {@code sid} (its L2 table must exist). */
    long steAddress(long sid) {
        if (!twoLevel) {
            return base + sid * STE_BYTES;
        }
        long l2pa = l2[(int) (sid >>> STRTAB_SPLIT)];
        return l2pa + (sid & ((1 << STRTAB_SPLIT) - 1)) * STE_BYTES;
    }

    /** Installs an STE: dwords 1–7, CFGI_STE + SYNC, dword 0, CFGI_STE + SYNC (B.4 older writer). */
    void writeSte(long sid, long[] ste) {
        write(steAddress(sid), ste);
    }

    long[] readSte(long sid) {
        long pa = steAddress(sid);
        long[] out = new long[8];
        for (int i = 0; i < 8; i++) {
            out[i] = mem.read64(pa + 8L * i);
        }
        return out;
    }

    /** L1 indices with an L2 table, in allocation order. */
    List<Integer> l2Indices() {
        return List.copyOf(l2Order);
    }

    long l1Entries() {
        return twoLevel ? entries : 0;
    }

    /** Bytes of stream table: the L1 (or linear) table plus every L2 table. */
    long bytes() {
        long top = twoLevel ? Math.max(entries * L1_DESC_BYTES, 64) : Math.max(entries * STE_BYTES, 64);
        return top + l2Order.size() * L2_BYTES;
    }

    long base() {
        return base;
    }

    private void write(long pa, long[] ste) {
        for (int i = 1; i < 8; i++) {
            mem.write64(pa + 8L * i, ste[i]);
        }
        mem.write64(pa, ste[0]);
    }
}
