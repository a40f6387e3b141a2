package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * A driver-managed (UNMANAGED) domain, attached to its masters after their default domains, as
 * drm/msm does for the GPU and GMU.
 *
 * @param splitTables Adreno TTBR1/TTBR0 split, or null
 * @param pasid       SMMUv3 per-process contexts, or null (never both)
 */
public record DriverDomain(String name, List<Selector> masters, SplitTables splitTables, Pasid pasid,
                           SourcePos pos) {

    public DriverDomain {
        masters = List.copyOf(masters);
    }

    /** Number of per-process tables or contexts (0 when the domain has none). */
    public int processes() {
        return splitTables != null ? splitTables.processes() : pasid != null ? pasid.processes() : 0;
    }
}
