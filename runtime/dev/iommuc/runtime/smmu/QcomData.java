package dev.iommuc.runtime.smmu;

import java.util.List;
import java.util.Map;

/**
 * Qualcomm platform data as data (reference/arm-smmu-v2.md §4.6 {@code qcom_smmu_impl_of_match}, §4.7
 * ACTLR client table, §7.4 cfg_probe fix-ups).
 *
 * @param kind        which impl pair the entry selects
 * @param clientMatch the entry carries the ACTLR client table (the "impl0" data)
 */
record QcomData(Kind kind, boolean clientMatch) {

    /** The {@code impl} / {@code adreno_impl} pair of a match-table entry. */
    enum Kind {
        /** msm8996: no impl for the apps SMMU, the v2 Adreno impl (without TTBR1) for the GPU's. */
        MSM8996,
        /** qcom_smmu_v2_data. */
        V2,
        /** sdm845_smmu_500_data: its own reset, no Adreno impl. */
        SDM845_500,
        /** qcom_smmu_500_impl0_data. */
        V500
    }

    private static final QcomData MSM8996 = new QcomData(Kind.MSM8996, false);
    private static final QcomData V2 = new QcomData(Kind.V2, false);
    private static final QcomData SDM845 = new QcomData(Kind.SDM845_500, false);
    private static final QcomData IMPL0 = new QcomData(Kind.V500, true);

    private static final Map<String, QcomData> MATCH = Map.ofEntries(
            Map.entry("qcom,msm8996-smmu-v2", MSM8996),
            Map.entry("qcom,msm8998-smmu-v2", V2), Map.entry("qcom,sc7180-smmu-v2", V2),
            Map.entry("qcom,sdm630-smmu-v2", V2), Map.entry("qcom,sdm670-smmu-v2", V2),
            Map.entry("qcom,sdm845-smmu-v2", V2), Map.entry("qcom,sm6350-smmu-v2", V2),
            Map.entry("qcom,sm6375-smmu-v2", V2), Map.entry("qcom,sm7150-smmu-v2", V2),
            Map.entry("qcom,sdm845-smmu-500", SDM845),
            Map.entry("qcom,qcm2290-smmu-500", IMPL0), Map.entry("qcom,qdu1000-smmu-500", IMPL0),
            Map.entry("qcom,sc7180-smmu-500", IMPL0), Map.entry("qcom,sc7280-smmu-500", IMPL0),
            Map.entry("qcom,sc8180x-smmu-500", IMPL0), Map.entry("qcom,sc8280xp-smmu-500", IMPL0),
            Map.entry("qcom,sm6115-smmu-500", IMPL0), Map.entry("qcom,sm6125-smmu-500", IMPL0),
            Map.entry("qcom,sm6350-smmu-500", IMPL0), Map.entry("qcom,sm6375-smmu-500", IMPL0),
            Map.entry("qcom,sm8150-smmu-500", IMPL0), Map.entry("qcom,sm8250-smmu-500", IMPL0),
            Map.entry("qcom,sm8350-smmu-500", IMPL0), Map.entry("qcom,sm8450-smmu-500", IMPL0),
            Map.entry("qcom,smmu-500", IMPL0));

    /** {@code of_match_node}: the entry of the node's earliest listed compatible that has one, else null. */
    static QcomData match(List<String> compatible) {
        for (String c : compatible) {
            QcomData d = MATCH.get(c);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** §4.7 {@code qcom_smmu_actlr_client_of_match}: ACTLR per master compatible. */
    private static final Map<String, Integer> ACTLR = Map.of(
            "qcom,adreno", 0x303, "qcom,adreno-gmu", 0x303, "qcom,adreno-smmu", 0x303, "qcom,fastrpc", 0x303,
            "qcom,sc7280-mdss", 0x103, "qcom,sc7280-venus", 0x103,
            "qcom,sm8550-mdss", 0x1);

    /** The ACTLR value for a master (its earliest listed compatible in the table), or null: not written. */
    static Integer actlr(List<String> masterCompatible) {
        for (String c : masterCompatible) {
            Integer v = ACTLR.get(c);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A §7.4 qcom_smmu_cfg_probe NUMCB fix-up: on a node with {@code compatible}, {@code from} banks become {@code to}. */
    record BankFix(String compatible, int from, int to) {
    }

    static final List<BankFix> BANK_FIXES = List.of(
            new BankFix("qcom,msm8998-smmu-v2", 13, 12),
            new BankFix("qcom,sdm630-smmu-v2", 21, 7),
            new BankFix("qcom,sdm630-smmu-v2", 14, 13));

    /** §7.4: NUMSMRG above this is limited to it. */
    static final int MAX_SMRS = 128;
}
