package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Quirk;

import java.util.EnumSet;
import java.util.Set;

/**
 * The drm/msm side of Adreno split page tables (reference/arm-smmu-v2.md §5.6 steps 2 and 4): per-process
 * tables made from the GPU domain's configuration without the TTBR1 quirk, the first one enabled through
 * {@code set_ttbr0_cfg}, and the TTBR0 switch the GPU's command stream performs without the SMMU driver.
 */
public final class MsmGpuTables {

    private MsmGpuTables() {
    }

    /**
     * {@code msm_iommu_pagetable_create}: a new ARM_64_LPAE_S1 table with the GPU domain's ias, oas,
     * granule and coherency, TTBR1 quirk cleared. For the first one {@code set_ttbr0_cfg} runs; if that
     * fails the table is freed and its error returned (e.g. -EINVAL without split tables, msm8996).
     * Returns the new table's process index in the result message on success.
     */
    public static Result createProcessTable(ArmSmmu smmu, String gpuMasterId) {
        AdrenoSmmuPriv priv = smmu.adrenoPriv(gpuMasterId);
        if (priv == null || priv.getTtbr1Cfg() == null) {
            return Result.error(Errno.ENODEV, gpuMasterId + " has no adreno_smmu_priv on " + smmu.id());
        }
        SmmuDomain d = priv.cookie();
        IoPgtable global = priv.getTtbr1Cfg();
        PageTableConfig g = global.cfg();
        Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
        quirks.addAll(g.quirks());
        quirks.remove(Quirk.ARM_TTBR1);
        PageTableConfig cfg = new PageTableConfig(PageTableFormat.ARM_LPAE_S1, global.ops().layout().pgsizeBitmap(),
                g.ias(), g.oas(), g.coherentWalk(), quirks, g.cpuPageSize());
        ContextBanks.Allocation a = ContextBanks.allocate(smmu, cfg);
        if (a.why() != null) {
            return Result.error(Errno.ENOMEM, "failed to allocate a per-process table" + a.why());
        }
        PageTableOps ops = a.ops();
        IoPgtable t = new IoPgtable(cfg, ops);
        if (d.processTables.isEmpty()) {
            Result r = priv.setTtbr0Cfg(t);
            if (!r.isOk()) {
                ops.free();
                return r;
            }
            d.activeProcess = 0;
        }
        d.processTables.add(t);
        smmu.tables.add(t);
        return Result.ok();
    }

    /**
     * The GPU switching to process {@code process}: TTBR0 = that table's pgd with the bank's ASID,
     * written straight to the bank (the SMMU driver is not involved, §5.6 step 4). -EINVAL unless
     * TTBR0 walks are enabled.
     */
    public static Result switchProcess(ArmSmmu smmu, String gpuMasterId, int process) {
        AdrenoSmmuPriv priv = smmu.adrenoPriv(gpuMasterId);
        if (priv == null) {
            return Result.error(Errno.ENODEV, gpuMasterId + " has no adreno_smmu_priv on " + smmu.id());
        }
        SmmuDomain d = priv.cookie();
        if (process < 0 || process >= d.processTables.size()) {
            return Result.error(Errno.ENOENT, "no per-process table " + process);
        }
        if ((smmu.cbRead(d.cbndx, Reg.CB_TCR) & Reg.TCR_EPD0) != 0) {
            return Result.error(Errno.EINVAL, "TTBR0 walks are not enabled on context bank " + d.cbndx);
        }
        long asid = smmu.cbRead64(d.cbndx, Reg.CB_TTBR0) & 0xffff_0000_0000_0000L;
        smmu.cbWrite64(d.cbndx, Reg.CB_TTBR0, d.processTables.get(process).pgd() | asid);
        d.activeProcess = process;
        return Result.ok();
    }
}
