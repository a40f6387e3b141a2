package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableOps;

import java.util.HashMap;
import java.util.Map;

/**
 * The tables an SMMU's domains own, by pgd address: what the emulated hardware finds in memory when it
 * walks from a TTBR. A generation counter lets the hardware's cache know when tables come or go.
 */
final class TableRegistry {

    private static final long PGD_MASK = 0x0000_ffff_ffff_fff0L;

    private final Map<Long, PageTableOps> tables = new HashMap<>();
    private int generation;

    void add(IoPgtable t) {
        tables.put(t.pgd() & PGD_MASK, t.ops());
        generation++;
    }

    void remove(IoPgtable t) {
        tables.remove(t.pgd() & PGD_MASK);
        generation++;
    }

    PageTableOps at(long pgd) {
        return tables.get(pgd & PGD_MASK);
    }

    int generation() {
        return generation;
    }
}
