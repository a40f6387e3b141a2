package dev.iommuc.policy;

import java.util.List;

/**
 * The check ids of policy loading and binding (docs/policy.md lists when each fires). All are
 * errors except {@link #UNMATCHED_COMPATIBLE}, a warning: a compatible that matches nothing on this
 * board is often a policy shared between boards.
 */
public final class PolicyChecks {

    public static final String SYNTAX = "policy-syntax";
    public static final String UNKNOWN_KEY = "policy-unknown-key";
    public static final String TYPE = "policy-type";
    public static final String VALUE = "policy-value";
    public static final String MISSING_KEY = "policy-missing-key";
    public static final String VERSION = "policy-version";
    public static final String TAG = "policy-tag";
    public static final String ALIAS = "policy-alias";
    public static final String DUPLICATE_KEY = "policy-duplicate-key";
    public static final String TOO_LARGE = "policy-too-large";
    /** An unreadable policy file: exit code 2, like the front end's {@code io}. */
    public static final String IO = "io";

    public static final String UNKNOWN_NODE = "policy-unknown-node";
    public static final String UNMATCHED_COMPATIBLE = "policy-unmatched-compatible";
    public static final String NOT_IOMMU = "policy-not-iommu";
    public static final String NOT_PCI_HOST = "policy-not-pci-host";
    public static final String UNKNOWN_DOMAIN = "policy-unknown-domain";
    public static final String BUFFER_MASTER = "policy-buffer-master";
    public static final String CONFLICT = "policy-conflict";
    public static final String PASID_RANGE = "policy-pasid-range";
    public static final String PROCESS_RANGE = "policy-process-range";

    /** Every id above except {@code io}, loading first, then binding. */
    public static final List<String> ALL = List.of(SYNTAX, UNKNOWN_KEY, TYPE, VALUE, MISSING_KEY, VERSION, TAG,
            ALIAS, DUPLICATE_KEY, TOO_LARGE, UNKNOWN_NODE, UNMATCHED_COMPATIBLE, NOT_IOMMU, NOT_PCI_HOST,
            UNKNOWN_DOMAIN, BUFFER_MASTER, CONFLICT, PASID_RANGE, PROCESS_RANGE);

    private PolicyChecks() {
    }
}
