package dev.iommuc.runtime.smmu;

/**
 * What the driver knows about its SMMU after {@code arm_smmu_device_cfg_probe} (reference/arm-smmu-v2.md
 * §1.4): features, sizes and limits read from the ID registers, then adjusted by the impl
 * {@code cfg_probe} hook and the SMR width probe. Mutable only during probe.
 */
final class SmmuCfg {
    SmmuVersion version;
    boolean transS1;
    boolean transS2;
    boolean transNested;
    boolean transOps;
    boolean fmtAarch32L;
    boolean fmtAarch32S;
    boolean fmtAarch64K4;
    boolean fmtAarch64K16;
    boolean fmtAarch64K64;
    boolean streamMatch;
    boolean exids;
    boolean vmid16;
    boolean coherentWalk;
    int streamidMask;
    int smrMaskMask;
    int numMappingGroups;
    int pgshift;
    int numPage;
    int numCb;
    int numS2Cb;
    int ipaSize;
    int paSize;
    int vaSize;
    long pgsizeBitmap;
    int numGlobalIrqs;
    int numContextIrqs;

    boolean anyAarch64() {
        return fmtAarch64K4 || fmtAarch64K16 || fmtAarch64K64;
    }

    /** §1.4: page sizes from the formats, after the impl hook. */
    long computePgsizeBitmap() {
        long sz = 0;
        if (fmtAarch32S) {
            sz |= (1L << 12) | (1L << 16) | (1L << 20) | (1L << 24);
        }
        if (fmtAarch32L || fmtAarch64K4) {
            sz |= (1L << 12) | (1L << 21) | (1L << 30);
        }
        if (fmtAarch64K16) {
            sz |= (1L << 14) | (1L << 25);
        }
        if (fmtAarch64K64) {
            sz |= (1L << 16) | (1L << 29);
        }
        return sz;
    }
}
