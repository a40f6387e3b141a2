package dev.iommuc.runtime.smmu;

/** The driver's {@code version} (reference/arm-smmu-v2.md §1.1): plan names {@code smmu-v1}, {@code smmu-v1-64k}, {@code smmu-v2}. */
public enum SmmuVersion {
    V1, V1_64K, V2;

    /** The plan's version name; null or unknown names are SMMUv2, the family's common case. */
    static SmmuVersion of(String name) {
        if ("smmu-v1".equals(name)) {
            return V1;
        }
        if ("smmu-v1-64k".equals(name)) {
            return V1_64K;
        }
        return V2;
    }

    /** SMMUv2: one context interrupt per bank, IRPTNDX = cbndx, UBS and PTFS read from IDR2 (§1.3, §1.4). */
    boolean isV2() {
        return this == V2;
    }

    /** {@code version > ARM_SMMU_V1}: CBA2R and TCR2 exist (§8.2). */
    boolean aboveV1() {
        return this != V1;
    }
}
