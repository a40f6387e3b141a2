package dev.iommuc.runtime.pgtable;

/**
 * The shape of an io-pgtable-dart table (reference/dart-smmuv3-of.md A.5, PGT-asahi: variable
 * levels, up to 4 with the TTBR). Table levels are numbered as the reference names them: the leaf
 * table is L2, a 2-level table is L1 → L2 (start level 1), a 3-level table L0 → L1 → L2 (start 0).
 *
 * @param pgShift     log2(DART page): 12 or 14
 * @param bitsPerLevel {@code pgShift - 3}: 9 or 11
 * @param levels      table levels in memory below the TTBR (2 or 3); the reference's {@code n_levels}
 *                    is this + 1
 * @param tblBits     IOVA bits that select the TTBR ({@code n_ttbrs = 2^tblBits})
 */
public record DartGeometry(PageTableFormat format, int pgShift, int bitsPerLevel, int levels, int tblBits, int ias,
                           int oas) {

    /** DART_MAX_LEVELS − 1 (A.5): at most 3 table levels below the TTBR. */
    static final int MAX_TABLE_LEVELS = 3;

    /**
     * {@code apple_dart_alloc_pgtable}'s checks and level math (A.5), or a {@link PageTableException}
     * where it returns NULL (the driver's -ENOMEM).
     */
    public static DartGeometry of(PageTableConfig cfg) {
        DartPte.dart2(cfg.format()); // rejects non-DART formats
        if (!cfg.coherentWalk()) {
            throw reject("io-pgtable-dart requires a coherent walk");
        }
        if (cfg.oas() != 36 && cfg.oas() != 42) {
            throw reject("oas " + cfg.oas() + " is neither 36 nor 42");
        }
        if (cfg.ias() > cfg.oas()) {
            throw reject("ias " + cfg.ias() + " > oas " + cfg.oas());
        }
        int pgShift;
        if (cfg.pgsizeBitmap() == 1L << 12) {
            pgShift = 12;
        } else if (cfg.pgsizeBitmap() == 1L << 14) {
            pgShift = 14;
        } else {
            throw reject(String.format("page size bitmap 0x%x is neither 4K nor 16K", cfg.pgsizeBitmap()));
        }
        int bpl = pgShift - 3;
        int vaBits = cfg.ias() - pgShift;
        // only 4K DARTs split the space across TTBRs (up to 4); 16K DARTs use TTBR0 alone
        int maxTblBits = pgShift == 12 ? 2 : 0;
        int levels = Math.max(2, ceilDiv(vaBits - maxTblBits, bpl));
        if (levels > MAX_TABLE_LEVELS) {
            throw reject("ias " + cfg.ias() + " needs " + (levels + 1) + " levels, more than 4");
        }
        int tblBits = Math.max(0, vaBits - bpl * levels);
        if (tblBits > maxTblBits) {
            throw reject("ias " + cfg.ias() + " needs " + (1 << tblBits) + " TTBRs");
        }
        return new DartGeometry(cfg.format(), pgShift, bpl, levels, tblBits, cfg.ias(), cfg.oas());
    }

    static PageTableException reject(String why) {
        return new PageTableException(Errno.ENOMEM, "io-pgtable-dart: " + why);
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    public long granule() {
        return 1L << pgShift;
    }

    /** {@code n_ttbrs}: root tables, one per TTBR. */
    public int nTtbrs() {
        return 1 << tblBits;
    }

    /** The reference's {@code n_levels}: table levels plus the TTBR. */
    public int nLevels() {
        return levels + 1;
    }

    /** The level of the root tables in the reference's numbering (1 for 2 table levels, 0 for 3). */
    public int startLevel() {
        return MAX_TABLE_LEVELS - levels;
    }

    /** Entries per table. */
    public long entries() {
        return 1L << bitsPerLevel;
    }

    /** The IOVA shift of the index into a table at {@code level} (0, 1 or 2; 2 is the leaf). */
    public int shift(int level) {
        return pgShift + bitsPerLevel * (2 - level);
    }

    /** The index into the table at {@code level}. */
    public long index(long iova, int level) {
        return (iova >>> shift(level)) & (entries() - 1);
    }

    /** Which TTBR an IOVA goes through: the bits above the root table's index (unmasked). */
    public long ttbrIndex(long iova) {
        return iova >>> (shift(startLevel()) + bitsPerLevel);
    }
}
