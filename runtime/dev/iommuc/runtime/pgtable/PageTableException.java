package dev.iommuc.runtime.pgtable;

/**
 * {@code alloc_io_pgtable_ops} returned NULL: the format rejects the configuration (reference/
 * arm-smmu-v2.md §5.1–5.4: no usable granule, an output size with no IPS/PS encoding, a coherent walk
 * with OUTER_WBWA, a quirk the format does not take, a stage-2 concatenation the newer rule cannot
 * do) or the pgd could not be allocated.
 *
 * <p>The errno is what the driver returns for it: every driver that allocates page tables (arm-smmu
 * §4.5 step 5, arm-smmu-v3, apple-dart) turns a NULL from {@code alloc_io_pgtable_ops} into
 * {@code -ENOMEM}, so {@link #errno()} is {@link Errno#ENOMEM}; the message says which rule failed.
 */
public final class PageTableException extends RuntimeException {

    private final Errno errno;

    public PageTableException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
