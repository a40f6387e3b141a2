package dev.iommuc.runtime.mem;

/**
 * Simulated physical memory that page tables, stream tables and context descriptors live in. Only
 * what is allocated exists; every allocation is counted so reports can say how many bytes of tables
 * a domain needs. All values are little-endian 64-bit words, as the SMMU and DART read them.
 */
public interface PhysMemory {

    /** Allocates {@code size} zeroed bytes aligned to {@code size} (a power of two ≥ 8); returns the PA. */
    long alloc(long size);

    /** Frees a block returned by {@link #alloc}. */
    void free(long pa, long size);

    long read64(long pa);

    void write64(long pa, long value);

    /** Bytes currently allocated. */
    long bytesAllocated();

    /** Blocks currently allocated. */
    long blocksAllocated();
}
