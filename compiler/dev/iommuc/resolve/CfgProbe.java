package dev.iommuc.resolve;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arm-smmu impl {@code cfg_probe} hooks that rewrite ID-register values after they are read and
 * before the driver sizes anything (arm-smmu-v2.md §7.4): Qualcomm's context-bank count fix-ups and
 * its SMR limit. They apply to whatever value stands after the DT and the policy, since both stand in
 * for the registers the hook reads; the probe checks then see the adjusted value (§1.3).
 */
final class CfgProbe {

    private CfgProbe() {
    }

    private static final Set<String> QCOM_NON_ADRENO = Set.of("qcom-smmu-v2", "qcom-smmu-500", "qcom-sdm845-smmu-500");

    /** A NUMCB fix-up: on a node with {@code compatible} under one of {@code impls}, {@code from} becomes {@code to}. */
    private record BankFix(String compatible, Set<String> impls, long from, long to, String why) {
    }

    private static final List<BankFix> BANK_FIXES = List.of(
            new BankFix("qcom,msm8998-smmu-v2", QCOM_NON_ADRENO, 13, 12, "qcom_smmu_cfg_probe: msm8998 reports 13 (§7.4)"),
            new BankFix("qcom,sdm630-smmu-v2", QCOM_NON_ADRENO, 21, 7, "qcom_smmu_cfg_probe: sdm630 reports 21 (§7.4)"),
            new BankFix("qcom,sdm630-smmu-v2", QCOM_NON_ADRENO, 14, 13, "qcom_smmu_cfg_probe: sdm630 reports 14 (§7.4)"),
            new BankFix("qcom,sdm630-smmu-v2", Set.of("qcom-adreno-smmu"), 5, 2,
                    "adreno v2 cfg_probe: sdm630 reports 5 (§7.4)"));

    /** qcom_smmu_cfg_probe limits NUMSMRG to 128 (§7.4). */
    private static final long QCOM_MAX_SMRS = 128;

    /** Adjusts {@code params} in place for a classified arm-smmu provider. */
    static void apply(Catalogue.Model model, List<String> compatible, Map<String, Param> params) {
        if (model.family() != Family.ARM_SMMU) {
            return;
        }
        for (BankFix f : BANK_FIXES) {
            Param cb = params.get("num-context-banks");
            if (compatible.contains(f.compatible()) && f.impls().contains(model.impl()) && cb.value() == f.from()) {
                params.put(cb.name(), new Param(cb.name(), f.to(), cb.source(), cb.why() + "; " + f.to() + " after " + f.why()));
            }
        }
        Param smrs = params.get("num-smrs");
        if (QCOM_NON_ADRENO.contains(model.impl()) && smrs.value() > QCOM_MAX_SMRS) {
            params.put(smrs.name(), new Param(smrs.name(), QCOM_MAX_SMRS, smrs.source(),
                    smrs.why() + "; limited to 128 by qcom_smmu_cfg_probe (§7.4)"));
        }
    }
}
