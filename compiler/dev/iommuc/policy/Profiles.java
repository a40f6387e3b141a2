package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in base policies. A profile is policy YAML like a user's (so the same loader validates
 * it and its entries carry positions in its text, see {@link #source}); its file name is
 * {@code <profile NAME>}, which is how the binder tells profile entries from a user's.
 */
public final class Profiles {

    public static final String DEFAULT = "linux-6.12";
    public static final String NONE = "none";

    /**
     * {@code qcom_smmu_client_of_match} (arm-smmu-qcom.c, 6.12; arm-smmu-v2.md §6.3) in its order:
     * GPU, display, modem. The list grew over kernel versions; 6.12's is the one here.
     */
    static final List<String> QCOM_CLIENTS = List.of(
            "qcom,adreno", "qcom,adreno-gmu",
            "qcom,mdp4", "qcom,mdss", "qcom,qcm2290-mdss", "qcom,sar2130p-mdss", "qcom,sc7180-mdss",
            "qcom,sc7280-mdss", "qcom,sc8180x-mdss", "qcom,sc8280xp-mdss", "qcom,sdm670-mdss", "qcom,sdm845-mdss",
            "qcom,sm6115-mdss", "qcom,sm6350-mdss", "qcom,sm6375-mdss", "qcom,sm8150-mdss", "qcom,sm8250-mdss",
            "qcom,x1e80100-mdss",
            "qcom,sc7180-mss-pil", "qcom,sc7280-mss-pil", "qcom,sdm845-mss-pil");

    /**
     * The resolver's names of the SMMU implementations that install {@code qcom_smmu_def_domain_type}:
     * every qcom impl, the Adreno ones included; msm8996's non-GPU SMMUs run the generic impl and do not.
     */
    static final List<String> QCOM_IMPLS = List.of("qcom-smmu-v2", "qcom-smmu-500", "qcom-adreno-smmu");

    private static final Map<String, Policy> CACHE = new ConcurrentHashMap<>();

    private Profiles() {
    }

    public static List<String> names() {
        return List.of(DEFAULT, NONE);
    }

    /** The profile's own entries (not layered), or null for an unknown name; {@code none} is empty. */
    public static Policy get(String name) {
        if (NONE.equals(name)) {
            return Policy.EMPTY;
        }
        if (!DEFAULT.equals(name)) {
            return null;
        }
        return CACHE.computeIfAbsent(name, Profiles::loadBuiltIn);
    }

    /** The YAML text of a profile (for quoting source lines in diagnostics), or null. */
    public static String source(String name) {
        return DEFAULT.equals(name) ? linux612() : null;
    }

    /** The diagnostics file name of a profile's entries. */
    public static String fileName(String name) {
        return "<profile " + name + ">";
    }

    /** Whether a position lies in a built-in profile rather than a user's file. */
    public static boolean isBuiltIn(SourcePos pos) {
        return pos.file().startsWith("<profile ");
    }

    private static Policy loadBuiltIn(String name) {
        Diagnostics d = new Diagnostics();
        Policy p = PolicyLoader.load(source(name), fileName(name), d);
        if (p == null) {
            throw new IllegalStateException("built-in profile " + name + " does not load: "
                    + d.all().stream().map(Diagnostic::headline).toList());
        }
        return p;
    }

    /**
     * Linux 6.12 with arm-smmu-qcom and drm/msm. The client rules are written out from
     * {@link #QCOM_CLIENTS} so the list stays in one place, the reference's order.
     */
    private static String linux612() {
        StringBuilder sb = new StringBuilder("""
                # linux-6.12: an arm64 defconfig kernel of the 6.12 era (docs/policy.md)
                apiVersion: iommuc.policy/v1
                profile: none
                kernel:
                  page-size: 4K                   # CONFIG_ARM64_4K_PAGES
                  default-domain: dma             # no iommu.passthrough; IOMMU_DEFAULT_DMA_LAZY
                  disable-bypass: true            # CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y
                  dart-small-pages: force-bypass  # apple-dart.c: force_bypass when its page > PAGE_SIZE
                  qcom-bypass-quirk: false        # firmware-dependent (qcom_smmu_cfg_probe); off unless stated
                masters:
                  # qcom_smmu_def_domain_type: IDENTITY for qcom_smmu_client_of_match, behind qcom impls only
                """);
        for (String c : QCOM_CLIENTS) {
            sb.append("  - {match: {compatible: \"").append(c).append("\"}, iommu-impl: [")
                    .append(String.join(", ", QCOM_IMPLS)).append("], domain: identity}\n");
        }
        sb.append("""
                domains:
                  # drm/msm's own UNMANAGED domains (arm-smmu-v2.md §5.6, §6.3), in the order drm/msm attaches
                  # them: the GMU's separate domain (a6xx_gmu_memory_probe runs first), then the GPU's split
                  # tables, TTBR1 for global buffers and per-process TTBR0 tables
                  - name: gmu
                    masters: [{compatible: "qcom,adreno-gmu"}]
                  - name: gpu
                    masters: [{compatible: "qcom,adreno"}]
                    split-tables: {ttbr1: global, processes: 1}
                sharing:
                  strategy: per-group             # one default domain per IOMMU group
                """);
        return sb.toString();
    }
}
