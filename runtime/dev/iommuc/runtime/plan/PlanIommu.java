package dev.iommuc.runtime.plan;

import java.util.List;
import java.util.Map;

/**
 * One IOMMU instance to probe: identity, family and implementation, and the hardware parameters the
 * emulated ID registers are built from (names such as {@code num-context-banks}, {@code sid-bits}).
 */
public record PlanIommu(String id, String label, List<String> compatible, IommuFamily family, String impl,
                        String version, boolean enabled, int iommuCells, boolean legacy,
                        Map<String, PlanParam> params) {

    public PlanIommu {
        compatible = List.copyOf(compatible);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public long param(String name, long dflt) {
        PlanParam p = params.get(name);
        return p == null ? dflt : p.value();
    }
}
