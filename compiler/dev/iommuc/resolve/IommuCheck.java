package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * The resolver's checks: stable ids for {@code -W}/{@code -E}, SARIF rule ids and test assertions,
 * each with its built-in level and the kernel behaviour it stands for. Every id has a positive and a
 * negative case under {@code src/test/resources/resolve/}.
 */
public enum IommuCheck {
    /** An {@code iommus}/{@code iommu-map}/{@code mmu-masters} phandle names an IOMMU-like node without its cells property. */
    CELLS_MISSING("iommu-cells-missing", Severity.ERROR),
    /** The property ends in the middle of an entry (of_parse_phandle_with_args fails there). */
    CELLS_MISMATCH("iommu-cells-mismatch", Severity.ERROR),
    /** {@code #iommu-cells} has a value the provider's binding does not allow (SMMUv3/DART: 1; SMMUv2: 1 or 2). */
    CELLS_INVALID("iommu-cells-invalid", Severity.WARNING),
    /** The phandle names a node that is not an IOMMU at all. */
    NOT_A_PROVIDER("iommu-not-a-provider", Severity.ERROR),
    /** Phandle 0 or a phandle no node has. */
    BAD_PHANDLE("iommu-bad-phandle", Severity.ERROR),
    /** Stream ID wider than the provider's stream-ID bits, or SMR mask wider than its mask bits (probe_device -EINVAL). */
    SID_OUT_OF_RANGE("iommu-sid-out-of-range", Severity.ERROR),
    /** arm-smmu's fwid packing silently drops bits above 16 of the SID or mask (arm-smmu-v2.md §1.5). */
    FWID_TRUNCATED("iommu-fwid-truncated", Severity.WARNING),
    /** Legacy {@code mmu-masters} and generic SMMUs in one system: the later one fails probe (§1.2). */
    LEGACY_MIX("iommu-legacy-mix", Severity.ERROR),
    /** {@code iommu-map} empty or not a whole number of 4-cell tuples (of_map_id -EINVAL). */
    MAP_BAD_LENGTH("iommu-map-bad-length", Severity.ERROR),
    /** An {@code iommu-map} rid-base has bits that {@code iommu-map-mask} clears (of_map_id -EFAULT). */
    MAP_MASK_IGNORES_BASE("iommu-map-mask-ignores-base", Severity.ERROR),
    /** A requester ID matches no {@code iommu-map} tuple: the device simply has no IOMMU (info level in Linux). */
    MAP_NO_TRANSLATION("iommu-map-no-translation", Severity.NOTE),
    /** A master's {@code iommus} span different drivers ("multiple iommus must point to the same driver"). */
    MIXED_FAMILIES("iommu-mixed-families", Severity.ERROR),
    /** An arm-smmu node without {@code #global-interrupts}: probe fails with -ENODEV (§1.2). */
    GLOBAL_INTERRUPTS_MISSING("iommu-global-interrupts-missing", Severity.ERROR),
    /** No context interrupt, or (SMMUv2) fewer than context banks: probe fails with -ENODEV (§1.3). */
    TOO_FEW_CONTEXT_IRQS("iommu-too-few-context-irqs", Severity.ERROR),
    /** A policy override names a parameter the provider's model does not have. */
    UNKNOWN_PARAM("iommu-unknown-param", Severity.ERROR),
    /** A policy names a node that is not a provider (overrides) or not an {@code iommu-map} host (RIDs). */
    POLICY_UNKNOWN_NODE("iommu-policy-unknown-node", Severity.ERROR);

    private final String id;
    private final Severity level;

    IommuCheck(String id, Severity level) {
        this.id = id;
        this.level = level;
    }

    public String id() {
        return id;
    }

    /** Built-in level; {@code -W}/{@code -E} may change it in the sink. */
    public Severity level() {
        return level;
    }

    /** Reports to the run's one sink at this check's built-in level. */
    void report(Diagnostics diags, SourcePos pos, String subject, String message) {
        diags.report(level, id, pos == null ? SourcePos.UNKNOWN : pos, subject, message, List.of());
    }
}
