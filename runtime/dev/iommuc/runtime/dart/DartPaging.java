package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.pgtable.DartPageTable;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTables;
import dev.iommuc.runtime.plan.Kernel;

import java.util.BitSet;
import java.util.Set;

/**
 * Attaching a paging domain (reference/dart-smmuv3-of.md A.4, A.6, A.7, A.8): finalise it on the
 * first attach (one io-pgtable-dart table for all its DARTs), add the device's streams, then program
 * each DART: TTBRs and TCR ({@code apple_dart_setup_translation}), or on a locked DART copy the root
 * table into the firmware's ({@code setup_translation_locked}).
 */
final class DartPaging {

    private DartPaging() {
    }

    static DartResult attach(DartSystem sys, DartDomain d, DartMaster m) {
        AppleDart first = m.firstDart();
        if (first.forceBypass) {
            return DartResult.error(Errno.EINVAL, String.format("DART %s: bypass forced (page 0x%x > PAGE_SIZE 0x%x),"
                    + " %s cannot take a paging domain", first.id(), first.pgsize, sys.kernel.pageSize(), m.id()));
        }
        if (!d.finalized()) {
            DartResult r = finalizeDomain(sys, d, m);
            if (!r.isOk()) {
                return r;
            }
        }
        DartResult joined = d.spanning() ? join(d, m) : modStreams(d, m);
        if (!joined.isOk()) {
            return joined;
        }
        for (StreamMap s : m.maps) {
            DartResult r = s.dart.locked ? setupLocked(d, s) : setup(d, s);
            if (!r.isOk()) {
                return r;
            }
        }
        return DartResult.ok();
    }

    /** {@code apple_dart_mod_streams} (A.3): the same DART in every slot, or -EINVAL; then the SIDs ORed in. */
    private static DartResult modStreams(DartDomain d, DartMaster m) {
        for (int i = 0; i < DartSystem.MAX_DARTS_PER_DEVICE; i++) {
            AppleDart dd = i < d.maps.size() ? d.maps.get(i).dart : null;
            AppleDart md = i < m.maps.size() ? m.maps.get(i).dart : null;
            if (dd != md) {
                return DartResult.error(Errno.EINVAL, m.id() + ": its DARTs differ from domain " + d.name() + "'s");
            }
        }
        for (int i = 0; i < m.maps.size(); i++) {
            d.maps.get(i).sids.or(m.maps.get(i).sids);
        }
        return DartResult.ok();
    }

    /**
     * A shared domain (SPEC §3; beyond Linux, whose mod_streams wants identical slots): the master's SIDs
     * join the domain's map for the same DART, or a new map for a DART it does not reach yet. One table
     * then serves every DART of the domain (A.8), which only works when each DART walks the same
     * io-pgtable-dart format with the same page size, ias and oas as the DART the table was built for
     * (A.1, A.5): DART1 and DART2 PTEs differ in their address and permission bits. Refused otherwise.
     */
    private static DartResult join(DartDomain d, DartMaster m) {
        AppleDart base = d.maps.get(0).dart;
        for (StreamMap s : m.maps) {
            AppleDart x = s.dart;
            if (d.mapOf(x) == null && (x.format() != base.format() || x.pgsize != base.pgsize || x.ias != base.ias
                    || x.oas != base.oas)) {
                return DartResult.error(Errno.EINVAL, String.format("%s: DART %s (%s, %s, page 0x%x, ias %d, oas %d)"
                        + " cannot join domain %s, whose page table was built for DART %s (%s, %s, page 0x%x, ias %d,"
                        + " oas %d): one io-pgtable-dart format cannot serve both", m.id(), x.id(), x.hw.variant()
                        .impl(), x.format(), x.pgsize, x.ias, x.oas, d.name(), base.id(), base.hw.variant().impl(),
                        base.format(), base.pgsize, base.ias, base.oas));
            }
        }
        for (StreamMap s : m.maps) {
            StreamMap dm = d.mapOf(s.dart);
            if (dm == null) {
                dm = new StreamMap(s.dart);
                d.maps.add(dm);
            }
            dm.sids.or(s.sids);
        }
        return DartResult.ok();
    }

    /** {@code apple_dart_finalize_domain} (A.4, A.5, A.6, A.7). */
    private static DartResult finalizeDomain(DartSystem sys, DartDomain d, DartMaster m) {
        AppleDart dart = m.firstDart();
        if (dart.pgsize > sys.kernel.pageSize() && sys.kernel.dartSmallPages() == Kernel.DartSmallPages.REFUSE) {
            return DartResult.error(Errno.EINVAL, String.format("DART %s page 0x%x > PAGE_SIZE 0x%x: paging domain "
                    + "refused", dart.id(), dart.pgsize, sys.kernel.pageSize()));
        }
        int ias = dart.ias;
        for (StreamMap s : m.maps) {
            if (!s.dart.locked) {
                continue;
            }
            if (s.sids.cardinality() > 1) {
                s.dart.warn("locked DART " + s.dart.id() + ": more than one stream bound (" + s.sids + ")");
            }
            int sid = s.sids.nextSetBit(0);
            if ((s.dart.readTtbr(sid, 0) & s.dart.layout.ttbrValid()) == 0) {
                return DartResult.error(Errno.EIO, "Invalid ttbr[0] for locked dart " + s.dart.id());
            }
            // A.7 level rule: follow the firmware's FOUR_LEVEL where the variant has it
            if (s.dart.layout.tcrFourLevel() != 0 && ias > 36) {
                if ((s.dart.readTcr(sid) & s.dart.layout.tcrFourLevel()) != 0) {
                    ias = Math.max(ias, 37);
                    s.dart.info("Expanded to ias=" + ias + " due to lock");
                } else {
                    ias = 36;
                    s.dart.info("Limited to ias=36 due to lock");
                }
            }
        }
        PageTableConfig cfg = new PageTableConfig(dart.format(), dart.pgsize, ias, dart.oas, true, Set.of(),
                sys.kernel.pageSize());
        try {
            d.pgtable = (DartPageTable) PageTables.alloc(cfg, sys.mem);
        } catch (RuntimeException e) {
            return DartResult.error(Errno.ENOMEM, "no page table for domain " + d.name() + ": " + e.getMessage());
        }
        d.mem = sys.mem;
        d.apertureEnd = ias >= 64 ? -1L : (1L << ias) - 1;
        for (StreamMap s : m.maps) {
            d.maps.add(new StreamMap(s.dart));
        }
        return DartResult.ok();
    }

    /** {@code apple_dart_setup_translation} (A.4): TTBRs, the other TTBR slots cleared, TCR, invalidate. */
    private static DartResult setup(DartDomain d, StreamMap s) {
        long[] roots = d.pgtable.ttbrs();
        int i = 0;
        for (; i < roots.length; i++) {
            s.dart.setTtbr(s.sids, i, roots[i]);
        }
        for (; i < s.dart.hw.ttbrCount(); i++) {
            s.dart.clearTtbr(s.sids, i);
        }
        s.dart.enableTranslation(s.sids, d.pgtable.levels() == 3);
        s.dart.invalidate(s.sids);
        return DartResult.ok();
    }

    /**
     * {@code apple_dart_setup_translation_locked} (A.7): read each firmware TTBR the table uses (VALID
     * clear: -EIO), copy the kernel's root into the firmware's table, invalidate. TCR and TTBR are not
     * written. A firmware root not aligned to the DART page is refused as well (an inference: it cannot
     * be a table; the register model already leaves such a TTBR without VALID).
     */
    private static DartResult setupLocked(DartDomain d, StreamMap s) {
        AppleDart dart = s.dart;
        int sid = s.sids.nextSetBit(0);
        long[] fw = new long[d.pgtable.ttbrs().length];
        for (int i = 0; i < fw.length; i++) {
            int word = dart.readTtbr(sid, i);
            if ((word & dart.layout.ttbrValid()) == 0) {
                return DartResult.error(Errno.EIO, "Invalid ttbr[" + i + "] for locked dart " + dart.id());
            }
            fw[i] = dart.layout.decodeTtbr(word);
            if ((fw[i] & (dart.pgsize - 1)) != 0) {
                return DartResult.error(Errno.EIO, String.format("ttbr[%d] 0x%x of locked dart %s is not page aligned",
                        i, fw[i], dart.id()));
            }
        }
        d.firmwareRoots.put(dart, fw);
        d.copyRoots(fw);
        BitSet sids = s.sids;
        dart.invalidate(sids);
        return DartResult.ok();
    }
}
