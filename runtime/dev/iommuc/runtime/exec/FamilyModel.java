package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

/**
 * One hardware family's part of a run (SMMUv1/v2, SMMUv3, DART; the generic model for the rest).
 * {@link Executor} is the IOMMU core: it reads the plan's operations in order and hands each to the
 * family that owns the IOMMU; a family drives its register-level model the way its Linux driver does.
 * Findings go to the event list the family was built with, never thrown.
 */
interface FamilyModel {

    /** True when IOMMU {@code iommu} (a plan id) is emulated by this family. */
    boolean owns(String iommu);

    /** A master belongs to the family of its first stream's IOMMU (iommu_fwspec holds one ops). */
    default boolean owns(PlanMaster m) {
        return !m.streams().isEmpty() && owns(m.streams().get(0).iommu());
    }

    /** The driver's probe of one instance (Operation.Probe). */
    void probe(String iommu);

    /** iommu_probe_device: groups the master and gives its group a default domain (Operation.AddDevice). */
    void addDevice(PlanMaster m);

    /** A driver attaches its own domain (drm/msm, a herded domain, an SVA domain) to a master. */
    void attach(PlanDomain domain, PlanMaster m);

    /**
     * Maps a workload buffer if its domain lives here; false when another family holds it. The buffer's
     * {@code phys} is always set: {@link Executor} places buffers the policy gives no address.
     */
    boolean map(PlanBuffer b);

    /** One transaction after the run; null when the family has no register-level model of the IOMMU. */
    Transaction translate(Transaction.Request request);

    /** The family's final state, with family-scoped keys that {@link ResultBuilder} names. */
    FamilyState state();

    /** The instances of a family's model a master's streams go to, in stream order, each once. */
    static <T> java.util.List<T> instancesOf(PlanMaster m, java.util.Map<String, T> instances) {
        java.util.List<T> out = new java.util.ArrayList<>();
        for (String id : iommusOf(m)) {
            T t = instances.get(id);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * A driver step that failed with an errno, as the run's error {@code <driver>-<errno>} at
     * {@code node} (docs/diagnostics.md, runtime findings).
     */
    static void driverError(java.util.List<RunResult.Event> events, String driver, String node, String what,
                            String errno, String message) {
        events.add(new RunResult.Event("error", driver + "-" + errno.toLowerCase(java.util.Locale.ROOT), node,
                what + ": " + message));
    }

    /** The IOMMUs a master's streams go to, in stream order, each once. */
    static java.util.List<String> iommusOf(PlanMaster m) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (PlanStream s : m.streams()) {
            out.add(s.iommu());
        }
        return new java.util.ArrayList<>(out);
    }
}
