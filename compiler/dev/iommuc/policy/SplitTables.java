package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

/**
 * Adreno split page tables (arm-smmu-v2.md §5.6): the domain's own table sits in TTBR1 (global
 * buffers, upper half of the address space) and drm/msm creates {@code processes} per-process
 * TTBR0 tables, switched by the GPU.
 *
 * @param ttbr1 what the TTBR1 half holds; {@code global} is the only value Linux knows
 */
public record SplitTables(String ttbr1, int processes, SourcePos pos) {

    public static final String GLOBAL = "global";
}
