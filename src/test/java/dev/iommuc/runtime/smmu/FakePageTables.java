package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.ArmLpaeRegs;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Prot;
import dev.iommuc.runtime.pgtable.Quirk;
import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.pgtable.Walk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for io-pgtable-arm in the SMMU tests: pgds at fixed addresses (the n-th table at
 * {@code BASE + n * STEP}), the §5.1–5.4 register fields for its configuration (granule choice, level
 * math with the older stage-2 concatenation rule of a 6.12 kernel, TCR fields, MAIR), and a map of
 * leaves for map/unmap/walk. Not a page-table implementation: no tables in memory.
 */
final class FakePageTables implements PageTableAllocator {

    static final long BASE = 0x8000_0000L;
    static final long STEP = 0x10_0000L;

    final List<Table> tables = new ArrayList<>();
    /** When set, the next allocation is refused (the driver then fails with -ENOMEM). */
    boolean refuseNext;
    /** When set, the next allocation throws, as the real allocator does for a rejected configuration. */
    boolean throwNext;

    @Override
    public PageTableOps alloc(PageTableConfig cfg) {
        if (throwNext) {
            throwNext = false;
            throw new IllegalStateException("no IPS encoding for oas 39");
        }
        if (refuseNext) {
            refuseNext = false;
            return null;
        }
        Table t = new Table(cfg, BASE + tables.size() * STEP);
        tables.add(t);
        return t;
    }

    static long pgd(int n) {
        return BASE + n * STEP;
    }

    static final class Table implements PageTableOps {
        record Leaf(long pa, long size, int prot) {
        }

        final PageTableConfig cfg;
        final long pgd;
        final long granule;
        final long bitmap;
        final int ias;
        final int oas;
        final int startLevel;
        final int pgdBits;
        final TreeMap<Long, Leaf> leaves = new TreeMap<>(Long::compareUnsigned);
        boolean freed;

        Table(PageTableConfig cfg, long pgd) {
            this.cfg = cfg;
            this.pgd = pgd;
            long page = cfg.cpuPageSize();
            long sizes = cfg.pgsizeBitmap() & ((1L << 12) | (1L << 14) | (1L << 16));
            long g;
            if ((sizes & page) != 0) {
                g = page;
            } else if ((sizes & (page - 1)) != 0) {
                g = Long.highestOneBit(sizes & (page - 1));
            } else {
                g = Long.lowestOneBit(sizes & ~(page - 1));
            }
            granule = g;
            int shift = Long.numberOfTrailingZeros(g);
            long bm = switch (shift) {
                case 12 -> (1L << 12) | (1L << 21) | (1L << 30);
                case 14 -> (1L << 14) | (1L << 25);
                default -> (1L << 16) | (1L << 29);
            };
            int max = shift == 16 ? 52 : 48;
            ias = Math.min(cfg.ias(), max);
            oas = Math.min(cfg.oas(), max);
            if (shift == 16 && oas > 48) {
                bm |= 1L << 42;
            }
            bitmap = bm & (cfg.pgsizeBitmap() | (1L << 42));
            int bpl = shift - 3;
            int vaBits = ias - shift;
            int levels = (vaBits + bpl - 1) / bpl;
            int start = 4 - levels;
            int pb = vaBits - bpl * (levels - 1);
            if (cfg.format() == PageTableFormat.ARM_LPAE_S2 && start == 0 && (1 << pb) <= 16) {
                pb += bpl;
                start = 1;
            }
            startLevel = start;
            pgdBits = pb;
        }

        @Override
        public Errno mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
            if (Long.bitCount(pgsize) != 1 || (pgsize & bitmap) == 0) {
                return Errno.EINVAL;
            }
            for (long i = 0; i < pgcount; i++) {
                long va = iova + i * pgsize;
                if (!inRange(va) || !inRange(va + pgsize - 1)) {
                    return Errno.ERANGE;
                }
                if (oas < 64 && ((paddr + i * pgsize) >>> oas) != 0) {
                    return Errno.ERANGE;
                }
                if ((prot & (Prot.READ | Prot.WRITE)) == 0) {
                    return Errno.EINVAL;
                }
                if (find(va) != null || find(va + pgsize - 1) != null
                        || !leaves.subMap(va, true, va + pgsize - 1, true).isEmpty()) {
                    return Errno.EEXIST;
                }
                leaves.put(va, new Leaf(paddr + i * pgsize, pgsize, prot));
            }
            return Errno.OK;
        }

        private boolean inRange(long va) {
            if (cfg.quirks().contains(Quirk.ARM_TTBR1)) {
                return (va >> ias) == -1L;
            }
            return (va >>> ias) == 0;
        }

        private Map.Entry<Long, Leaf> find(long va) {
            Map.Entry<Long, Leaf> e = leaves.floorEntry(va);
            if (e != null && Long.compareUnsigned(va - e.getKey(), e.getValue().size()) < 0) {
                return e;
            }
            return null;
        }

        @Override
        public long unmapPages(long iova, long pgsize, long pgcount) {
            long done = 0;
            for (long i = 0; i < pgcount; i++) {
                Leaf l = leaves.get(iova + i * pgsize);
                if (l == null || l.size() != pgsize) {
                    break;
                }
                leaves.remove(iova + i * pgsize);
                done += pgsize;
            }
            return done;
        }

        @Override
        public long iovaToPhys(long iova) {
            Map.Entry<Long, Leaf> e = find(iova);
            return e == null ? 0 : e.getValue().pa() + (iova - e.getKey());
        }

        @Override
        public Walk walk(long iova, boolean write) {
            if (!inRange(iova)) {
                return new Walk(0, Walk.Fault.TRANSLATION, startLevel, 0);
            }
            Map.Entry<Long, Leaf> e = find(iova);
            if (e == null) {
                return new Walk(0, Walk.Fault.TRANSLATION, 3, 0);
            }
            Leaf l = e.getValue();
            int level = 3 - (Long.numberOfTrailingZeros(l.size()) - Long.numberOfTrailingZeros(granule))
                    / (Long.numberOfTrailingZeros(granule) - 3);
            if (write && (l.prot() & Prot.WRITE) == 0 || !write && (l.prot() & Prot.READ) == 0) {
                return new Walk(0, Walk.Fault.PERMISSION, level, 0);
            }
            return new Walk(l.pa() + (iova - e.getKey()), null, level, 0);
        }

        @Override
        public TableLayout layout() {
            long pgdBytes = Math.max(64, 8L << pgdBits);
            return new TableLayout(granule, 4 - startLevel, startLevel, pgdBytes, List.of(1), pgdBytes, bitmap, ias, oas);
        }

        /** §5.4 and §5.3: the io-pgtable register fields. */
        @Override
        public ArmLpaeRegs armRegs() {
            boolean coherent = cfg.coherentWalk();
            boolean ttbr1 = cfg.quirks().contains(Quirk.ARM_TTBR1);
            int shift = Long.numberOfTrailingZeros(granule);
            int tg = ttbr1 ? (shift == 14 ? 1 : shift == 12 ? 2 : 3) : (shift == 12 ? 0 : shift == 16 ? 1 : 2);
            int sh = coherent ? 3 : 2;
            int irgn = coherent ? 1 : 0;
            int orgn = coherent || cfg.quirks().contains(Quirk.ARM_OUTER_WBWA) ? 1 : 0;
            int ips = switch (oas) {
                case 32 -> 0;
                case 36 -> 1;
                case 40 -> 2;
                case 42 -> 3;
                case 44 -> 4;
                case 48 -> 5;
                default -> 6;
            };
            boolean s2 = cfg.format() == PageTableFormat.ARM_LPAE_S2;
            int sl0 = !s2 ? 0 : shift == 12 ? ~(startLevel + 1) & 3 : ~startLevel & 3;
            return new ArmLpaeRegs(pgd, tg, sh, irgn, orgn, ips, 64 - ias, sl0, s2 ? 0 : 0x00000000F404FF44L);
        }

        @Override
        public void free() {
            freed = true;
            leaves.clear();
        }
    }
}
