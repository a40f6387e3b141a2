package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.OutOfPhysMemoryException;
import dev.iommuc.runtime.mem.PhysMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * An ARM LPAE stage-1 or stage-2 table in simulated memory, with io-pgtable-arm's map, unmap and
 * iova_to_phys rules (reference/arm-smmu-v2.md §5.2); the hardware's walk and {@link #translate} come
 * from {@link LpaeWalker}. Created by {@link PageTables#alloc}.
 *
 * <p>Like the kernel, unmapping leaves does not free tables that become empty; a table is freed
 * when a block mapping replaces it, when an unmap at a table entry's block size removes it, and by
 * {@link #free()}. A call with a count runs as the iommu core drives io-pgtable: one step per leaf
 * table (a concatenated stage-2 pgd counts as one table of all its entries), and when a step fails
 * the pages the call mapped in earlier steps are unmapped again. Not thread-safe (as its
 * {@link PhysMemory}).
 *
 * <p>Where this differs from io-pgtable-arm: a page size with no level in this table (the 4T block
 * of a 64K granule when the walk starts below L1) fails with -EINVAL before anything is allocated;
 * misaligned iova/paddr and a count below 1 fail with -EINVAL (the iommu core's checks).
 */
public final class ArmLpaePageTable extends LpaeWalker implements PageTableOps {

    private static final long EEXIST = -Errno.EEXIST.value();
    private static final long ENOMEM = -Errno.ENOMEM.value();

    private final PageTableConfig effective;
    private final ArmLpaeRegs regs;
    private final long bitmap;
    private final long granule;
    private final long tableDescriptor;
    /** Leaf attributes by {@code prot & 63} (§5.2). */
    private final long[] attrs = new long[64];
    /** log2(size) → the level whose leaves have that size, or -1 (none, or above the start level). */
    private final byte[] leafLevelByLog2 = new byte[64];
    /** Tables allocated per level; the pgd counts at the start level. */
    private final int[] tables = new int[4];
    private boolean freed;

    ArmLpaePageTable(PageTableConfig cfg, LpaeGeometry g, PhysMemory mem, long pgd, ArmLpaeRegs regs) {
        super(g, mem, pgd, cfg.format() == PageTableFormat.ARM_LPAE_S2, cfg.quirks().contains(Quirk.ARM_TTBR1));
        this.effective = new PageTableConfig(cfg.format(), g.pgsizeBitmap(), g.ias(), g.oas(), cfg.coherentWalk(),
                cfg.quirks(), cfg.cpuPageSize());
        this.regs = regs;
        this.bitmap = g.pgsizeBitmap();
        this.granule = g.granule();
        this.tableDescriptor = LpaePte.TYPE_TABLE | (cfg.quirks().contains(Quirk.ARM_NS) ? LpaePte.NSTABLE : 0);
        for (int prot = 0; prot < attrs.length; prot++) {
            attrs[prot] = LpaePte.protToPte(prot, stage2, cfg.quirks());
        }
        tables[start] = 1;
        for (int log2 = 0; log2 < 64; log2++) {
            leafLevelByLog2[log2] = (byte) g.leafLevel(1L << log2);
        }
    }

    /** The config as io-pgtable wrote it back: restricted pgsize bitmap, clamped ias/oas (§5.1). */
    public PageTableConfig config() {
        return effective;
    }

    public LpaeGeometry geometry() {
        return geometry;
    }

    /** Physical address of the pgd. */
    public long pgd() {
        return pgd;
    }

    PhysMemory memory() {
        return mem;
    }

    @Override
    public Errno mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
        live();
        // §5.2 map checks, in the kernel's order
        if (pgsize == 0 || (pgsize & (pgsize - 1)) != 0 || (pgsize & bitmap) == 0) {
            return Errno.EINVAL;
        }
        if (!inRange(iova) || (paddr >>> oas) != 0) {
            return Errno.ERANGE;
        }
        if ((prot & (Prot.READ | Prot.WRITE)) == 0) {
            return Errno.EINVAL;
        }
        // the iommu core's checks before it calls map_pages: a count, and alignment to the page size
        if (pgcount <= 0 || ((iova | paddr) & (pgsize - 1)) != 0) {
            return Errno.EINVAL;
        }
        int level = leafLevel(pgsize);
        if (level < 0) {
            return Errno.EINVAL; // no level has leaves of this size: "can't allocate tables at the final level"
        }
        long pte = attrs[prot & 63] | (level == 3 ? LpaePte.TYPE_PAGE : LpaePte.TYPE_BLOCK);
        // map_pages maps up to the end of one table; the core calls it again for the rest and
        // unmaps what it mapped when a call fails
        long done = 0;
        while (true) {
            long va = iova + done * pgsize;
            long pa = paddr + done * pgsize;
            long r = mapInTable(va, pa, level, pgcount - done, pte);
            if (r < 0) {
                if (done > 0) {
                    unmapPages(iova, pgsize, done);
                }
                return r == EEXIST ? Errno.EEXIST : r == ENOMEM ? Errno.ENOMEM : Errno.EINVAL;
            }
            done += r;
            if (done == pgcount) {
                return Errno.OK;
            }
            long nextVa = iova + done * pgsize;
            long nextPa = paddr + done * pgsize;
            if (!inRange(nextVa) || (nextPa >>> oas) != 0) {
                unmapPages(iova, pgsize, done);
                return Errno.ERANGE;
            }
        }
    }

    /** __arm_lpae_map: entries mapped in the leaf table holding iova, or −errno. */
    private long mapInTable(long iova, long paddr, int leafLevel, long count, long pte) {
        long table = pgd;
        for (int l = start; l < leafLevel; l++) {
            long ptep = table + (index(iova, l) << 3);
            long entry = mem.read64(ptep);
            if (entry == 0) {
                long next;
                try {
                    next = mem.alloc(granule);
                } catch (OutOfPhysMemoryException e) {
                    return ENOMEM;
                }
                tables[l + 1]++;
                mem.write64(ptep, LpaePte.paddrToPte(next) | tableDescriptor);
                table = next;
            } else if (isLeaf(entry, l)) {
                return EEXIST; // a larger leaf covers iova: "we require an unmap first"
            } else {
                table = outputAddress(entry);
            }
        }
        long idx = index(iova, leafLevel);
        long n = Math.min(count, entries(leafLevel) - idx);
        long ptep = table + (idx << 3);
        long size = 1L << shift(leafLevel);
        // arm_lpae_init_pte: a leaf in the way fails; a table in the way is unmapped and freed
        for (long i = 0; i < n; i++) {
            long old = mem.read64(ptep + (i << 3));
            if (old != 0) {
                if (isLeaf(old, leafLevel)) {
                    return EEXIST;
                }
                if (leafLevel < 3 && (old & LpaePte.TYPE_MASK) == LpaePte.TYPE_TABLE) {
                    mem.write64(ptep + (i << 3), 0);
                    freeTable(leafLevel + 1, outputAddress(old));
                }
            }
        }
        for (long i = 0; i < n; i++) {
            mem.write64(ptep + (i << 3), pte | LpaePte.paddrToPte(paddr + i * size));
        }
        return n;
    }

    @Override
    public long unmapPages(long iova, long pgsize, long pgcount) {
        live();
        if (pgsize == 0 || (pgsize & (pgsize - 1)) != 0 || (pgsize & bitmap) == 0 || pgcount <= 0) {
            return 0;
        }
        long unmapped = 0;
        while (pgcount > 0 && inRange(iova)) {
            long n = unmapInTable(iova, pgsize, pgcount);
            if (n == 0) {
                break;
            }
            unmapped += n * pgsize;
            iova += n * pgsize;
            pgcount -= n;
        }
        return unmapped;
    }

    /** __arm_lpae_unmap: entries unmapped in the table at pgsize's level, 0 when nothing or partial. */
    private long unmapInTable(long iova, long pgsize, long count) {
        long table = pgd;
        for (int l = start; l < 4; l++) {
            long idx = index(iova, l);
            long ptep = table + (idx << 3);
            long entry = mem.read64(ptep);
            if (entry == 0) {
                return 0;
            }
            if (pgsize == 1L << shift(l)) {
                long n = Math.min(count, entries(l) - idx);
                long i = 0;
                for (; i < n; i++) {
                    long old = mem.read64(ptep + (i << 3));
                    if (old == 0) {
                        break;
                    }
                    if (l < 3 && (old & LpaePte.TYPE_MASK) == LpaePte.TYPE_TABLE) {
                        mem.write64(ptep + (i << 3), 0);
                        freeTable(l + 1, outputAddress(old)); // a table at a block's place goes with it
                    }
                }
                for (long j = 0; j < i; j++) {
                    mem.write64(ptep + (j << 3), 0);
                }
                return i;
            }
            if (isLeaf(entry, l)) {
                return 0; // "Unmap of a partial large IOPTE is not allowed"
            }
            table = outputAddress(entry);
        }
        return 0;
    }

    @Override
    public long iovaToPhys(long iova) {
        live();
        // arm_lpae_iova_to_phys: no range check (the index masks drop the bits above ias); any
        // non-zero entry that is not a leaf is followed as a table
        int l = start;
        long table = pgd;
        long mask = pgdMask;
        while (true) {
            long entry = mem.read64(table + (((iova >>> shift(l)) & mask) << 3));
            if (entry == 0) {
                return 0;
            }
            if (isLeaf(entry, l)) {
                return outputAddress(entry) | (iova & ((1L << shift(l)) - 1));
            }
            if (l == 3) {
                return 0;
            }
            table = outputAddress(entry);
            mask = tableMask;
            l++;
        }
    }

    @Override
    public TableLayout layout() {
        List<Integer> perLevel = new ArrayList<>();
        long other = 0;
        for (int l = start; l < 4; l++) {
            perLevel.add(freed ? 0 : tables[l]);
            if (l > start) {
                other += tables[l];
            }
        }
        long bytes = freed ? 0 : geometry.pgdBytes() + other * granule;
        return new TableLayout(granule, geometry.levels(), start, geometry.pgdBytes(), perLevel, bytes, bitmap,
                ias, oas);
    }

    @Override
    public ArmLpaeRegs armRegs() {
        return regs;
    }

    @Override
    public void free() {
        if (!freed) {
            freeTable(start, pgd);
            freed = true;
        }
    }

    /** The level whose leaves have size {@code pgsize} (a power of two), or -1. */
    private int leafLevel(long pgsize) {
        return leafLevelByLog2[Long.numberOfTrailingZeros(pgsize)];
    }

    /** __arm_lpae_free_pgtable: the table at {@code level} and every table below it. */
    private void freeTable(int level, long table) {
        long size = level == start ? geometry.pgdBytes() : granule;
        if (level < 3) {
            long n = level == start ? pgdMask + 1 : tableMask + 1;
            for (long i = 0; i < n; i++) {
                long pte = mem.read64(table + (i << 3));
                if ((pte & LpaePte.TYPE_MASK) == LpaePte.TYPE_TABLE) {
                    freeTable(level + 1, outputAddress(pte));
                }
            }
        }
        mem.free(table, size);
        tables[level]--;
    }

    @Override
    void live() {
        if (freed) {
            throw new IllegalStateException("page table used after free()");
        }
    }
}
