package dev.iommuc.runtime.pgtable;

/**
 * One page table ({@code struct io_pgtable_ops}), living in a {@link dev.iommuc.runtime.mem.PhysMemory}.
 * Errors follow the kernel's rules and codes (reference/arm-smmu-v2.md §5.2): no exception for a bad
 * mapping, an {@link Errno} instead.
 */
public interface PageTableOps {

    /** map_pages: {@code pgcount} leaves of {@code pgsize} (one size of the bitmap) from iova to paddr. */
    Errno mapPages(long iova, long paddr, long pgsize, long pgcount, int prot);

    /** unmap_pages: returns the bytes unmapped (0 on error, e.g. a partial large block). */
    long unmapPages(long iova, long pgsize, long pgcount);

    /** iova_to_phys: the output address, or 0 when nothing is mapped there. */
    long iovaToPhys(long iova);

    /** The hardware's walk for one access ({@code write} or read), with the fault it would raise. */
    Walk walk(long iova, boolean write);

    /** Current shape and memory use. */
    TableLayout layout();

    /** ARM LPAE formats: the register fields for the driver; null for DART formats. */
    ArmLpaeRegs armRegs();

    /** Frees every table. */
    void free();
}
