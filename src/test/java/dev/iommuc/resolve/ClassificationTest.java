package dev.iommuc.resolve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Provider classification by {@code compatible}: arm-smmu's match table then its impl layer
 * (arm-smmu-v2.md §1.1, §1.6, §4.6), SMMUv3, DART variants (dart-smmuv3-of.md A.1) and the generic
 * drivers. One board holds a provider per row; every row's family/impl/version is checked.
 */
class ClassificationTest {

    /** compatible list (the DTS text inside {@code compatible = …;}), extra properties, expected. */
    private record Row(String compatible, String extra, String expected) {
    }

    private static final List<Row> ROWS = List.of(
            // §1.1 match table
            new Row("\"arm,smmu-v1\"", "", "ARM_SMMU generic smmu-v1"),
            new Row("\"arm,mmu-400\", \"arm,smmu-v1\"", "", "ARM_SMMU generic smmu-v1"),
            new Row("\"arm,mmu-401\"", "", "ARM_SMMU generic smmu-v1-64k"),
            new Row("\"arm,smmu-v2\"", "", "ARM_SMMU generic smmu-v2"),
            new Row("\"arm,mmu-500\", \"arm,smmu-v2\"", "", "ARM_SMMU mmu-500 smmu-v2"),
            new Row("\"cavium,smmu-v2\"", "", "ARM_SMMU cavium-smmu-v2 smmu-v2"),
            // §1.6: Calxeda by property, NVIDIA before Qualcomm, Marvell last
            new Row("\"arm,mmu-500\"", "calxeda,smmu-secure-config-access;", "ARM_SMMU calxeda-smmu smmu-v2"),
            new Row("\"nvidia,tegra234-smmu\", \"nvidia,smmu-500\"", "", "ARM_SMMU nvidia-smmu-500 smmu-v2"),
            new Row("\"nvidia,tegra186-smmu\", \"nvidia,smmu-500\"", "", "ARM_SMMU nvidia-smmu-500 smmu-v2"),
            new Row("\"marvell,ap806-smmu-500\", \"arm,mmu-500\"", "", "ARM_SMMU marvell-ap806-smmu-500 smmu-v2"),
            // §4.6 Qualcomm impl table: node's earliest compatible the table knows, adreno_impl if qcom,adreno-smmu
            new Row("\"qcom,sc7280-smmu-500\", \"arm,mmu-500\"", "", "ARM_SMMU qcom-smmu-500 smmu-v2"),
            new Row("\"qcom,sc7280-smmu-500\", \"qcom,adreno-smmu\", \"qcom,smmu-500\", \"arm,mmu-500\"", "",
                    "ARM_SMMU qcom-adreno-smmu smmu-v2"),
            new Row("\"qcom,x1e80100-smmu-500\", \"qcom,smmu-500\", \"arm,mmu-500\"", "", "ARM_SMMU qcom-smmu-500 smmu-v2"),
            new Row("\"qcom,sdm845-smmu-500\", \"arm,mmu-500\"", "", "ARM_SMMU qcom-sdm845-smmu-500 smmu-v2"),
            // sdm845-500 has no adreno impl: a NULL impl keeps MMU-500 behaviour
            new Row("\"qcom,sdm845-smmu-500\", \"qcom,adreno-smmu\", \"arm,mmu-500\"", "", "ARM_SMMU mmu-500 smmu-v2"),
            new Row("\"qcom,msm8998-smmu-v2\", \"qcom,smmu-v2\"", "", "ARM_SMMU qcom-smmu-v2 smmu-v2"),
            new Row("\"qcom,sc7180-smmu-v2\", \"qcom,adreno-smmu\", \"qcom,smmu-v2\"", "", "ARM_SMMU qcom-adreno-smmu smmu-v2"),
            // msm8996: NULL impl unless it is the GPU's SMMU
            new Row("\"qcom,msm8996-smmu-v2\", \"qcom,smmu-v2\"", "", "ARM_SMMU generic smmu-v2"),
            new Row("\"qcom,msm8996-smmu-v2\", \"qcom,adreno-smmu\", \"qcom,smmu-v2\"", "", "ARM_SMMU qcom-adreno-smmu smmu-v2"),
            // qcom,smmu-500 is not in arm_smmu_of_match: without arm,mmu-500 the arm-smmu driver does not bind
            new Row("\"qcom,smmu-500\"", "", "GENERIC qcom,smmu-500 null"),
            new Row("\"arm,smmu-v3\"", "", "ARM_SMMU_V3 generic null"),
            new Row("\"apple,t8103-dart\"", "", "APPLE_DART t8103 null"),
            new Row("\"apple,t8103-usb4-dart\"", "", "APPLE_DART t8103-usb4 null"),
            new Row("\"apple,t6000-dart\"", "", "APPLE_DART t6000 null"),
            new Row("\"apple,t8110-dart\"", "", "APPLE_DART t8110 null"),
            new Row("\"apple,t6020-dart\", \"apple,t8110-dart\"", "", "APPLE_DART t8110 null"),
            new Row("\"apple,t9999-dart\"", "", "GENERIC apple-dart-unbound null"),
            new Row("\"rockchip,iommu\"", "", "GENERIC rockchip null"),
            new Row("\"rockchip,rk3588-iommu\", \"rockchip,rk3568-iommu\"", "", "GENERIC rockchip null"),
            new Row("\"mediatek,mt8183-m4u\"", "", "GENERIC mtk-m4u null"),
            new Row("\"mediatek,mt8195-iommu-infra\"", "", "GENERIC mtk-m4u null"),
            new Row("\"nvidia,tegra210-mc\"", "", "GENERIC tegra-smmu null"),
            new Row("\"renesas,ipmmu-r8a779g0\", \"renesas,rcar-gen4-ipmmu-vmsa\"", "", "GENERIC ipmmu-vmsa null"),
            new Row("\"samsung,exynos-sysmmu\"", "", "GENERIC exynos-sysmmu null"),
            new Row("\"qcom,msm8916-iommu\", \"qcom,msm-iommu-v1\"", "", "GENERIC qcom-iommu null"),
            new Row("\"allwinner,sun50i-h6-iommu\"", "", "GENERIC sun50i-iommu null"),
            new Row("\"vendor,unknown-mmu\", \"vendor,mmu\"", "", "GENERIC vendor,unknown-mmu null"));

    @Test
    void everyTableRowClassifies() {
        StringBuilder dts = new StringBuilder("/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n");
        for (int i = 0; i < ROWS.size(); i++) {
            Row r = ROWS.get(i);
            dts.append(String.format("\tiommu@%x {\n\t\tcompatible = %s;\n\t\treg = <0x%x 0x100>;\n\t\t#iommu-cells = <1>;\n"
                    + "\t\t#global-interrupts = <0>;\n\t\t%s\n\t};\n", 0x1000 * (i + 1), r.compatible(), 0x1000 * (i + 1), r.extra()));
        }
        Fixture.Result res = Fixture.resolve(dts.append("};\n").toString());
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            Provider p = res.provider(String.format("/iommu@%x", 0x1000 * (i + 1)));
            expected.add(ROWS.get(i).compatible() + " -> " + ROWS.get(i).expected());
            actual.add(ROWS.get(i).compatible() + " -> " + p.family() + " " + p.impl() + " " + p.version());
        }
        assertEquals(expected, actual);
    }

    @Test
    void providersInPreorderIncludingLegacyOnlySmmus() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	b { iommu@2 { compatible = "apple,t8103-dart"; reg = <2>; #iommu-cells = <1>; }; };
                	a: iommu@1 { compatible = "arm,mmu-401"; reg = <1>; #global-interrupts = <0>; mmu-masters = <&m 1>; };
                	m: m { #stream-id-cells = <1>; };
                	notiommu { #clock-cells = <0>; };
                };
                """);
        assertEquals(List.of("/b/iommu@2", "/iommu@1"), r.topology().providers().stream().map(Provider::path).toList());
        Provider legacy = r.provider("/iommu@1");
        assertEquals(true, legacy.legacy());
        assertEquals(-1, legacy.iommuCells());
        assertEquals("a", legacy.label());
    }

    @Test
    void disabledProviderIsListedButNotEnabled() {
        Fixture.Result r = Fixture.resolve("""
                / {
                	dart: iommu@1 { compatible = "apple,t8103-dart"; reg = <1>; #iommu-cells = <1>; status = "disabled"; };
                	dev { iommus = <&dart 3>; };
                };
                """);
        assertEquals(false, r.provider("/iommu@1").enabled());
        Master m = r.master("/dev");
        assertEquals("iommu /iommu@1 is disabled", m.noIommu());
        Fixture.assertStreams(m, "/iommu@1 0x3/0x0");
        assertEquals(List.of(), r.diags());
    }
}
