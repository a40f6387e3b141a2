package dev.iommuc.runtime.plan;

import java.util.List;

/**
 * A DMA master and the default domain type it asks for.
 *
 * @param requested the type the policy/profile asks for (e.g. IDENTITY for the Qualcomm client
 *                  list), or null for no preference (the kernel default applies)
 * @param reason    why that type was requested (the policy rule), or null
 * @param noIommu   why the master has no IOMMU after all (its IOMMU is disabled, …), or null; such
 *                  masters keep their streams for the record but are never added
 */
public record PlanMaster(String id, String label, List<String> compatible, List<PlanStream> streams,
                         DomainType requested, String reason, int pasidBits, String noIommu) {

    public PlanMaster {
        compatible = List.copyOf(compatible);
        streams = List.copyOf(streams);
    }
}
