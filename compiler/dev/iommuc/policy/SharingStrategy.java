package dev.iommuc.policy;

/** How default domains are shared between masters (SPEC §3). */
public enum SharingStrategy {
    /** One default domain per IOMMU group: the Linux behaviour. */
    PER_GROUP("per-group"),
    /** One domain per IOMMU instance, shared by all its groups. */
    PER_IOMMU("per-iommu"),
    /** Per group, except that the masters of each herd share one domain (across instances of one type too). */
    HERD("herd");

    private final String yamlName;

    SharingStrategy(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
