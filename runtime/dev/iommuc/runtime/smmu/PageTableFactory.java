package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableOps;

/**
 * {@code alloc_io_pgtable_ops} as the SMMU driver sees it: the executor passes the real allocator
 * (page tables in simulated memory), tests pass a fake.
 */
@FunctionalInterface
public interface PageTableFactory {

    /** A page table for {@code cfg}, or null when the configuration is refused (the driver then fails with -ENOMEM, §4.5 step 5). */
    PageTableOps alloc(PageTableConfig cfg);
}
