package dev.iommuc.runtime.pgtable;

import java.util.Set;

/**
 * ARM LPAE descriptor bits and the attributes io-pgtable puts in a leaf for a set of IOMMU_* flags
 * (reference/arm-smmu-v2.md §5.2, {@code arm_lpae_prot_to_pte}).
 */
public final class LpaePte {

    // §5.2 descriptors: table type 3; L3 page type 3; L1/L2 block type 1
    public static final long VALID = 1;
    public static final long TYPE_MASK = 3;
    public static final long TYPE_TABLE = 3;
    public static final long TYPE_PAGE = 3;
    public static final long TYPE_BLOCK = 1;
    /** Output address bits [47:12] (§5.2). */
    public static final long ADDR_MASK = 0x0000_FFFF_FFFF_F000L;

    // §5.2 attributes, both stages
    public static final long NS = 1L << 5;
    public static final long SH_OS = 2L << 8;
    public static final long SH_IS = 3L << 8;
    public static final long AF = 1L << 10;
    public static final long XN = 3L << 53;
    /** NSTable in a table descriptor with the ARM_NS quirk (architectural; the table-side twin of NS). */
    public static final long NSTABLE = 1L << 63;

    // §5.2 stage 1
    public static final long AP_UNPRIV = 1L << 6;
    public static final long AP_RDONLY = 1L << 7;
    public static final long NG = 1L << 11;
    public static final long DBM = 1L << 51;
    public static final int ATTRINDX_SHIFT = 2;
    public static final long ATTRINDX_MASK = 7L << ATTRINDX_SHIFT;
    /** MAIR attribute indices (§5.4): 0 NC, 1 cacheable (WBRWA), 2 device. */
    public static final int MAIR_IDX_NC = 0;
    public static final int MAIR_IDX_CACHE = 1;
    public static final int MAIR_IDX_DEV = 2;

    // §5.2 stage 2
    public static final long HAP_READ = 1L << 6;
    public static final long HAP_WRITE = 1L << 7;
    public static final long MEMATTR_MASK = 0xFL << 2;
    public static final long MEMATTR_DEV = 0x1L << 2;
    public static final long MEMATTR_NC = 0x5L << 2;
    public static final long MEMATTR_FWB_WB = 0x6L << 2;
    public static final long MEMATTR_OIWB = 0xFL << 2;

    private LpaePte() {
    }

    /** The leaf attributes (everything but type and address) for IOMMU_* {@code prot} (§5.2). */
    public static long protToPte(int prot, boolean stage2, Set<Quirk> quirks) {
        return protToPte(prot, stage2, quirks.contains(Quirk.ARM_HD), quirks.contains(Quirk.ARM_S2FWB),
                quirks.contains(Quirk.ARM_NS));
    }

    static long protToPte(int prot, boolean stage2, boolean hd, boolean s2fwb, boolean ns) {
        boolean read = (prot & Prot.READ) != 0;
        boolean write = (prot & Prot.WRITE) != 0;
        boolean mmio = (prot & Prot.MMIO) != 0;
        boolean cache = (prot & Prot.CACHE) != 0;
        long pte;
        if (!stage2) {
            pte = NG;
            if (read && !write) {
                pte |= AP_RDONLY;
            } else if (hd) {
                pte |= DBM; // writable leaves only: DBM on a read-only leaf would make it writable
            }
            if ((prot & Prot.PRIV) == 0) {
                pte |= AP_UNPRIV;
            }
            if (mmio) {
                pte |= (long) MAIR_IDX_DEV << ATTRINDX_SHIFT;
            } else if (cache) {
                pte |= (long) MAIR_IDX_CACHE << ATTRINDX_SHIFT;
            }
        } else {
            pte = (read ? HAP_READ : 0) | (write ? HAP_WRITE : 0);
            if (mmio) {
                pte |= MEMATTR_DEV;
            } else if (cache) {
                pte |= s2fwb ? MEMATTR_FWB_WB : MEMATTR_OIWB;
            } else {
                pte |= MEMATTR_NC;
            }
        }
        pte |= cache ? SH_IS : SH_OS;
        if ((prot & Prot.NOEXEC) != 0) {
            pte |= XN;
        }
        if (ns) {
            pte |= NS;
        }
        return pte | AF;
    }

    /** The address field for {@code pa}; with 64K granules PA[51:48] land in bits [15:12] (§5.2). */
    public static long paddrToPte(long pa) {
        return (pa | (pa >>> 36)) & ADDR_MASK;
    }

    /** The output address in {@code pte}, unfolding PA[51:48] for 64K granules (§5.2). */
    public static long pteToPaddr(long pte, long granule) {
        long pa = pte & ADDR_MASK;
        if (granule < (1L << 16)) {
            return pa;
        }
        return (pa | (pa << 36)) & (ADDR_MASK << 4);
    }
}
