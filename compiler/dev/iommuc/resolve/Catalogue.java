package dev.iommuc.resolve;

import dev.iommuc.model.Node;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which driver and model a provider's {@code compatible} selects, as data tables in the kernel's match
 * order. The arm-smmu driver first picks {@code version}/{@code model} from its match table (the
 * node's earliest listed compatible that the table knows wins, of_match_node), then runs the
 * implementation layer in a fixed order (arm-smmu-v2.md §1.1, §1.6, §4.6). SMMUv3 and DART have their
 * own tables (dart-smmuv3-of.md A.1, B.1). Everything else with {@code #iommu-cells} is a generic
 * provider, named after the Linux driver its vendor prefix points to.
 */
final class Catalogue {

    private Catalogue() {
    }

    /**
     * The classification of one provider.
     *
     * @param family  hardware family
     * @param impl    implementation (arm-smmu impl, DART variant, generic driver name)
     * @param version arm-smmu architecture version, else null
     * @param rows    parameter-catalogue rows to apply in order (see {@link HwCatalogue})
     */
    record Model(Family family, String impl, String version, List<String> rows) {
    }

    /** arm_smmu_of_match (§1.1): compatible to {version, model}. */
    private record SmmuMatch(String version, String model) {
    }

    private static final Map<String, SmmuMatch> ARM_SMMU = Map.of(
            "arm,smmu-v1", new SmmuMatch("smmu-v1", "generic"),
            "arm,mmu-400", new SmmuMatch("smmu-v1", "generic"),
            "arm,mmu-401", new SmmuMatch("smmu-v1-64k", "generic"),
            "arm,smmu-v2", new SmmuMatch("smmu-v2", "generic"),
            "arm,mmu-500", new SmmuMatch("smmu-v2", "mmu-500"),
            "nvidia,smmu-500", new SmmuMatch("smmu-v2", "mmu-500"),
            "cavium,smmu-v2", new SmmuMatch("smmu-v2", "cavium-smmu-v2"),
            // QCOM_SMMUV2 has no impl of its own in step 1; the Qualcomm layer (step 4) picks one
            "qcom,smmu-v2", new SmmuMatch("smmu-v2", "generic"));

    /** qcom_smmu_impl_of_match (§4.6): impl for the node, and for a node also compatible with qcom,adreno-smmu. */
    private record QcomImpl(String impl, String adrenoImpl) {
    }

    private static final QcomImpl QCOM_V2 = new QcomImpl("qcom-smmu-v2", "qcom-adreno-smmu");
    private static final QcomImpl QCOM_500 = new QcomImpl("qcom-smmu-500", "qcom-adreno-smmu");

    private static final Map<String, QcomImpl> QCOM = Map.ofEntries(
            // msm8996: NULL impl (generic behaviour) unless it is the GPU's SMMU
            Map.entry("qcom,msm8996-smmu-v2", new QcomImpl(null, "qcom-adreno-smmu")),
            Map.entry("qcom,msm8998-smmu-v2", QCOM_V2),
            Map.entry("qcom,sc7180-smmu-v2", QCOM_V2),
            Map.entry("qcom,sdm630-smmu-v2", QCOM_V2),
            Map.entry("qcom,sdm670-smmu-v2", QCOM_V2),
            Map.entry("qcom,sdm845-smmu-v2", QCOM_V2),
            Map.entry("qcom,sm6350-smmu-v2", QCOM_V2),
            Map.entry("qcom,sm6375-smmu-v2", QCOM_V2),
            Map.entry("qcom,sm7150-smmu-v2", QCOM_V2),
            // sdm845's apps SMMU has its own reset (wait-for-safe off through SCM) and no adreno impl
            Map.entry("qcom,sdm845-smmu-500", new QcomImpl("qcom-sdm845-smmu-500", null)),
            Map.entry("qcom,qcm2290-smmu-500", QCOM_500),
            Map.entry("qcom,qdu1000-smmu-500", QCOM_500),
            Map.entry("qcom,sc7180-smmu-500", QCOM_500),
            Map.entry("qcom,sc7280-smmu-500", QCOM_500),
            Map.entry("qcom,sc8180x-smmu-500", QCOM_500),
            Map.entry("qcom,sc8280xp-smmu-500", QCOM_500),
            Map.entry("qcom,sm6115-smmu-500", QCOM_500),
            Map.entry("qcom,sm6125-smmu-500", QCOM_500),
            Map.entry("qcom,sm6350-smmu-500", QCOM_500),
            Map.entry("qcom,sm6375-smmu-500", QCOM_500),
            Map.entry("qcom,sm8150-smmu-500", QCOM_500),
            Map.entry("qcom,sm8250-smmu-500", QCOM_500),
            Map.entry("qcom,sm8350-smmu-500", QCOM_500),
            Map.entry("qcom,sm8450-smmu-500", QCOM_500),
            Map.entry("qcom,smmu-500", QCOM_500));

    /** Step 3 of §1.6: the NVIDIA dual/triple-instance impl; it returns before the Qualcomm step. */
    private static final List<String> NVIDIA = List.of(
            "nvidia,tegra186-smmu", "nvidia,tegra194-smmu", "nvidia,tegra234-smmu");

    /** apple_dart_of_match (A.1): compatible to variant; later SoCs list t8110 as their fallback. */
    private static final Map<String, String> DART = Map.of(
            "apple,t8103-dart", "t8103",
            "apple,t8103-usb4-dart", "t8103-usb4",
            "apple,t6000-dart", "t6000",
            "apple,t8110-dart", "t8110");

    /** Vendor patterns of the other IOMMU drivers (dart-smmuv3-of.md C.4 and the drivers' match tables). */
    private record Generic(Pattern compatible, String driver) {
    }

    private static final List<Generic> GENERIC = List.of(
            new Generic(Pattern.compile("rockchip,(.+-)?iommu"), "rockchip"),
            new Generic(Pattern.compile("mediatek,.+-(m4u|iommu-.+)"), "mtk-m4u"),
            new Generic(Pattern.compile("nvidia,tegra\\d+-(mc|smmu)"), "tegra-smmu"),
            new Generic(Pattern.compile("renesas,(ipmmu-.+|rcar-gen\\d-ipmmu-vmsa)"), "ipmmu-vmsa"),
            new Generic(Pattern.compile("samsung,exynos-sysmmu"), "exynos-sysmmu"),
            new Generic(Pattern.compile("qcom,msm-iommu-v\\d|qcom,.+-iommu"), "qcom-iommu"),
            new Generic(Pattern.compile("allwinner,sun50i-.+-iommu"), "sun50i-iommu"),
            new Generic(Pattern.compile("sprd,iommu-v\\d"), "sprd-iommu"),
            new Generic(Pattern.compile("ti,(omap\\d|dra7.*)-iommu"), "omap-iommu"),
            new Generic(Pattern.compile("virtio,.*iommu"), "virtio-iommu"),
            // a DART compatible the mainline driver does not know (no t8110 fallback): it would not bind
            new Generic(Pattern.compile("apple,.+-dart"), "apple-dart-unbound"));

    /** Classifies a node that has {@code #iommu-cells} (or, for the legacy binding, {@code mmu-masters}). */
    static Model classify(Node node) {
        List<String> compat = Dt.compatible(node);
        for (String c : compat) {
            SmmuMatch m = ARM_SMMU.get(c);
            if (m != null) {
                return armSmmu(node, compat, m);
            }
            if (c.equals("arm,smmu-v3")) {
                return new Model(Family.ARM_SMMU_V3, "generic", null, List.of("arm-smmu-v3"));
            }
            String variant = DART.get(c);
            if (variant != null) {
                return new Model(Family.APPLE_DART, variant, null, withCompat(List.of("dart-" + variant), compat));
            }
        }
        String driver = genericDriver(compat, node);
        return new Model(Family.GENERIC, driver, null, withCompat(List.of(driver), compat));
    }

    /** arm_smmu_impl_init (§1.6): model, Calxeda, NVIDIA, Qualcomm, Marvell, in that order. */
    private static Model armSmmu(Node node, List<String> compat, SmmuMatch m) {
        String impl = m.model();
        if (node.property("calxeda,smmu-secure-config-access") != null) {
            impl = "calxeda-smmu";
        }
        if (compat.stream().anyMatch(NVIDIA::contains)) {
            return new Model(Family.ARM_SMMU, "nvidia-smmu-500", m.version(),
                    withCompat(List.of(m.version(), m.model(), "nvidia-smmu-500"), compat));
        }
        for (String c : compat) {
            QcomImpl q = QCOM.get(c);
            if (q != null) {
                String chosen = compat.contains("qcom,adreno-smmu") ? q.adrenoImpl() : q.impl();
                if (chosen != null) {
                    impl = chosen;
                }
                break;
            }
        }
        if (compat.contains("marvell,ap806-smmu-500")) {
            impl = "marvell-ap806-smmu-500";
        }
        return new Model(Family.ARM_SMMU, impl, m.version(), withCompat(List.of(m.version(), m.model(), impl), compat));
    }

    private static String genericDriver(List<String> compat, Node node) {
        for (String c : compat) {
            for (Generic g : GENERIC) {
                if (g.compatible().matcher(c).matches()) {
                    return g.driver();
                }
            }
        }
        return compat.isEmpty() ? node.baseName() : compat.get(0);
    }

    /** Rows in order: family/model rows first, then one per compatible (SoC-specific values win). */
    private static List<String> withCompat(List<String> rows, List<String> compat) {
        List<String> out = new java.util.ArrayList<>();
        for (String r : rows) {
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        for (int i = compat.size() - 1; i >= 0; i--) {
            // least specific compatible first, so the node's most specific one is applied last
            if (!out.contains(compat.get(i))) {
                out.add(compat.get(i));
            }
        }
        return out;
    }

    /** Whether a node that lacks {@code #iommu-cells} still looks like an IOMMU (for the missing-cells check). */
    static boolean looksLikeIommu(Node node) {
        if (node.property("mmu-masters") != null) {
            return true;
        }
        Model m = classify(node);
        if (m.family() != Family.GENERIC) {
            return true;
        }
        List<String> compat = Dt.compatible(node);
        return !compat.isEmpty() && !m.impl().equals(compat.get(0))
                || node.baseName().equals("iommu") || node.baseName().equals("smmu");
    }
}
