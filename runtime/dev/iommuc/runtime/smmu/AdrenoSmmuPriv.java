package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;

/**
 * The GPU's {@code struct adreno_smmu_priv} (reference/arm-smmu-v2.md §4.7, §5.6): what drm/msm gets
 * from the Adreno impl to run split page tables. Filled when the GPU's domain is initialised; its
 * cookie is that domain.
 */
public final class AdrenoSmmuPriv {

    /** {@code get_fault_info}: the bank's fault record. */
    public record FaultInfo(int fsr, int fsynr0, int fsynr1, long far, int cbfrsynra, long ttbr0, int contextidr) {
    }

    private final ArmSmmu smmu;
    private final AdrenoImpl impl;
    private final SmmuDomain cookie;

    AdrenoSmmuPriv(ArmSmmu smmu, AdrenoImpl impl, SmmuDomain cookie) {
        this.smmu = smmu;
        this.impl = impl;
        this.cookie = cookie;
    }

    public SmmuDomain cookie() {
        return cookie;
    }

    /** {@code get_ttbr1_cfg}: the GPU domain's table configuration (with the TTBR1 quirk where allowed). */
    public IoPgtable getTtbr1Cfg() {
        return cookie.pgtable;
    }

    /**
     * {@code set_ttbr0_cfg} (§5.6 step 3). The bank must have split tables (TCR.EPD1 clear), else
     * -EINVAL. Enable ({@code cfg} non-null): -EINVAL if TTBR0 already walks; else TCR gains the
     * table's TTBR0 fields with EPD0 and EPD1 cleared, and TTBR0 = pgd | ASID. Disable (null): -EINVAL
     * if already disabled; else TCR and TTBR0 go back to the TTBR1-only values. Either way the whole
     * bank is rewritten.
     */
    public Result setTtbr0Cfg(IoPgtable cfg) {
        ContextBanks.Cb cb = smmu.banks.cb(cookie.cbndx);
        if ((cb.tcr0 & Reg.TCR_EPD1) != 0) {
            return Result.error(Errno.EINVAL, "split page tables are not enabled on context bank " + cookie.cbndx
                    + " (TCR.EPD1 set)");
        }
        long asid = (long) cb.asidVmid << 48;
        if (cfg != null) {
            if ((cb.tcr0 & Reg.TCR_EPD0) == 0) {
                return Result.error(Errno.EINVAL, "TTBR0 is already enabled on context bank " + cookie.cbndx);
            }
            int tcr = cb.tcr0 | Tcr.lpaeTcr(cfg.ops().armRegs(), cfg.ttbr1());
            cb.tcr0 = tcr & ~(Reg.TCR_EPD0 | Reg.TCR_EPD1);
            cb.ttbr0 = cfg.pgd() | asid;
        } else {
            if ((cb.tcr0 & Reg.TCR_EPD0) != 0) {
                return Result.error(Errno.EINVAL, "TTBR0 is already disabled on context bank " + cookie.cbndx);
            }
            cb.tcr0 = Tcr.lpaeTcr(cookie.pgtable.ops().armRegs(), cookie.pgtable.ttbr1());
            cb.ttbr0 = asid;
        }
        smmu.banks.write(cookie.cbndx);
        return Result.ok();
    }

    /** {@code set_stall}: CFCFG for this bank from its next SCTLR write on (§4.7). */
    public void setStall(boolean enabled) {
        impl.stallEnabled.set(cookie.cbndx, enabled);
    }

    /** {@code get_fault_info}, read from the bank's registers. */
    public FaultInfo getFaultInfo() {
        int n = cookie.cbndx;
        return new FaultInfo(smmu.cbRead(n, Reg.CB_FSR), smmu.cbRead(n, Reg.CB_FSYNR0), smmu.cbRead(n, Reg.CB_FSYNR1),
                smmu.cbRead64(n, Reg.CB_FAR), smmu.gr1Read(Reg.cbfrsynra(n)), smmu.cbRead64(n, Reg.CB_TTBR0),
                smmu.cbRead(n, Reg.CB_CONTEXTIDR));
    }
}
