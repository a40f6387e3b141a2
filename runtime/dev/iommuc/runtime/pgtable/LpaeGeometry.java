package dev.iommuc.runtime.pgtable;

/**
 * The shape of an ARM LPAE table once io-pgtable has looked at the config: granule choice and
 * clamping (reference/arm-smmu-v2.md §5.1), level math (§5.2) and stage-2 concatenation (§5.3).
 *
 * @param pgShift       log2(granule): 12, 14 or 16
 * @param startLevel    first level walked (0–3), after concatenation
 * @param pgdBits       index bits at the start level, after concatenation
 * @param ias           input address bits, clamped (§5.1)
 * @param oas           output address bits, clamped (§5.1)
 * @param pgsizeBitmap  page and block sizes, restricted to the granule (§5.1)
 * @param concatenated  stage 2 only: the pgd is several concatenated tables (§5.3)
 */
public record LpaeGeometry(int pgShift, int startLevel, int pgdBits, int ias, int oas, long pgsizeBitmap,
                           boolean concatenated) {

    /** ARM_LPAE_MAX_ADDR_BITS (§5.1). */
    public static final int MAX_ADDR_BITS = 52;
    /** ARM_LPAE_S2_MAX_CONCAT_PAGES (§5.3). */
    public static final int S2_MAX_CONCAT_ENTRIES = 16;
    /** The pgd is allocated as at least 64 bytes, for TTBR alignment (§5.2). */
    public static final long MIN_PGD_BYTES = 64;

    private static final long SZ_4K = 1L << 12;
    private static final long SZ_16K = 1L << 14;
    private static final long SZ_64K = 1L << 16;

    /**
     * The geometry io-pgtable derives from a config (§5.1–5.3), or a {@link PageTableException} where
     * it returns NULL.
     */
    public static LpaeGeometry of(PageTableConfig cfg, boolean stage2, S2ConcatRule rule) {
        long page = cfg.cpuPageSize();
        if (page <= 0 || (page & (page - 1)) != 0) {
            throw new IllegalArgumentException("cpuPageSize must be a power of two: " + page);
        }
        if (cfg.ias() <= 0 || cfg.oas() <= 0) {
            throw new IllegalArgumentException("ias and oas must be positive: " + cfg.ias() + ", " + cfg.oas());
        }
        // §5.1 arm_lpae_restrict_pgsizes: PAGE_SIZE if supported, else the largest size below it,
        // else the smallest above it
        long bitmap = cfg.pgsizeBitmap();
        long granule;
        if ((bitmap & page) != 0) {
            granule = page;
        } else if ((bitmap & (page - 1)) != 0) {
            granule = Long.highestOneBit(bitmap & (page - 1));
        } else {
            granule = Long.lowestOneBit(bitmap & -page);
        }
        int maxAddrBits = 48;
        if (granule == SZ_4K) {
            bitmap &= SZ_4K | (1L << 21) | (1L << 30);
        } else if (granule == SZ_16K) {
            bitmap &= SZ_16K | (1L << 25);
        } else if (granule == SZ_64K) {
            maxAddrBits = MAX_ADDR_BITS;
            bitmap &= SZ_64K | (1L << 29);
            if (cfg.oas() > 48) {
                bitmap |= 1L << 42; // 4T blocks at L1 with 52-bit output addresses
            }
        } else {
            bitmap = 0;
        }
        int ias = Math.min(cfg.ias(), maxAddrBits);
        int oas = Math.min(cfg.oas(), maxAddrBits);

        // §5.2 arm_lpae_alloc_pgtable
        if ((bitmap & (SZ_4K | SZ_16K | SZ_64K)) == 0) {
            throw reject(String.format("no usable granule in pgsize_bitmap 0x%x for PAGE_SIZE 0x%x",
                    cfg.pgsizeBitmap(), page));
        }
        if (ias > MAX_ADDR_BITS || oas > MAX_ADDR_BITS) { // unreachable after the clamp, as in the kernel
            throw reject("ias " + ias + " or oas " + oas + " above " + MAX_ADDR_BITS);
        }
        int pgShift = Long.numberOfTrailingZeros(bitmap);
        int bpl = pgShift - 3;
        int vaBits = ias - pgShift;
        if (vaBits <= 0) {
            throw reject("ias " + ias + " leaves no index bits above the " + (1L << pgShift) + "-byte granule");
        }
        int levels = (vaBits + bpl - 1) / bpl;
        if (levels > 4) {
            throw reject("ias " + ias + " needs " + levels + " levels");
        }
        int start = 4 - levels;
        int pgdBits = vaBits - bpl * (levels - 1);

        boolean concat = false;
        if (stage2) {
            if (rule == S2ConcatRule.LINUX_6_12) {
                // §5.3 older rule: from L0 with a pgd of at most 16 entries
                concat = start == 0 && (1L << pgdBits) <= S2_MAX_CONCAT_ENTRIES;
            } else {
                concat = concatMandatory(pgShift, start, ias, oas);
                if (concat && (1L << pgdBits) > S2_MAX_CONCAT_ENTRIES) {
                    throw reject(String.format("stage-2 concatenation needs %d tables at L%d (at most %d)",
                            1L << pgdBits, start + 1, S2_MAX_CONCAT_ENTRIES));
                }
            }
            if (concat) {
                pgdBits += bpl;
                start++;
            }
        }
        return new LpaeGeometry(pgShift, start, pgdBits, ias, oas, bitmap, concat);
    }

    /** §5.3 newer rule ({@code arm_lpae_concat_mandatory}). */
    private static boolean concatMandatory(int pgShift, int start, int ias, int oas) {
        if (pgShift == 12 && start == 0) {
            return oas == 40 || oas == 42;
        }
        if (pgShift == 14 && start == 0) {
            return oas == 48 || ias == 48;
        }
        if (pgShift == 14 && start == 1) {
            return oas == 40;
        }
        return false;
    }

    static PageTableException reject(String message) {
        return new PageTableException(Errno.ENOMEM, "io-pgtable: " + message);
    }

    public long granule() {
        return 1L << pgShift;
    }

    /** bits_per_level: pg_shift − 3 (§5.2). */
    public int bitsPerLevel() {
        return pgShift - 3;
    }

    /** Levels walked, after concatenation. */
    public int levels() {
        return 4 - startLevel;
    }

    public long pgdEntries() {
        return 1L << pgdBits;
    }

    /** Bytes allocated for the pgd: 8 per entry, at least 64 (§5.2). */
    public long pgdBytes() {
        return Math.max(MIN_PGD_BYTES, 8L << pgdBits);
    }

    /** The level shift: (4 − l)·bpl + 3 (§5.2). */
    public int shift(int level) {
        return (4 - level) * bitsPerLevel() + 3;
    }

    /** ARM_LPAE_BLOCK_SIZE: the bytes one entry at {@code level} maps. */
    public long blockSize(int level) {
        return 1L << shift(level);
    }

    /** Index bits at {@code level}: pgd_bits at the start level, bpl below it. */
    public int indexBits(int level) {
        return level == startLevel ? pgdBits : bitsPerLevel();
    }

    /** Entries in a table at {@code level}. */
    public long entries(int level) {
        return 1L << indexBits(level);
    }

    /** The index into the table at {@code level} (§5.2); bits above ias are masked off. */
    public long index(long iova, int level) {
        return (iova >>> shift(level)) & (entries(level) - 1);
    }

    /** The level whose leaves have size {@code pgsize}, or -1 (none, or above the start level). */
    public int leafLevel(long pgsize) {
        for (int l = startLevel; l < 4; l++) {
            if (blockSize(l) == pgsize) {
                return l;
            }
        }
        return -1;
    }

    /**
     * Whether the hardware accepts a block descriptor at {@code level} (§5.2 block table): 4K at L1
     * and L2; 16K at L2; 64K at L2, and at L1 (4T) with 52-bit output addresses.
     */
    public boolean blockAllowed(int level) {
        return switch (pgShift) {
            case 12 -> level == 1 || level == 2;
            case 14 -> level == 2;
            default -> level == 2 || (level == 1 && oas > 48);
        };
    }
}
