package dev.iommuc.runtime.plan;

/**
 * One stream of a master on one IOMMU, decoded as the driver decodes it.
 *
 * @param via {@code iommus}, {@code iommu-map} or {@code mmu-masters}
 * @param rid PCI requester ID for {@code iommu-map} streams, else null
 */
public record PlanStream(String iommu, long sid, long mask, String via, Long rid) {
}
