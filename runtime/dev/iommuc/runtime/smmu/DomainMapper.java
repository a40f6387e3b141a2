package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableOps;

/**
 * The IOMMU core's {@code iommu_map}/{@code iommu_unmap} over one table: alignment to the smallest
 * page size, then the largest page size that the remaining length and the alignment of both
 * addresses allow, one leaf per call so that a failure can be unwound exactly; on failure everything
 * this call mapped is unmapped again and the table's error is returned (reference/arm-smmu-v2.md
 * §5.2 map checks come from the table itself).
 */
public final class DomainMapper {

    private DomainMapper() {
    }

    static Result map(SmmuDomain d, IoPgtable t, long iova, long paddr, long size, int prot) {
        if (!d.isPaging()) {
            return Result.error(Errno.EINVAL, "domain " + d.name() + " (" + d.type() + ") has no page table");
        }
        if (t == null) {
            return Result.error(Errno.ENODEV, "domain " + d.name() + " is not attached yet: no page table");
        }
        return mapTable(d.name(), t.ops(), iova, paddr, size, prot);
    }

    /**
     * {@code iommu_map} into one table of domain {@code name}: the loop above, shared with the SMMUv3
     * model (runtime.smmuv3), whose domains are not {@link SmmuDomain}s.
     */
    public static Result mapTable(String name, PageTableOps ops, long iova, long paddr, long size, int prot) {
        long bitmap = ops.layout().pgsizeBitmap();
        long min = Long.lowestOneBit(bitmap);
        if (min == 0) {
            return Result.error(Errno.ENODEV, "domain " + name + " has no page sizes");
        }
        if (((iova | paddr | size) & (min - 1)) != 0) {
            return Result.error(Errno.EINVAL, String.format(
                    "unaligned: iova 0x%x pa 0x%x size 0x%x min_pagesz 0x%x", iova, paddr, size, min));
        }
        long done = 0;
        while (Long.compareUnsigned(done, size) < 0) {
            long pgsize = pgsize(bitmap, iova + done, paddr + done, size - done);
            Errno e = ops.mapPages(iova + done, paddr + done, pgsize, 1, prot);
            if (e != Errno.OK) {
                if (done != 0) {
                    unmapRange(ops, bitmap, iova, done);
                }
                return Result.error(e, String.format("map of 0x%x bytes at iova 0x%x (pa 0x%x) failed",
                        pgsize, iova + done, paddr + done));
            }
            done += pgsize;
        }
        return Result.ok();
    }

    static long unmap(SmmuDomain d, IoPgtable t, long iova, long size) {
        if (t == null) {
            return 0;
        }
        long bitmap = t.ops().layout().pgsizeBitmap();
        long min = Long.lowestOneBit(bitmap);
        if (min == 0 || ((iova | size) & (min - 1)) != 0) {
            return 0;
        }
        return unmapRange(t.ops(), bitmap, iova, size);
    }

    private static long unmapRange(PageTableOps ops, long bitmap, long iova, long size) {
        long done = 0;
        while (Long.compareUnsigned(done, size) < 0) {
            long pgsize = pgsize(bitmap, iova + done, 0, size - done);
            long n = ops.unmapPages(iova + done, pgsize, 1);
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** The largest size in {@code bitmap} not above {@code left} to which both addresses are aligned. */
    static long pgsize(long bitmap, long iova, long paddr, long left) {
        long addr = iova | paddr;
        long best = Long.lowestOneBit(bitmap);
        for (long b = bitmap; b != 0; b &= b - 1) {
            long s = Long.lowestOneBit(b);
            if (Long.compareUnsigned(s, left) <= 0 && (addr & (s - 1)) == 0) {
                best = s;
            }
        }
        return best;
    }
}
