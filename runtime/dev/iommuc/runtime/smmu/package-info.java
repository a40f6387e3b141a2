/**
 * Arm SMMUv1/v2 (MMU-400/401/500, Qualcomm, Adreno) as a register-level emulator with the Linux 6.12
 * {@code arm-smmu} driver running against it (reference/arm-smmu-v2.md).
 *
 * <p>An executor drives one boot like this:
 * <ol>
 *   <li>{@link dev.iommuc.runtime.smmu.SmmuSystem} {@code sys = new SmmuSystem()}; for each arm-smmu
 *       {@code PlanIommu} in plan order, {@code sys.create(iommu, plan.kernel(), cfg -> PageTables.alloc(cfg, mem))}
 *       and {@link dev.iommuc.runtime.smmu.ArmSmmu#probe()} (an {@code Operation.Probe});</li>
 *   <li>{@link dev.iommuc.runtime.smmu.ArmSmmu#addDevice} for each {@code Operation.AddDevice}, on
 *       every SMMU the master has streams on (stream-map entries and groups);</li>
 *   <li>{@link dev.iommuc.runtime.smmu.ArmSmmu#setupDefaultDomains()} once the add-device operations
 *       are done (any later call runs it too): one default domain per group, attached;</li>
 *   <li>for each {@code Operation.Attach}: one {@link dev.iommuc.runtime.smmu.SmmuDomain#alloc} per plan
 *       domain name, {@link dev.iommuc.runtime.smmu.ArmSmmu#attach}; for a domain with
 *       {@code splitProcesses > 0}, {@link dev.iommuc.runtime.smmu.MsmGpuTables#createProcessTable} that
 *       many times;</li>
 *   <li>{@code Operation.MapBuffer}: {@link dev.iommuc.runtime.smmu.SmmuDomain#map} (or
 *       {@code mapProcess}) on the named domain or the master's {@code domainOf};</li>
 *   <li>{@link dev.iommuc.runtime.smmu.ArmSmmu#translate}, optionally
 *       {@link dev.iommuc.runtime.smmu.ArmSmmu#handleFaults()}, and
 *       {@link dev.iommuc.runtime.smmu.ArmSmmu#snapshot()} for the report.</li>
 * </ol>
 * Every step returns a {@link dev.iommuc.runtime.smmu.Result} (an {@code Errno} and the driver's
 * message); nothing throws for a configuration the kernel would reject.
 */
package dev.iommuc.runtime.smmu;
