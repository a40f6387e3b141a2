package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;
import java.util.Map;

/**
 * Hardware parameters that override the catalogue and the DT for the selected IOMMUs. Entries are
 * applied in policy order, so a later entry (a user's, after layering) wins per parameter.
 *
 * @param params   by name ({@link HardwareParams}), in file order
 * @param granules supported page-table granules in bytes, empty when not overridden
 * @param locked   firmware-locked DART, or null
 */
public record HardwareOverride(List<Selector> iommu, Map<String, Long> params, List<Long> granules,
                               Locked locked, SourcePos pos) {

    public HardwareOverride {
        iommu = List.copyOf(iommu);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        granules = List.copyOf(granules);
    }
}
