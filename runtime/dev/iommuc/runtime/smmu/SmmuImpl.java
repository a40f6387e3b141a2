package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Quirk;

import java.util.Set;

/**
 * Vendor implementation hooks ({@code struct arm_smmu_impl}, reference/arm-smmu-v2.md §1.6): every
 * hook is optional and does what the generic driver does unless an implementation overrides it.
 * Implementations are chosen by model first, then by compatible ({@link SmmuImpls}). The surface is
 * kept to the hooks the reference describes.
 */
interface SmmuImpl {

    /** Name for reports, e.g. {@code arm-mmu500}, {@code qcom-smmu-500}, {@code qcom-adreno-smmu-v2}. */
    String name();

    /** {@code cfg_probe}: runs after the ID registers are read, before the page sizes are derived (§1.4, §7.4). */
    default Result cfgProbe(ArmSmmu smmu) {
        return Result.ok();
    }

    /** {@code reset}: the implementation's part of the device reset (§7.3 step 6). */
    default void reset(ArmSmmu smmu) {
    }

    /** {@code init_context}: after the bank is chosen, before the table is allocated (§4.5 step 3). */
    default void initContext(ArmSmmu smmu, SmmuDomain domain, Set<Quirk> quirks, MasterCfg dev) {
    }

    /** {@code alloc_context_bank}: the bank for a new domain, or a negative errno (§4.5, §4.6). */
    default int allocContextBank(ArmSmmu smmu, SmmuDomain domain, MasterCfg dev, int start) {
        return smmu.banks.allocBitmap(start, smmu.cfg.numCb);
    }

    /** {@code write_s2cr}: the type and bank actually written for an S2CR's software state (§7.4). */
    default S2crFields writeS2cr(S2crType type, int cbndx) {
        return new S2crFields(type, cbndx);
    }

    /** {@code write_sctlr}: the SCTLR value actually written for bank {@code idx} (§4.7, §8.2 step 6). */
    default int writeSctlr(int idx, int sctlr) {
        return sctlr;
    }

    /** An S2CR's TYPE and CBNDX. */
    record S2crFields(S2crType type, int cbndx) {
    }
}
