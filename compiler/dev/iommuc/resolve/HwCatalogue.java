package dev.iommuc.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Built-in hardware parameters: what the ID registers of a provider would say, since the DT does not
 * state them. Rows are keyed by arm-smmu version, model/impl, DART variant, generic driver or a SoC
 * compatible; {@link Catalogue.Model#rows()} lists the keys to apply, later rows overriding earlier
 * ones. Each value carries its source: a reference section, or "assumed" when the reference gives no
 * number and a typical configuration is taken.
 *
 * <p>Units: bit widths are bits; {@code granules} and {@code pgsize-bitmap} are bitmaps of supported
 * page/granule sizes (bit n set = 2^n bytes), {@code page-size} is bytes; flags are 0/1.
 */
final class HwCatalogue {

    private HwCatalogue() {
    }

    private static final long SZ_4K = 1L << 12;
    private static final long SZ_16K = 1L << 14;
    private static final long SZ_64K = 1L << 16;

    /** Parameters the DT, not the catalogue, states (arm-smmu-v2.md §1.2, §1.3, §1.5). */
    static final Map<Family, Set<String>> DT_ONLY = Map.of(
            Family.ARM_SMMU, Set.of("num-global-irqs", "num-context-irqs", "stream-match-mask"),
            Family.ARM_SMMU_V3, Set.of(),
            Family.APPLE_DART, Set.of(),
            Family.GENERIC, Set.of());

    private static final String EX1 = "arm-smmu-v2.md §9 Example 1 (generic MMU-500)";

    private static final Map<String, List<Param>> ROWS = new Builder()
            // ---- arm-smmu, by version: the generic arm,smmu-v2 baseline ----
            .row("smmu-v2")
            .p("num-context-banks", 8, "assumed: " + EX1 + " NUMCB")
            .p("num-s2-context-banks", 0, "assumed: " + EX1 + " NUMS2CB")
            .p("num-smrs", 16, "assumed: " + EX1 + " NUMSMRG")
            .p("stream-matching", 1, "assumed: IDR0.SMS set, " + EX1)
            .p("sid-bits", 15, "IDR0.NUMSIDB maximum without EXIDS (§1.4), " + EX1)
            .p("smr-mask-bits", 15, "assumed: SMR.MASK bits that stick as wide as the ID bits (§1.4 test_smr_masks)")
            .p("exids", 0, "assumed: IDR0.EXIDS clear, " + EX1)
            .p("ias", 48, "IDR2.IAS=5, " + EX1)
            .p("oas", 48, "IDR2.OAS=5, " + EX1)
            .p("ubs", 48, "IDR2.UBS=5, " + EX1)
            .p("granules", SZ_4K | SZ_64K, "IDR2.PTFS 4K+64K, " + EX1)
            .p("vmid16", 0, "assumed: IDR2.VMID16 clear")
            .p("coherent-walk", 0, "the DT decides (dma-coherent, §1.2)")
            // SMMUv1 has no IDR2.UBS/PTFS: va_size = ipa_size, only the AArch32 LPAE (4K) format (§1.4)
            .row("smmu-v1").like("smmu-v2")
            .p("ias", 40, "assumed: SMMUv1 with a 40-bit LPAE address space")
            .p("oas", 40, "assumed: SMMUv1 with a 40-bit LPAE address space")
            .p("ubs", 40, "SMMUv1: va_size = ipa_size (§1.4)")
            .p("granules", SZ_4K, "SMMUv1: AArch32 LPAE only, 4K granule (§1.4)")
            // MMU-401 (ARM_SMMU_V1_64K) always gets the AArch64 64K format too (§1.4)
            .row("smmu-v1-64k").like("smmu-v1")
            .p("granules", SZ_4K | SZ_64K, "ARM_SMMU_V1_64K always sets AARCH64_64K (§1.4)")
            // ---- arm-smmu models and impls ----
            .row("mmu-500")
            .p("num-context-banks", 128, "assumed: MMU-500 maximum (ARM_SMMU_MAX_CBS, §4.5); the DT bounds it")
            .p("num-smrs", 128, "assumed: MMU-500 configured with 128 SMRs")
            .row("cavium-smmu-v2")
            .p("num-context-banks", 128, "assumed: ThunderX SMMU with 128 context banks")
            .p("num-smrs", 128, "assumed: ThunderX SMMU with 128 SMRs")
            .row("qcom-smmu-v2")
            .p("ias", 36, "assumed: Qualcomm SMMUs report a 36-bit IPA/PA")
            .p("oas", 36, "assumed: Qualcomm SMMUs report a 36-bit IPA/PA")
            .p("num-smrs", 128, "assumed: NUMSMRG at the 128 qcom_smmu_cfg_probe keeps (§7.4)")
            .row("qcom-smmu-500").like("qcom-smmu-v2")
            .row("qcom-sdm845-smmu-500").like("qcom-smmu-v2")
            .row("qcom-adreno-smmu").like("qcom-smmu-v2")
            // msm8996 binds with no impl (generic arm-smmu behaviour, §4.6), but it is a Qualcomm v2 SMMU:
            // its venus binding lists 20 stream IDs, which the generic baseline's 16 SMRs cannot hold
            // although Linux binds venus on these boards
            .row("qcom,msm8996-smmu-v2")
            .p("ias", 36, "assumed: Qualcomm SMMUs report a 36-bit IPA/PA")
            .p("oas", 36, "assumed: Qualcomm SMMUs report a 36-bit IPA/PA")
            .p("num-smrs", 128, "assumed: as the other Qualcomm v2 SMMUs; venus alone needs 20 SMRs")
            .row("marvell-ap806-smmu-500")
            .p("granules", SZ_4K, "the Marvell impl drops the AArch64 formats (erratum #582743, §1.6): AArch32 LPAE 4K")
            // ---- SMMUv3 (dart-smmuv3-of.md B.2) ----
            .row("arm-smmu-v3")
            .p("sid-bits", 16, "assumed: IDR1.SIDSIZE=16, as QEMU's model (D.1)")
            .p("ssid-bits", 20, "assumed: IDR1.SSIDSIZE=20, the PCIe PASID width")
            .p("asid-bits", 16, "assumed: IDR0.ASID16 set (B.2)")
            .p("vmid-bits", 16, "assumed: IDR0.VMID16 set (B.2)")
            .p("stage1", 1, "assumed: IDR0.S1P set")
            .p("stage2", 1, "assumed: IDR0.S2P set")
            .p("stream-table-levels", 2, "assumed: IDR0.ST_LVL=1 (2-level when sid-bits > 8, B.3)")
            .p("granules", SZ_4K | SZ_16K | SZ_64K, "assumed: IDR5.GRAN4K/16K/64K set")
            .p("oas", 48, "assumed: IDR5.OAS=5")
            .p("ias", 48, "ias = max(ias, oas) (B.2)")
            .p("coherent", 0, "the DT decides (dma-coherent wins over IDR0.COHACC, B.1)")
            // ---- Apple DART variants (dart-smmuv3-of.md A.1) ----
            .row("dart-t8103")
            .p("num-streams", 16, "A.1: t8103 16 SIDs (fixed)")
            .p("ttbrs-per-stream", 4, "A.1: t8103 4 TTBRs per SID")
            .p("ias", 32, "A.1: t8103 ias 32 (fixed in driver)")
            .p("oas", 36, "A.1: t8103 oas 36")
            .p("page-size", SZ_16K, "A.1: PARAMS1.PAGE_SHIFT=14 on M1/M2")
            .p("pte-format", 1, "A.1: t8103 APPLE_DART (DART1)")
            .p("supports-bypass", 1, "A.1/worked example 1a: PARAMS2.BYPASS_SUPPORT=1")
            .row("dart-t8103-usb4").like("dart-t8103")
            .p("num-streams", 64, "A.1: t8103-usb4 64 SIDs")
            .p("supports-bypass", 0, "A.1: t8103-usb4 tcr_bypass=0, no bypass")
            .row("dart-t6000").like("dart-t8103")
            .p("oas", 42, "A.1: t6000 oas 42")
            .p("pte-format", 2, "A.1: t6000 APPLE_DART2")
            .row("dart-t8110").like("dart-t6000")
            .p("num-streams", 256, "assumed: PARAMS4.NUM_SIDS at the driver maximum DART_MAX_STREAMS (A.1)")
            .p("ttbrs-per-stream", 1, "A.1: t8110 1 TTBR per SID")
            .p("ias", 36, "assumed: PARAMS3.VA_WIDTH=36 (worked example 1c)")
            .p("supports-bypass", 1, "assumed: PARAMS2.BYPASS_SUPPORT=1")
            .row("apple,t6020-dart")
            .p("ias", 42, "A.1: t602x DARTs report ias 42 (4-level tables)")
            // ---- generic drivers (dart-smmuv3-of.md C.4) ----
            .row("rockchip")
            .p("num-domains", 1, "C.4: device_group returns the IOMMU's one group: one domain per IOMMU")
            .p("pgsize-bitmap", 0x007ff000L, "C.4: 4 KiB to 4 MiB")
            .p("levels", 2, "C.4: directory table + page tables")
            .row("exynos-sysmmu")
            .p("pgsize-bitmap", SZ_4K | SZ_64K | (1L << 20), "C.4: 4 KiB, 64 KiB, 1 MiB")
            .row("tegra-smmu")
            .p("num-asids", 128, "assumed: tegra-smmu SoC data (Tegra124/132/210)")
            .p("pgsize-bitmap", SZ_4K, "assumed: tegra-smmu maps 4 KiB pages")
            .row("nvidia,tegra30-mc").p("num-asids", 4, "assumed: tegra-smmu SoC data (Tegra30)")
            .row("nvidia,tegra114-mc").p("num-asids", 4, "assumed: tegra-smmu SoC data (Tegra114)")
            .row("mtk-m4u")
            .p("max-larbs", 64, "C.4: MTK_LARB_NR_MAX")
            .p("max-domains", 16, "C.4: MTK_M4U_DOM_NR_MAX")
            .row("ipmmu-vmsa")
            .p("num-contexts", 8, "assumed: R-Car Gen3 IPMMU with 8 contexts")
            .row("renesas,rcar-gen4-ipmmu-vmsa")
            .p("num-contexts", 16, "assumed: R-Car Gen4 IPMMU with 16 contexts")
            .build();

    /** The catalogue values for a classified provider, rows applied in order. */
    static Map<String, Param> params(Catalogue.Model model) {
        Map<String, Param> out = new LinkedHashMap<>();
        for (String key : model.rows()) {
            for (Param p : ROWS.getOrDefault(key, List.of())) {
                out.put(p.name(), p);
            }
        }
        return out;
    }

    /** Collects rows; {@code like} copies a row so variants list only their differences. */
    private static final class Builder {
        private final Map<String, Map<String, Param>> rows = new LinkedHashMap<>();
        private Map<String, Param> cur;

        Builder row(String key) {
            cur = new LinkedHashMap<>();
            rows.put(key, cur);
            return this;
        }

        Builder like(String key) {
            cur.putAll(rows.get(key));
            return this;
        }

        Builder p(String name, long value, String why) {
            cur.put(name, new Param(name, value, ParamSource.CATALOGUE, why));
            return this;
        }

        Map<String, List<Param>> build() {
            Map<String, List<Param>> out = new LinkedHashMap<>();
            rows.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
            return java.util.Collections.unmodifiableMap(out);
        }
    }
}
