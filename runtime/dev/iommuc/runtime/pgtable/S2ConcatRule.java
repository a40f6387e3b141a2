package dev.iommuc.runtime.pgtable;

/**
 * When a stage-2 table concatenates pgd tables at the start level (reference/arm-smmu-v2.md §5.3).
 * The rule changed in 2025; Linux 6.12 has the older one, which is the default of
 * {@link PageTables#alloc(PageTableConfig, dev.iommuc.runtime.mem.PhysMemory)}.
 */
public enum S2ConcatRule {
    /**
     * Older rule ([P], present through ≈v6.13, so Linux 6.12): whenever the walk would start at L0
     * with a pgd of at most 16 entries, start at L1 with {@code pgd_bits + bits_per_level}.
     */
    LINUX_6_12,
    /**
     * Newer rule ([M], {@code arm_lpae_concat_mandatory}): only where the architecture requires it
     * (4K from L0 with oas 40 or 42; 16K from L0 with oas or ias 48; 16K from L1 with oas 40), and a
     * required concatenation of more than 16 tables fails the allocation.
     */
    MANDATORY_ONLY
}
