package dev.iommuc.runtime.plan;

import java.util.List;

/**
 * A DMA master and the default domain type it asks for.
 *
 * @param requested the type the policy/profile asks for (e.g. IDENTITY for the Qualcomm client
 *                  list), or null for no preference (the kernel default applies)
 * @param reason    why that type was requested (the policy rule), or null
 */
public record PlanMaster(String id, String label, List<String> compatible, List<PlanStream> streams,
                         DomainType requested, String reason, int pasidBits) {

    public PlanMaster {
        compatible = List.copyOf(compatible);
        streams = List.copyOf(streams);
    }
}
