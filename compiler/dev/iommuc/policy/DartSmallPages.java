package dev.iommuc.policy;

/**
 * What the DART driver does when the CPU page is smaller than the DART page (dart-smmuv3-of.md
 * A.6): DART-5.17/6.8 force bypass; the Asahi tree refuses paging domains instead.
 */
public enum DartSmallPages {
    /** {@code force_bypass}: every master of such a DART gets an identity domain (mainline 6.x). */
    FORCE_BYPASS("force-bypass"),
    /** {@code finalize_domain} fails with -EINVAL for paging domains (DART-asahi). */
    REFUSE("refuse");

    private final String yamlName;

    DartSmallPages(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
