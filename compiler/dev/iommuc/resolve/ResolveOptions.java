package dev.iommuc.resolve;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a policy adds to the device tree before resolution (SPEC §3): requester IDs that the DT does
 * not list (devices found by PCI enumeration) and hardware-parameter overrides (ID-register values
 * the DT cannot state, e.g. the real number of SMRs).
 *
 * @param pciRids   extra requester IDs (or fsl-mc ICIDs) per {@code iommu-map} host node path, in the
 *                  order the policy lists them
 * @param overrides parameter overrides per provider node path: parameter name to value
 */
public record ResolveOptions(Map<String, List<Long>> pciRids, Map<String, Map<String, Long>> overrides) {

    /** No policy: the device tree and the catalogue alone. */
    public static final ResolveOptions NONE = new ResolveOptions(Map.of(), Map.of());

    public ResolveOptions {
        pciRids = copy(pciRids, List::copyOf);
        overrides = copy(overrides, m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    private static <V> Map<String, V> copy(Map<String, V> in, java.util.function.UnaryOperator<V> deep) {
        Map<String, V> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, deep.apply(v)));
        return Collections.unmodifiableMap(out);
    }
}
