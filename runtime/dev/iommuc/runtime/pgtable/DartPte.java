package dev.iommuc.runtime.pgtable;

/**
 * io-pgtable-dart descriptors (reference/dart-smmuv3-of.md A.5): the two address encodings and the
 * leaf protection bits of APPLE_DART (DART1, t8103) and APPLE_DART2 (t6000/t8110). Table entries are
 * the next table's address in the format's encoding OR VALID and nothing else; leaves cover the
 * whole page (subpage START 0, END 0xFFF). Public so the hardware model decodes the words it walks
 * with the same definitions the page table writes them with.
 */
public final class DartPte {

    public static final long VALID = 1L;

    /** DART1: the PA sits in place, bits 35:12 ({@code GENMASK(35,12)}). */
    static final long DART1_OA = 0x0000_000F_FFFF_F000L;
    /** DART1 leaf: subpage protection disabled; set on every DART1 leaf (A.5). */
    public static final long DART1_SP_DIS = 1L << 1;
    public static final long DART1_NO_WRITE = 1L << 7;
    public static final long DART1_NO_READ = 1L << 8;

    /** DART2: PA bits 41:14 held in bits 37:10, i.e. {@code (PA >> 4) & GENMASK(37,10)} (A.5). */
    static final long DART2_OA = 0x0000_003F_FFFF_FC00L;
    public static final long DART2_NO_CACHE = 1L << 1;
    public static final long DART2_NO_WRITE = 1L << 2;
    public static final long DART2_NO_READ = 1L << 3;

    /** Subpage protection fields, same in both formats: START 63:52, END 51:40 (A.5). */
    public static final int SUBPAGE_START_SHIFT = 52;
    public static final int SUBPAGE_END_SHIFT = 40;
    /** END = 0xFFF: the whole page. The driver never uses finer subpage protection. */
    static final long SUBPAGE_WHOLE = 0xFFFL << SUBPAGE_END_SHIFT;

    private DartPte() {
    }

    static boolean dart2(PageTableFormat f) {
        if (f == PageTableFormat.APPLE_DART2) {
            return true;
        }
        if (f == PageTableFormat.APPLE_DART) {
            return false;
        }
        throw new IllegalArgumentException("not a DART format: " + f);
    }

    /** The address field for {@code pa} ({@code paddr_to_iopte}). */
    public static long paddrToPte(PageTableFormat f, long pa) {
        return dart2(f) ? (pa >>> 4) & DART2_OA : pa & DART1_OA;
    }

    /** The address a descriptor points to ({@code iopte_to_paddr}). */
    public static long pteToPaddr(PageTableFormat f, long pte) {
        return dart2(f) ? (pte & DART2_OA) << 4 : pte & DART1_OA;
    }

    public static boolean valid(long pte) {
        return (pte & VALID) != 0;
    }

    /** A table descriptor: the next table's address OR VALID (A.5). */
    public static long table(PageTableFormat f, long tablePa) {
        return paddrToPte(f, tablePa) | VALID;
    }

    /**
     * A leaf ({@code dart_prot_to_pte} + {@code dart_init_pte}, PGT-asahi): NO_WRITE without WRITE,
     * NO_READ without READ, DART2 NO_CACHE without CACHE, DART1 always SP_DIS; the whole page.
     * PGT-old also ORs bit 1 into DART2 leaves (NO_CACHE regardless of CACHE); we follow PGT-asahi, so
     * only a mapping with {@link Prot#CACHE} differs (worked example 1b).
     */
    public static long leaf(PageTableFormat f, long pa, int prot) {
        long pte = paddrToPte(f, pa) | SUBPAGE_WHOLE | VALID;
        if (dart2(f)) {
            if ((prot & Prot.WRITE) == 0) {
                pte |= DART2_NO_WRITE;
            }
            if ((prot & Prot.READ) == 0) {
                pte |= DART2_NO_READ;
            }
            if ((prot & Prot.CACHE) == 0) {
                pte |= DART2_NO_CACHE;
            }
        } else {
            pte |= DART1_SP_DIS;
            if ((prot & Prot.WRITE) == 0) {
                pte |= DART1_NO_WRITE;
            }
            if ((prot & Prot.READ) == 0) {
                pte |= DART1_NO_READ;
            }
        }
        return pte;
    }

    /** The leaf forbids writes. */
    public static boolean noWrite(PageTableFormat f, long pte) {
        return (pte & (dart2(f) ? DART2_NO_WRITE : DART1_NO_WRITE)) != 0;
    }

    /** The leaf forbids reads. */
    public static boolean noRead(PageTableFormat f, long pte) {
        return (pte & (dart2(f) ? DART2_NO_READ : DART1_NO_READ)) != 0;
    }
}
