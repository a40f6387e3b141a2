package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Quirk;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code arm_smmu_impl_init} (reference/arm-smmu-v2.md §1.1, §1.6): the model from
 * {@code arm_smmu_of_match} picks a first impl, then the node's compatibles may replace it, in the
 * kernel's order: Calxeda (secure aliases, not modelled), NVIDIA (returns at once), Qualcomm, Marvell.
 */
final class SmmuImpls {

    private SmmuImpls() {
    }

    /** {@code model} of §1.1. */
    enum Model { GENERIC, MMU500, CAVIUM, QCOM_SMMUV2 }

    private static final Map<String, Model> OF_MATCH = Map.of(
            "arm,smmu-v1", Model.GENERIC, "arm,mmu-400", Model.GENERIC, "arm,mmu-401", Model.GENERIC,
            "arm,smmu-v2", Model.GENERIC, "arm,mmu-500", Model.MMU500, "nvidia,smmu-500", Model.MMU500,
            "cavium,smmu-v2", Model.CAVIUM, "qcom,smmu-v2", Model.QCOM_SMMUV2);

    private static final List<String> NVIDIA = List.of("nvidia,tegra186-smmu", "nvidia,tegra194-smmu",
            "nvidia,tegra234-smmu");

    /** The model of the node's earliest listed compatible in the match table (GENERIC when none). */
    static Model model(List<String> compatible) {
        for (String c : compatible) {
            Model m = OF_MATCH.get(c);
            if (m != null) {
                return m;
            }
        }
        return Model.GENERIC;
    }

    /** The generic driver: no hooks. */
    static final SmmuImpl GENERIC = () -> "generic";

    /**
     * Chooses the impl for a node; {@code system} keeps the Cavium ID base (erratum #27704) across
     * instances and {@code warnings} receives the Qualcomm "missing entry" warning.
     */
    static SmmuImpl select(List<String> compatible, SmmuSystem system, List<String> warnings) {
        Model model = model(compatible);
        SmmuImpl impl = switch (model) {
            case MMU500 -> new Mmu500Impl();
            case CAVIUM -> new CaviumImpl(system);
            default -> GENERIC;
        };
        if (compatible.stream().anyMatch(NVIDIA::contains)) {
            // the NVIDIA impl drives two or three mirrored instances; one instance behaves as MMU-500
            return new Mmu500Impl() {
                @Override
                public String name() {
                    return "nvidia-smmu-500";
                }
            };
        }
        QcomData q = QcomData.match(compatible);
        boolean adreno = compatible.contains("qcom,adreno-smmu");
        if (q != null) {
            SmmuImpl chosen = adreno ? adrenoImpl(q, compatible) : q.kind() == QcomData.Kind.MSM8996 ? null
                    : new QcomSmmuImpl(q);
            if (chosen != null) {
                impl = chosen;
            }
        } else if (adreno) {
            warnings.add("Missing qcom_smmu_impl_of_match entry for: " + String.join(",", compatible));
        }
        if (compatible.contains("marvell,ap806-smmu-500")) {
            impl = new MarvellImpl();
        }
        return impl;
    }

    private static SmmuImpl adrenoImpl(QcomData q, List<String> compatible) {
        if (q.kind() == QcomData.Kind.SDM845_500) {
            return null;
        }
        boolean v500 = q.kind() == QcomData.Kind.V500;
        return new AdrenoImpl(q, v500, !compatible.contains("qcom,msm8996-smmu-v2"));
    }

    /** Cavium ThunderX (erratum #27704): ASIDs and VMIDs offset by the banks of earlier Cavium SMMUs. */
    static final class CaviumImpl implements SmmuImpl {
        private final SmmuSystem system;
        private int idBase;

        CaviumImpl(SmmuSystem system) {
            this.system = system;
        }

        @Override
        public String name() {
            return "cavium-smmu-v2";
        }

        @Override
        public Result cfgProbe(ArmSmmu smmu) {
            idBase = system.caviumIdBase(smmu.cfg.numCb);
            return Result.ok();
        }

        @Override
        public void initContext(ArmSmmu smmu, SmmuDomain domain, Set<Quirk> quirks, MasterCfg dev) {
            domain.asidVmid += idBase;
        }
    }

    /**
     * Marvell AP806 (erratum #582743): the AArch64 formats are dropped. 64-bit register splitting is not
     * modelled; the reset is the MMU-500 one (assumed: the node is also {@code arm,mmu-500}).
     */
    static final class MarvellImpl implements SmmuImpl {
        @Override
        public String name() {
            return "marvell-ap806-smmu-500";
        }

        @Override
        public Result cfgProbe(ArmSmmu smmu) {
            smmu.cfg.fmtAarch64K4 = false;
            smmu.cfg.fmtAarch64K16 = false;
            smmu.cfg.fmtAarch64K64 = false;
            return Result.ok();
        }

        @Override
        public void reset(ArmSmmu smmu) {
            Mmu500Impl.mmu500Reset(smmu);
        }
    }
}
