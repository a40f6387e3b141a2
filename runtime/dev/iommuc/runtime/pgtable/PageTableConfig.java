package dev.iommuc.runtime.pgtable;

import java.util.Set;

/**
 * What a driver asks of io-pgtable ({@code struct io_pgtable_cfg} inputs).
 *
 * @param pgsizeBitmap page sizes the IOMMU supports (before the granule restriction of §5.1)
 * @param ias          input address bits
 * @param oas          output address bits
 * @param cpuPageSize  the kernel's PAGE_SIZE, which picks the granule (§5.1)
 */
public record PageTableConfig(PageTableFormat format, long pgsizeBitmap, int ias, int oas, boolean coherentWalk,
                              Set<Quirk> quirks, long cpuPageSize) {

    public PageTableConfig {
        quirks = Set.copyOf(quirks);
    }
}
