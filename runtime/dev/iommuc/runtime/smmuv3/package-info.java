/**
 * Arm SMMUv3 as a register-level emulator with the Linux 6.12 {@code arm-smmu-v3} driver running against it
 * (reference/dart-smmuv3-of.md part B; the hardware's decode after QEMU's model, part D).
 *
 * <p>An executor drives one boot like this: {@link dev.iommuc.runtime.smmuv3.Smmuv3System}
 * {@code sys = new Smmuv3System()}; per arm,smmu-v3 {@code PlanIommu}
 * {@code sys.create(iommu, plan.kernel(), mem, cfg -> PageTables.alloc(cfg, mem))} and
 * {@link dev.iommuc.runtime.smmuv3.Smmuv3#probe()}; {@link dev.iommuc.runtime.smmuv3.Smmuv3#addDevice} per
 * master (stream-table entries, group, default domain); {@link dev.iommuc.runtime.smmuv3.Smmuv3#attach} and
 * {@link dev.iommuc.runtime.smmuv3.Smmuv3#addPasidContexts} for drivers' domains;
 * {@link dev.iommuc.runtime.smmuv3.V3Domain#map} / {@code mapProcess} for the workload;
 * {@link dev.iommuc.runtime.smmuv3.Smmuv3#translate} and {@link dev.iommuc.runtime.smmuv3.Smmuv3#snapshot()}.
 * Every driver step returns a {@link dev.iommuc.runtime.smmu.Result}; nothing throws for a configuration
 * the kernel would reject.
 */
package dev.iommuc.runtime.smmuv3;
