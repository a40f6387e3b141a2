package dev.iommuc.runtime.smmu;

/** {@code arm_mmu500_impl}: only a reset hook (reference/arm-smmu-v2.md §1.6, §7.3 step 6). */
class Mmu500Impl implements SmmuImpl {

    @Override
    public String name() {
        return "arm-mmu500";
    }

    @Override
    public void reset(ArmSmmu smmu) {
        mmu500Reset(smmu);
    }

    /**
     * {@code arm_mmu500_reset} (§7.3 step 6): sACR loses CACHE_LOCK when IDR7.MAJOR ≥ 2 and gains
     * SMTNMB_TLBEN and S2CRB_TLBEN; then, for CONFIG_ARM_SMMU_MMU_500_CPRE_ERRATA (errata #841119 and
     * #826419), every bank's ACTLR.CPRE is cleared and checked.
     */
    static void mmu500Reset(ArmSmmu smmu) {
        int major = (smmu.gr0Read(Reg.IDR7) >>> 4) & 0xf;
        int sacr = smmu.gr0Read(Reg.SACR);
        if (major >= 2) {
            sacr &= ~Reg.SACR_CACHE_LOCK;
        }
        sacr |= Reg.SACR_SMTNMB_TLBEN | Reg.SACR_S2CRB_TLBEN;
        smmu.gr0Write(Reg.SACR, sacr);
        boolean warned = false;
        for (int i = 0; i < smmu.cfg.numCb; i++) {
            int actlr = smmu.cbRead(i, Reg.CB_ACTLR);
            if ((actlr & Reg.ACTLR_CPRE) == 0) {
                continue;
            }
            smmu.cbWrite(i, Reg.CB_ACTLR, actlr & ~Reg.ACTLR_CPRE);
            if ((smmu.cbRead(i, Reg.CB_ACTLR) & Reg.ACTLR_CPRE) != 0 && !warned) {
                smmu.warn("Failed to disable prefetcher for errata workarounds, check SACR.CACHE_LOCK");
                warned = true;
            }
        }
    }
}
