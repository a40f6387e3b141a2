package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.PhysMemory;

/**
 * The hardware's side of an ARM LPAE table: index math (reference/arm-smmu-v2.md §5.2), descriptor
 * decoding (§5.2 "Descriptors", 64K PA[51:48] folding) and the walk an SMMU does for one access, with
 * the fault it raises. {@link ArmLpaePageTable} adds io-pgtable's software operations on top.
 *
 * <p>Faults, in the architecture's priority order: TRANSLATION for an IOVA outside the input range
 * (§5.2 "within ias", sign-extended with TTBR1), an invalid descriptor, a block where the granule has
 * none (4K: L0; 16K: L0, L1; 64K: L1 unless 52-bit) or type 1 at L3; ADDRESS_SIZE for a table or
 * output address at or above 2^oas; ACCESS_FLAG for a leaf without AF; PERMISSION for a write to a
 * stage-1 leaf with AP[2] (read-only) or a stage-2 access without its HAP bit. Privilege (AP[1]) and
 * execute permissions are not modelled: accesses are unprivileged data reads or writes.
 */
abstract class LpaeWalker {

    final LpaeGeometry geometry;
    final PhysMemory mem;
    final long pgd;
    final boolean stage2;
    final boolean ttbr1;
    final int start;
    final int bpl;
    final int ias;
    final int oas;
    final long pgdMask;
    final long tableMask;
    private final boolean fold52;
    /** Per level, bit t set when a descriptor of type t is a leaf the hardware accepts. */
    private final int[] leafTypes = new int[4];
    /**
     * A leaf at level l translates an access (write w) when {@code (entry & leafMask[2l + w]) ==
     * leafValue[2l + w]}: the type accepted at the level, AF, HAP read or write at stage 2, AP[2] clear
     * for a stage-1 write. Levels without leaves have a value the mask can never produce.
     */
    private final long[] leafMask = new long[8];
    private final long[] leafValue = new long[8];

    LpaeWalker(LpaeGeometry g, PhysMemory mem, long pgd, boolean stage2, boolean ttbr1) {
        this.geometry = g;
        this.mem = mem;
        this.pgd = pgd;
        this.stage2 = stage2;
        this.ttbr1 = ttbr1;
        this.start = g.startLevel();
        this.bpl = g.bitsPerLevel();
        this.ias = g.ias();
        this.oas = g.oas();
        this.pgdMask = g.entries(start) - 1;
        this.tableMask = (1L << bpl) - 1;
        this.fold52 = g.pgShift() == 16;
        for (int l = 0; l < 3; l++) {
            leafTypes[l] = g.blockAllowed(l) ? 1 << LpaePte.TYPE_BLOCK : 0;
        }
        leafTypes[3] = 1 << LpaePte.TYPE_PAGE;
        for (int l = 0; l < 4; l++) {
            for (int w = 0; w < 2; w++) {
                long set = LpaePte.AF | (stage2 ? (w == 1 ? LpaePte.HAP_WRITE : LpaePte.HAP_READ) : 0);
                long clear = !stage2 && w == 1 ? LpaePte.AP_RDONLY : 0;
                long type = l == 3 ? LpaePte.TYPE_PAGE : g.blockAllowed(l) ? LpaePte.TYPE_BLOCK : 1L << 62;
                leafMask[2 * l + w] = LpaePte.TYPE_MASK | set | clear;
                leafValue[2 * l + w] = type | set;
            }
        }
    }

    /** Throws when the table has been freed. */
    abstract void live();

    /** The hardware's walk for one access (see the class comment for the faults). */
    public Walk walk(long iova, boolean write) {
        live();
        if (!inRange(iova)) {
            return new Walk(0, Walk.Fault.TRANSLATION, start, 0);
        }
        int l = start;
        long table = pgd;
        long mask = pgdMask;
        long entry;
        while (true) {
            entry = mem.read64(table + (((iova >>> shift(l)) & mask) << 3));
            if (l == 3 || (entry & LpaePte.TYPE_MASK) != LpaePte.TYPE_TABLE) {
                break;
            }
            table = outputAddress(entry);
            if ((table >>> oas) != 0) {
                return new Walk(0, Walk.Fault.ADDRESS_SIZE, l, entry);
            }
            mask = tableMask;
            l++;
        }
        long oa = outputAddress(entry);
        if (leafTranslates(entry, l, oa, write)) {
            return new Walk(oa | (iova & ((1L << shift(l)) - 1)), null, l, entry);
        }
        return new Walk(0, leafFault(entry, l, oa), l, entry);
    }

    /**
     * The walk without its record: the output address, or −1 when the access faults ({@link #walk}
     * says which fault, at which level). For hot translation paths: it allocates nothing.
     */
    public long translate(long iova, boolean write) {
        live();
        if (!inRange(iova)) {
            return -1;
        }
        int l = start;
        long table = pgd;
        long mask = pgdMask;
        long entry;
        while (true) {
            entry = mem.read64(table + (((iova >>> shift(l)) & mask) << 3));
            if (l == 3 || (entry & LpaePte.TYPE_MASK) != LpaePte.TYPE_TABLE) {
                break;
            }
            table = outputAddress(entry);
            if ((table >>> oas) != 0) {
                return -1;
            }
            mask = tableMask;
            l++;
        }
        long oa = outputAddress(entry);
        return leafTranslates(entry, l, oa, write) ? oa | (iova & ((1L << shift(l)) - 1)) : -1;
    }

    /** A leaf the hardware accepts, in range, with AF, permitting the access. */
    private boolean leafTranslates(long entry, int level, long oa, boolean write) {
        int k = 2 * level + (write ? 1 : 0);
        return (entry & leafMask[k]) == leafValue[k] && (oa >>> oas) == 0;
    }

    /** Why a descriptor at {@code level} that {@link #leafTranslates} refused does not translate. */
    private Walk.Fault leafFault(long entry, int level, long oa) {
        if ((leafTypes[level] & (1 << (entry & LpaePte.TYPE_MASK))) == 0) {
            return Walk.Fault.TRANSLATION; // invalid, a block where none is allowed, or type 1 at L3
        }
        if ((oa >>> oas) != 0) {
            return Walk.Fault.ADDRESS_SIZE;
        }
        if ((entry & LpaePte.AF) == 0) {
            return Walk.Fault.ACCESS_FLAG;
        }
        return Walk.Fault.PERMISSION;
    }

    /** "Within ias" (§5.2): iova >> ias is 0, or all ones with the TTBR1 quirk. */
    final boolean inRange(long iova) {
        long ext = iova >> ias;
        return (ttbr1 ? ~ext : ext) == 0;
    }

    /** Level shift (4 − l)·bpl + 3 (§5.2). */
    final int shift(int level) {
        return (4 - level) * bpl + 3;
    }

    /** Index at {@code level}: pgd_bits wide at the start level, bpl below (§5.2). */
    final long index(long iova, int level) {
        return (iova >>> shift(level)) & (level == start ? pgdMask : tableMask);
    }

    /** Entries of a table at {@code level} (a concatenated pgd has more than a granule's worth). */
    final long entries(int level) {
        return (level == start ? pgdMask : tableMask) + 1;
    }

    /** iopte_leaf: a page (type 3) at L3, a block (type 1) above. */
    static boolean isLeaf(long pte, int level) {
        return (pte & LpaePte.TYPE_MASK) == (level == 3 ? LpaePte.TYPE_PAGE : LpaePte.TYPE_BLOCK);
    }

    /** The address in a table or leaf descriptor, unfolding PA[51:48] from [15:12] for 64K (§5.2). */
    final long outputAddress(long pte) {
        long pa = pte & LpaePte.ADDR_MASK;
        return fold52 ? (pa | (pa << 36)) & (LpaePte.ADDR_MASK << 4) : pa;
    }
}
