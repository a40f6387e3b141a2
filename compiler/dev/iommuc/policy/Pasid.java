package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

/**
 * SMMUv3 per-process contexts (dart-smmuv3-of.md B.5): {@code processes} context descriptors at
 * SSIDs 1..processes next to SSID 0 (the domain itself). Each master needs
 * {@code pasid-num-bits} with {@code processes <= 2^bits - 1}; the binder checks that.
 */
public record Pasid(int processes, SourcePos pos) {
}
