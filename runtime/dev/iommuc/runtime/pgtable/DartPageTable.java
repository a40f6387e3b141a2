package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.OutOfPhysMemoryException;
import dev.iommuc.runtime.mem.PhysMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * An io-pgtable-dart table (APPLE_DART or APPLE_DART2) in simulated memory, with PGT-asahi's rules
 * (reference/dart-smmuv3-of.md A.5): one root table per TTBR allocated up front, intermediate tables
 * on demand, one page size only. Created by {@link PageTables#alloc}; {@link #armRegs()} is null, the
 * DART driver takes {@link #ttbrs()} and {@link #levels()} instead.
 *
 * <p>Map errors, in the kernel's order: a page size other than the DART's, -EINVAL; a PA at or above
 * 2^oas, -ERANGE; neither read nor write, -EINVAL; an IOVA or PA not aligned to the page or a count
 * below 1, -EINVAL (the iommu core's checks); a TTBR index at or above {@code n_ttbrs}, -ENOMEM
 * (PGT-asahi; PGT-old masks it); a valid leaf in the range, -EEXIST. IOVAs are not range-checked
 * against ias (A.5): above ias a mapping lands where the hardware never walks, which the driver
 * reports. As the iommu core does, a multi-table map that fails unmaps what it mapped first. Unmap
 * clears leaves only; intermediate tables stay until {@link #free()}. Not thread-safe.
 */
public final class DartPageTable implements PageTableOps {

    private final DartGeometry g;
    private final PhysMemory mem;
    private final long[] roots;
    /** Tables allocated per level, indexed from the start level. */
    private final int[] tables;
    private boolean freed;

    private DartPageTable(DartGeometry g, PhysMemory mem, long[] roots) {
        this.g = g;
        this.mem = mem;
        this.roots = roots;
        this.tables = new int[g.levels()];
        tables[0] = roots.length;
    }

    /** The format registry's entry for APPLE_DART and APPLE_DART2 (the concatenation rule is ARM's). */
    static PageTableOps alloc(PageTableConfig cfg, PhysMemory memory, S2ConcatRule ignored) {
        DartGeometry g = DartGeometry.of(cfg);
        long[] roots = new long[g.nTtbrs()];
        for (int i = 0; i < roots.length; i++) {
            try {
                roots[i] = memory.alloc(g.granule());
            } catch (OutOfPhysMemoryException e) {
                for (int j = 0; j < i; j++) {
                    memory.free(roots[j], g.granule());
                }
                throw DartGeometry.reject("no memory for the root tables");
            }
        }
        return new DartPageTable(g, memory, roots);
    }

    public DartGeometry geometry() {
        return g;
    }

    /** Table levels below the TTBR (2 or 3); 3 means the driver sets TCR FOUR_LEVEL (A.4). */
    public int levels() {
        return g.levels();
    }

    /** The root table of each TTBR ({@code cfg->apple_dart_cfg.ttbr[]}). */
    public long[] ttbrs() {
        return roots.clone();
    }

    @Override
    public Errno mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
        live();
        if (pgsize != g.granule()) {
            return Errno.EINVAL; // WARN_ON(pgsize != cfg->pgsize_bitmap)
        }
        if ((paddr >>> g.oas()) != 0) {
            return Errno.ERANGE;
        }
        if ((prot & (Prot.READ | Prot.WRITE)) == 0) {
            return Errno.EINVAL;
        }
        if (pgcount <= 0 || ((iova | paddr) & (pgsize - 1)) != 0) {
            return Errno.EINVAL;
        }
        long done = 0;
        while (done < pgcount) {
            long r = mapInTable(iova + done * pgsize, paddr + done * pgsize, pgcount - done, prot);
            if (r < 0) {
                if (done > 0) {
                    unmapPages(iova, pgsize, done);
                }
                return r == -Errno.EEXIST.value() ? Errno.EEXIST : Errno.ENOMEM;
            }
            done += r;
            if (done < pgcount && ((paddr + done * pgsize) >>> g.oas()) != 0) {
                unmapPages(iova, pgsize, done);
                return Errno.ERANGE;
            }
        }
        return Errno.OK;
    }

    /** {@code dart_map_pages}: leaves written in the leaf table holding iova, or −errno. */
    private long mapInTable(long iova, long paddr, long count, int prot) {
        long ttbr = g.ttbrIndex(iova);
        if (ttbr >= roots.length || ttbr < 0) {
            return -Errno.ENOMEM.value();
        }
        long table = roots[(int) ttbr];
        for (int l = g.startLevel(); l < 2; l++) {
            long ptep = table + (g.index(iova, l) << 3);
            long entry = mem.read64(ptep);
            if (!DartPte.valid(entry)) {
                long next;
                try {
                    next = mem.alloc(g.granule());
                } catch (OutOfPhysMemoryException e) {
                    return -Errno.ENOMEM.value();
                }
                tables[l + 1 - g.startLevel()]++;
                mem.write64(ptep, DartPte.table(g.format(), next));
                table = next;
            } else {
                table = DartPte.pteToPaddr(g.format(), entry);
            }
        }
        long idx = g.index(iova, 2);
        long n = Math.min(count, g.entries() - idx);
        long ptep = table + (idx << 3);
        for (long i = 0; i < n; i++) {
            if (DartPte.valid(mem.read64(ptep + (i << 3)))) {
                return -Errno.EEXIST.value(); // "We require an unmap first", with a WARN
            }
        }
        for (long i = 0; i < n; i++) {
            mem.write64(ptep + (i << 3), DartPte.leaf(g.format(), paddr + i * g.granule(), prot));
        }
        return n;
    }

    @Override
    public long unmapPages(long iova, long pgsize, long pgcount) {
        live();
        if (pgsize != g.granule() || pgcount <= 0) {
            return 0;
        }
        long unmapped = 0;
        while (pgcount > 0) {
            long n = unmapInTable(iova, pgcount);
            if (n == 0) {
                break;
            }
            unmapped += n * pgsize;
            iova += n * pgsize;
            pgcount -= n;
        }
        return unmapped;
    }

    /** {@code dart_unmap_pages}: leaves cleared in one leaf table, stopping at the first empty one. */
    private long unmapInTable(long iova, long count) {
        long table = leafTable(iova);
        if (table == 0) {
            return 0;
        }
        long idx = g.index(iova, 2);
        long n = Math.min(count, g.entries() - idx);
        long ptep = table + (idx << 3);
        long i = 0;
        while (i < n && mem.read64(ptep + (i << 3)) != 0) {
            mem.write64(ptep + (i << 3), 0);
            i++;
        }
        return i;
    }

    /** The leaf table holding iova, or 0 when a table on the way is missing. */
    private long leafTable(long iova) {
        long ttbr = g.ttbrIndex(iova);
        if (ttbr >= roots.length || ttbr < 0) {
            return 0;
        }
        long table = roots[(int) ttbr];
        for (int l = g.startLevel(); l < 2; l++) {
            long entry = mem.read64(table + (g.index(iova, l) << 3));
            if (!DartPte.valid(entry)) {
                return 0;
            }
            table = DartPte.pteToPaddr(g.format(), entry);
        }
        return table;
    }

    @Override
    public long iovaToPhys(long iova) {
        live();
        long table = leafTable(iova);
        if (table == 0) {
            return 0;
        }
        long pte = mem.read64(table + (g.index(iova, 2) << 3));
        if (!DartPte.valid(pte)) {
            return 0;
        }
        return DartPte.pteToPaddr(g.format(), pte) | (iova & (g.granule() - 1));
    }

    /**
     * The walk through this table's own roots: a missing TTBR or entry is a translation fault at the
     * level it was found missing (the TTBR counts as level {@code startLevel - 1}), a NO_WRITE/NO_READ
     * leaf a permission fault. The DART hardware model walks from its registers instead.
     */
    @Override
    public Walk walk(long iova, boolean write) {
        live();
        long ttbr = g.ttbrIndex(iova);
        if (ttbr >= roots.length || ttbr < 0) {
            return new Walk(0, Walk.Fault.TRANSLATION, g.startLevel() - 1, 0);
        }
        long table = roots[(int) ttbr];
        long pte = 0;
        for (int l = g.startLevel(); l <= 2; l++) {
            pte = mem.read64(table + (g.index(iova, l) << 3));
            if (!DartPte.valid(pte)) {
                return new Walk(0, Walk.Fault.TRANSLATION, l, pte);
            }
            table = DartPte.pteToPaddr(g.format(), pte);
        }
        if (write ? DartPte.noWrite(g.format(), pte) : DartPte.noRead(g.format(), pte)) {
            return new Walk(0, Walk.Fault.PERMISSION, 2, pte);
        }
        return new Walk(table | (iova & (g.granule() - 1)), null, 2, pte);
    }

    /**
     * levels = table levels in memory, startLevel as in {@link DartGeometry#startLevel()}, pgd bytes =
     * all root tables (one per TTBR).
     */
    @Override
    public TableLayout layout() {
        List<Integer> perLevel = new ArrayList<>();
        long count = 0;
        for (int t : tables) {
            perLevel.add(freed ? 0 : t);
            count += t;
        }
        long pgd = roots.length * g.granule();
        return new TableLayout(g.granule(), g.levels(), g.startLevel(), pgd, perLevel,
                freed ? 0 : count * g.granule(), g.granule(), g.ias(), g.oas());
    }

    @Override
    public ArmLpaeRegs armRegs() {
        return null;
    }

    @Override
    public void free() {
        if (freed) {
            return;
        }
        for (long root : roots) {
            freeTable(g.startLevel(), root);
        }
        freed = true;
    }

    private void freeTable(int level, long table) {
        if (level < 2) {
            for (long i = 0; i < g.entries(); i++) {
                long pte = mem.read64(table + (i << 3));
                if (DartPte.valid(pte)) {
                    freeTable(level + 1, DartPte.pteToPaddr(g.format(), pte));
                }
            }
        }
        mem.free(table, g.granule());
        tables[level - g.startLevel()]--;
    }

    private void live() {
        if (freed) {
            throw new IllegalStateException("page table used after free()");
        }
    }
}
