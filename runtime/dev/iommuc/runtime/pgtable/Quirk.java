package dev.iommuc.runtime.pgtable;

/** io-pgtable quirks (reference/arm-smmu-v2.md §5). */
public enum Quirk {
    /** Table for the upper (TTBR1) half of the address space: IOVAs must be sign-extended (Adreno). */
    ARM_TTBR1,
    /** Set the NS bit in every descriptor. */
    ARM_NS,
    /** Outer write-back write-allocate walks for non-coherent walkers. */
    ARM_OUTER_WBWA,
    /** Hardware dirty-bit management (DBM in stage-1 leaves). */
    ARM_HD,
    /** Stage-2 forced write-back (MemAttr 0x6 for cacheable). */
    ARM_S2FWB,
    /** Do not warn when mapping over an existing leaf. */
    NO_WARN
}
