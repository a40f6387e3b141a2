package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.PhysMemory;

import java.util.EnumMap;
import java.util.Map;

/**
 * The format registry ({@code alloc_io_pgtable_ops}): one {@link PageTableFactory} per
 * {@link PageTableFormat} (house-style.md, Anchor 3).
 */
public final class PageTables {

    private static final Map<PageTableFormat, PageTableFactory> FACTORIES = new EnumMap<>(PageTableFormat.class);

    static {
        FACTORIES.put(PageTableFormat.ARM_LPAE_S1, ArmLpae::allocS1);
        FACTORIES.put(PageTableFormat.ARM_LPAE_S2, ArmLpae::allocS2);
        FACTORIES.put(PageTableFormat.APPLE_DART, DartPageTable::alloc);
        FACTORIES.put(PageTableFormat.APPLE_DART2, DartPageTable::alloc);
    }

    private PageTables() {
    }

    /**
     * An empty table of {@code cfg.format()} in {@code memory}, with the stage-2 concatenation rule of
     * Linux 6.12 (reference/arm-smmu-v2.md §5.3).
     *
     * @throws PageTableException where io-pgtable would return NULL (its errno is the driver's -ENOMEM)
     */
    public static PageTableOps alloc(PageTableConfig cfg, PhysMemory memory) {
        return alloc(cfg, memory, S2ConcatRule.LINUX_6_12);
    }

    /** As {@link #alloc(PageTableConfig, PhysMemory)}, with the given stage-2 concatenation rule. */
    public static PageTableOps alloc(PageTableConfig cfg, PhysMemory memory, S2ConcatRule s2Concat) {
        return FACTORIES.get(cfg.format()).alloc(cfg, memory, s2Concat);
    }
}
