package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Quirk;

import java.util.BitSet;
import java.util.Set;

/**
 * {@code qcom_adreno_smmu_v2_impl} and {@code qcom_adreno_smmu_500_impl} (reference/arm-smmu-v2.md
 * §4.6, §4.7, §7.4): the GPU (any stream with SID 0) only gets bank 0, everyone else a bank from 1; the
 * GPU's S1 AArch64 domain gets the TTBR1 quirk unless the SMMU is {@code qcom,msm8996-smmu-v2}; every
 * bank's SCTLR gains HUPCF, and CFCFG while stall is enabled for it.
 */
final class AdrenoImpl implements SmmuImpl {

    private final QcomData data;
    private final boolean v500;
    private final boolean canTtbr1;
    /** Banks with stall-on-fault enabled through {@code set_stall}. */
    final BitSet stallEnabled = new BitSet();

    AdrenoImpl(QcomData data, boolean v500, boolean canTtbr1) {
        this.data = data;
        this.v500 = v500;
        this.canTtbr1 = canTtbr1;
    }

    @Override
    public String name() {
        return v500 ? "qcom-adreno-smmu-500" : "qcom-adreno-smmu-v2";
    }

    /** The v2 Adreno cfg_probe drops the AArch64 16K format; sdm630 reports 5 banks and has 2 (§7.4). No cfg_probe on 500. */
    @Override
    public Result cfgProbe(ArmSmmu smmu) {
        if (!v500) {
            smmu.cfg.fmtAarch64K16 = false;
            if (smmu.compatible().contains("qcom,sdm630-smmu-v2") && smmu.cfg.numCb == 5) {
                smmu.cfg.numCb = 2;
            }
        }
        return Result.ok();
    }

    /** qcom_adreno_smmu_alloc_context_bank (§4.6): the GPU searches [0, 1), everyone else [1, NUMCB); {@code start} is ignored. */
    @Override
    public int allocContextBank(ArmSmmu smmu, SmmuDomain domain, MasterCfg dev, int start) {
        if (dev.hasSid0()) {
            return smmu.banks.allocBitmap(0, 1);
        }
        return smmu.banks.allocBitmap(1, smmu.cfg.numCb);
    }

    /** qcom_adreno_smmu_init_context (§4.7): ACTLR as every qcom impl; for the GPU, TTBR1 and its adreno_smmu_priv. */
    @Override
    public void initContext(ArmSmmu smmu, SmmuDomain domain, Set<Quirk> quirks, MasterCfg dev) {
        QcomSmmuImpl.writeActlr(smmu, data, domain, dev);
        if (!dev.hasSid0()) {
            return;
        }
        if (canTtbr1 && domain.stage == SmmuDomain.Stage.S1 && domain.fmt == SmmuDomain.Format.AARCH64) {
            quirks.add(Quirk.ARM_TTBR1);
        }
        smmu.setAdrenoPriv(dev, new AdrenoSmmuPriv(smmu, this, domain));
    }

    /** Adreno write_sctlr (§4.7): HUPCF always, CFCFG while stall is enabled for the bank. */
    @Override
    public int writeSctlr(int idx, int sctlr) {
        sctlr |= Reg.SCTLR_HUPCF;
        if (stallEnabled.get(idx)) {
            sctlr |= Reg.SCTLR_CFCFG;
        }
        return sctlr;
    }

    @Override
    public void reset(ArmSmmu smmu) {
        if (v500) {
            Mmu500Impl.mmu500Reset(smmu);
        }
    }
}
