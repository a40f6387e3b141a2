package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.plan.PlanIommu;

/**
 * What one emulated DART is, built from the plan's parameters (the catalogue's values for its
 * variant, then DT and policy): the facts its PARAMS registers report and its firmware state.
 *
 * @param ttbrCount   TTBRs per stream (4 on T8020-type DARTs, 1 on T8110)
 * @param ias         input bits the hardware walks (PARAMS3.VA_WIDTH on T8110; 32 on T8020-type)
 * @param locked      firmware locked TCR/TTBR (A.7): policy {@code locked-ttbr} is present
 * @param lockedTtbr  the firmware root table's PA (policy), or 0
 * @param lockedFourLevel the firmware TCR has FOUR_LEVEL set
 */
public record DartHw(DartVariant variant, int numStreams, int ttbrCount, int ias, int oas, long pageSize,
                     PageTableFormat format, boolean supportsBypass, boolean locked, long lockedTtbr,
                     boolean lockedFourLevel) {

    public static DartHw fromPlan(PlanIommu iommu, DartVariant v) {
        boolean locked = iommu.params().containsKey("locked-ttbr");
        return new DartHw(v, (int) p(iommu, v, "num-streams"), (int) p(iommu, v, "ttbrs-per-stream"),
                (int) p(iommu, v, "ias"), (int) p(iommu, v, "oas"), p(iommu, v, "page-size"),
                p(iommu, v, "pte-format") == 2 ? PageTableFormat.APPLE_DART2 : PageTableFormat.APPLE_DART,
                p(iommu, v, "supports-bypass") != 0, locked, iommu.param("locked-ttbr", 0),
                iommu.param("locked-four-level", 0) != 0);
    }

    private static long p(PlanIommu iommu, DartVariant v, String name) {
        return iommu.param(name, v.dflt(name));
    }

    public DartLayout layout() {
        return variant.layout();
    }

    /** TTBR(sid, idx): {@code ttbr_base + 4 * (ttbr_count * sid) + 4 * idx} (A.2). */
    public int ttbr(int sid, int idx) {
        return variant.ttbrBase() + 4 * (ttbrCount * sid + idx);
    }

    /** Stream-enable / stream-select words: {@code BITS_TO_U32(num_streams)}. */
    public int streamWords() {
        return Math.max(1, (numStreams + 31) / 32);
    }

    public int pageShift() {
        return Long.numberOfTrailingZeros(pageSize);
    }
}
