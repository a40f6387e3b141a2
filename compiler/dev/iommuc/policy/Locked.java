package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

/**
 * A DART that firmware locked (dart-smmuv3-of.md A.7): the kernel copies its root table into the
 * firmware's table at {@code ttbr} instead of programming TTBR/TCR.
 *
 * @param ttbr      physical address of the firmware's root table (what TTBR(sid, 0) decodes to)
 * @param fourLevel the firmware TCR has FOUR_LEVEL set (decides the 36/37-bit ias rule)
 */
public record Locked(long ttbr, boolean fourLevel, SourcePos pos) {
}
