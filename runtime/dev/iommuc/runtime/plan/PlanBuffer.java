package dev.iommuc.runtime.plan;

/**
 * A buffer to map: into a named domain, or into a master's default domain.
 *
 * @param prot    access, e.g. {@code rw}, {@code r}, {@code rwx}
 * @param phys    physical address to map, or null to let the runtime allocate one
 * @param process per-process table (split tables) or context (PASID) index, or null for the domain's own
 */
public record PlanBuffer(String domain, String master, long iova, long size, String prot, Long phys,
                         Integer process) {
}
