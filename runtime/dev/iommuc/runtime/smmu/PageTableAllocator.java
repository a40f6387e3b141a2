package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableOps;

/**
 * {@code alloc_io_pgtable_ops} as the SMMU driver sees it: the executor passes the real allocator
 * ({@code cfg -> PageTables.alloc(cfg, memory)}), tests pass a fake. A refusal is a null return or
 * any runtime exception (the page-table layer's own, or running out of simulated memory); the driver
 * turns either into -ENOMEM with the exception's message (§4.5 step 5).
 */
@FunctionalInterface
public interface PageTableAllocator {

    /** A page table for {@code cfg}, or null (or an exception) when the configuration is refused. */
    PageTableOps alloc(PageTableConfig cfg);
}
