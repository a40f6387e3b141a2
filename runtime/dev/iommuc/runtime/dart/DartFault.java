package dev.iommuc.runtime.dart;

/**
 * What the DART records in ERROR.CODE (reference/dart-smmuv3-of.md A.2): no valid TTBR; an empty L0
 * (NO_PGD, T8110 only), L1 (NO_PMD) or leaf (NO_PTE) entry; a write to a NO_WRITE page or a read of
 * a NO_READ page. Order is fixed: {@link DartLayout#codes()} is indexed by ordinal.
 */
public enum DartFault {
    NO_TTBR, NO_PGD, NO_PMD, NO_PTE, WRITE, READ
}
