package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.PhysMemory;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * A master's context-descriptor table (reference/dart-smmuv3-of.md B.5, {@code arm_smmu_alloc_cd_tables};
 * 6.12 keeps it per master): 2^s1cdmax CDs, linear (S1Fmt 0) when the SMMU lacks CD2L or there are at
 * most 1024, else 2-level (S1Fmt 2, "64K_L2") with ceil(2^s1cdmax / 1024) L1 descriptors whose 64 KiB
 * leaf tables are allocated when a CD in them is first written. CDs are written dwords 1–7 first and
 * dword 0 (with V) last, so the SMMU never sees a half-written valid CD.
 */
final class CdTable {

    private static final long LEAF_BYTES = (long) CD_L2_ENTRIES * CD_BYTES;

    private final PhysMemory mem;
    private final int s1cdmax;
    private final boolean twoLevel;
    private final long base;
    private final long[] leaves;
    private final List<Integer> leafOrder = new ArrayList<>();

    /** Allocates the table; an {@link dev.iommuc.runtime.mem.OutOfPhysMemoryException} means -ENOMEM. */
    CdTable(PhysMemory mem, int s1cdmax, boolean cd2l) {
        this.mem = mem;
        this.s1cdmax = s1cdmax;
        long max = 1L << s1cdmax;
        this.twoLevel = cd2l && max > CD_L2_ENTRIES;
        if (twoLevel) {
            int l1 = (int) ((max + CD_L2_ENTRIES - 1) / CD_L2_ENTRIES);
            base = mem.alloc(Math.max(8L * l1, 64));
            leaves = new long[l1];
        } else {
            base = mem.alloc(max * CD_BYTES);
            leaves = null;
        }
    }

    int s1fmt() {
        return twoLevel ? S1FMT_64K_L2 : S1FMT_LINEAR;
    }

    int s1cdmax() {
        return s1cdmax;
    }

    long base() {
        return base;
    }

    boolean twoLevel() {
        return twoLevel;
    }

    /** {@code arm_smmu_get_cd_ptr}: the CD's address, allocating its leaf table (2-level) if needed. */
    long cdAddress(int ssid) {
        if (!twoLevel) {
            return base + (long) ssid * CD_BYTES;
        }
        int idx = ssid / CD_L2_ENTRIES;
        if (leaves[idx] == 0) {
            long leaf = mem.alloc(LEAF_BYTES);
            leaves[idx] = leaf;
            leafOrder.add(idx);
            mem.write64(base + 8L * idx, Descriptors.l1Cd(leaf));
        }
        return leaves[idx] + (long) (ssid % CD_L2_ENTRIES) * CD_BYTES;
    }

    void write(int ssid, long[] cd) {
        long pa = cdAddress(ssid);
        for (int i = 1; i < 8; i++) {
            mem.write64(pa + 8L * i, cd[i]);
        }
        mem.write64(pa, cd[0]);
    }

    long[] read(int ssid) {
        long pa = cdAddress(ssid);
        long[] out = new long[8];
        for (int i = 0; i < 8; i++) {
            out[i] = mem.read64(pa + 8L * i);
        }
        return out;
    }

    /** Leaf tables allocated (2-level), else 0. */
    int leafTables() {
        return leafOrder.size();
    }

    /** Bytes: the L1 or linear table plus every leaf table allocated. */
    long bytes() {
        long top = twoLevel ? Math.max(8L * leaves.length, 64) : (1L << s1cdmax) * CD_BYTES;
        return top + leafOrder.size() * LEAF_BYTES;
    }
}
