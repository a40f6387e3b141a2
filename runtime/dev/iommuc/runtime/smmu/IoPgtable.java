package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Quirk;

/** One allocated table and the configuration it was made for (the kernel's {@code struct io_pgtable}). */
public record IoPgtable(PageTableConfig cfg, PageTableOps ops) {

    boolean ttbr1() {
        return cfg.quirks().contains(Quirk.ARM_TTBR1);
    }

    /** The pgd's physical address. */
    long pgd() {
        return ops.armRegs().ttbr();
    }
}
