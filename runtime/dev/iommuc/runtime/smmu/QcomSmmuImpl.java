package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Quirk;

import java.util.Set;

/**
 * The non-Adreno Qualcomm impls (reference/arm-smmu-v2.md §7.4): {@code qcom_smmu_v2_impl} (no reset
 * hook), {@code qcom_smmu_500_impl} (MMU-500 reset, ACTLR client table) and {@code sdm845_smmu_500_impl}
 * (its own reset: the MMU-500 one plus turning off "wait-for-safe" through SCM, which is not modelled).
 */
class QcomSmmuImpl implements SmmuImpl {

    private final QcomData data;
    /** Bank the bypass quirk reserved, or -1 (§7.4). */
    int bypassCbndx = -1;

    QcomSmmuImpl(QcomData data) {
        this.data = data;
    }

    @Override
    public String name() {
        return switch (data.kind()) {
            case V2, MSM8996 -> "qcom-smmu-v2";
            case SDM845_500 -> "qcom-sdm845-smmu-500";
            case V500 -> "qcom-smmu-500";
        };
    }

    boolean bypassQuirk() {
        return bypassCbndx >= 0;
    }

    /**
     * {@code qcom_smmu_cfg_probe} (§7.4): NUMCB fix-ups, NUMSMRG limited to 128, bypass-quirk
     * detection through the last S2CR, and adoption of every SMR the boot firmware left valid.
     */
    @Override
    public Result cfgProbe(ArmSmmu smmu) {
        for (QcomData.BankFix f : QcomData.BANK_FIXES) {
            if (smmu.compatible().contains(f.compatible()) && smmu.cfg.numCb == f.from()) {
                smmu.cfg.numCb = f.to();
            }
        }
        if (smmu.cfg.numMappingGroups > QcomData.MAX_SMRS) {
            smmu.notice("Limiting the stream matching groups to " + QcomData.MAX_SMRS);
            smmu.cfg.numMappingGroups = QcomData.MAX_SMRS;
            smmu.streamMap.limit(QcomData.MAX_SMRS);
        }
        int last = Reg.s2cr(smmu.cfg.numMappingGroups - 1);
        smmu.gr0Write(last, S2crType.BYPASS.field() << Reg.S2CR_TYPE_SHIFT | 0xff);
        int type = (smmu.gr0Read(last) >>> Reg.S2CR_TYPE_SHIFT) & 3;
        if (type != S2crType.BYPASS.field()) {
            bypassCbndx = smmu.cfg.numCb - 1;
            smmu.banks.reserve(bypassCbndx);
            smmu.cbWrite(bypassCbndx, Reg.CB_SCTLR, 0);
            smmu.gr1Write(Reg.cbar(bypassCbndx), Reg.CBAR_TYPE_S1_TRANS_S2_BYPASS << Reg.CBAR_TYPE_SHIFT);
            smmu.info("S2CR bypass is turned into fault by the firmware: context bank " + bypassCbndx
                    + " reserved for bypass");
        }
        handoff(smmu);
        return Result.ok();
    }

    /** §7.4 handoff: valid SMRs are adopted as BYPASS (cbndx 0xff) with count 0. */
    static void handoff(ArmSmmu smmu) {
        StreamMap map = smmu.streamMap;
        if (!map.matching()) {
            return;
        }
        for (int i = 0; i < smmu.cfg.numMappingGroups; i++) {
            int smr = smmu.gr0Read(Reg.smr(i));
            if ((smr & Reg.SMR_VALID) != 0 && !smmu.cfg.exids) {
                map.adopt(i, smr & 0xffff, (smr >>> 16) & 0x7fff);
            }
        }
    }

    /** qcom_smmu_init_context: ACTLR from the client table on impl0 platforms (§4.7). */
    @Override
    public void initContext(ArmSmmu smmu, SmmuDomain domain, Set<Quirk> quirks, MasterCfg dev) {
        writeActlr(smmu, data, domain, dev);
    }

    static void writeActlr(ArmSmmu smmu, QcomData data, SmmuDomain domain, MasterCfg dev) {
        if (!data.clientMatch()) {
            return;
        }
        Integer actlr = QcomData.actlr(dev.master.compatible());
        if (actlr != null) {
            smmu.cbWrite(domain.cbndx, Reg.CB_ACTLR, actlr);
        }
    }

    /** qcom_smmu_write_s2cr (§7.4): with the bypass quirk, BYPASS → TRANS to the reserved bank, FAULT → BYPASS. */
    @Override
    public S2crFields writeS2cr(S2crType type, int cbndx) {
        if (bypassQuirk()) {
            if (type == S2crType.BYPASS) {
                return new S2crFields(S2crType.TRANS, bypassCbndx);
            }
            if (type == S2crType.FAULT) {
                return new S2crFields(S2crType.BYPASS, 0xff);
            }
        }
        return new S2crFields(type, cbndx);
    }

    @Override
    public void reset(ArmSmmu smmu) {
        if (data.kind() == QcomData.Kind.V500 || data.kind() == QcomData.Kind.SDM845_500) {
            Mmu500Impl.mmu500Reset(smmu);
        }
    }
}
