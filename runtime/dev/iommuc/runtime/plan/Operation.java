package dev.iommuc.runtime.plan;

/**
 * The runtime's steps, in the order Linux performs them (DT order of IOMMUs, then of masters; drivers'
 * own domains later; then the workload). Each names only ids the plan defines.
 */
public sealed interface Operation {

    /** Probe an IOMMU instance: build its registers from the parameters, reset it. */
    record Probe(String iommu) implements Operation {
    }

    /** iommu_probe_device: allocate stream-map entries, form the group, attach its default domain. */
    record AddDevice(String master) implements Operation {
    }

    /** A driver allocates domain {@code domain} (if not yet) and attaches {@code master} to it. */
    record Attach(String domain, String master) implements Operation {
    }

    /** Map one buffer of the workload (index into {@link Plan#workload()}). */
    record MapBuffer(int buffer) implements Operation {
    }
}
