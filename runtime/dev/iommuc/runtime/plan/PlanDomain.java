package dev.iommuc.runtime.plan;

import java.util.List;

/**
 * A domain a driver allocates itself (drm/msm's GPU and GMU domains, a herded shared domain, a
 * per-process SVA domain), attached after the default domains.
 *
 * @param splitProcesses Adreno split tables: number of per-process TTBR0 tables (0 = no split)
 * @param pasidProcesses SMMUv3 per-process contexts (0 = none)
 */
public record PlanDomain(String name, DomainType type, List<String> masters, int splitProcesses,
                         int pasidProcesses) {

    public PlanDomain {
        masters = List.copyOf(masters);
    }
}
