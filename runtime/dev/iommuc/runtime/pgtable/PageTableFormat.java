package dev.iommuc.runtime.pgtable;

/** io-pgtable formats (Linux {@code enum io_pgtable_fmt}); APPLE_DART and APPLE_DART2 share one implementation. */
public enum PageTableFormat {
    ARM_LPAE_S1, ARM_LPAE_S2, APPLE_DART, APPLE_DART2
}
