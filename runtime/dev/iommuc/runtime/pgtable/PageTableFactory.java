package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.PhysMemory;

/** One entry of the format registry ({@code io_pgtable_init_fns}): allocates a table of its format. */
@FunctionalInterface
public interface PageTableFactory {

    /** Allocates an empty table, or throws {@link PageTableException} when the format rejects cfg. */
    PageTableOps alloc(PageTableConfig cfg, PhysMemory memory, S2ConcatRule s2Concat);
}
