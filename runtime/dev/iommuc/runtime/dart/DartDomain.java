package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.DartPageTable;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.TableLayout;
import dev.iommuc.runtime.plan.DomainType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apple_dart_domain} (reference/dart-smmuv3-of.md A.3, A.4, A.7, A.8): a domain of one type;
 * a paging domain is finalised on its first attach with the first device's DARTs and gets ONE
 * io-pgtable-dart table whose roots every DART of the domain is pointed at. Its stream maps are the
 * union of the attached devices' SIDs per DART; a flush invalidates each DART's SIDs, and on a locked
 * DART first copies the root table into the firmware's again (A.7).
 */
public final class DartDomain {

    private final String name;
    private final DomainType type;
    /**
     * A shared default domain (SPEC §3 per-iommu and herd sharing): its stream maps are kept per DART,
     * not per slot, so masters on different DARTs can join it (A.8's one table written into each DART).
     */
    private final boolean spanning;
    DartPageTable pgtable;
    /** The domain's stream maps: the first device's DARTs, with the SIDs of every device ORed in (A.3). */
    final List<StreamMap> maps = new ArrayList<>();
    /** Locked DARTs: the firmware root table for each TTBR index (A.7), by DART. */
    final Map<AppleDart, long[]> firmwareRoots = new LinkedHashMap<>();
    long apertureEnd;
    PhysMemory mem;
    private final List<String> warnings = new ArrayList<>();

    public DartDomain(String name, DomainType type) {
        this(name, type, false);
    }

    private DartDomain(String name, DomainType type, boolean spanning) {
        this.name = name;
        this.type = type;
        this.spanning = spanning;
    }

    /**
     * A DMA domain that several groups take as their default (SPEC §3 sharing): masters behind any DART
     * of one io-pgtable format join it, each DART getting the same root (A.8) and its own flushes.
     */
    public static DartDomain shared(String name) {
        return new DartDomain(name, DomainType.DMA, true);
    }

    public boolean spanning() {
        return spanning;
    }

    /** The domain's stream map on {@code dart}, or null. */
    StreamMap mapOf(AppleDart dart) {
        for (StreamMap m : maps) {
            if (m.dart == dart) {
                return m;
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    public DomainType type() {
        return type;
    }

    public boolean paging() {
        return type == DomainType.DMA || type == DomainType.UNMANAGED;
    }

    public boolean finalized() {
        return pgtable != null;
    }

    /** The shared page table, or null before the first attach (or for identity/blocked). */
    public DartPageTable pageTable() {
        return pgtable;
    }

    public TableLayout layout() {
        return pgtable == null ? null : pgtable.layout();
    }

    /** The aperture's last IOVA: {@code DMA_BIT_MASK(ias)} (A.4, mainline). */
    public long apertureEnd() {
        return apertureEnd;
    }

    /** The DARTs this domain is programmed into, in stream-map order. */
    public List<String> darts() {
        List<String> out = new ArrayList<>();
        maps.forEach(m -> out.add(m.dart.id()));
        return out;
    }

    /** Notes the driver raised while mapping (mappings the hardware can never reach). */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * {@code iommu_map} + {@code iotlb_sync_map}: {@code size / pgsize} pages, then a flush of every DART.
     * Like a raw {@code iommu_map} in mainline, an IOVA above the aperture is not refused (io-pgtable-dart
     * does not range-check it, A.5) but the mapping is dead: the hardware only walks ias bits (worked
     * example 1a), which is reported as a warning.
     */
    public DartResult map(long iova, long pa, long size, int prot) {
        if (!paging() || pgtable == null) {
            return DartResult.error(Errno.ENODEV, "domain " + name + " has no page table");
        }
        long pgsize = pgtable.geometry().granule();
        if (size <= 0 || (size & (pgsize - 1)) != 0) {
            return DartResult.error(Errno.EINVAL, String.format("size 0x%x is not a multiple of the DART page 0x%x",
                    size, pgsize));
        }
        Errno e = pgtable.mapPages(iova, pa, pgsize, size / pgsize, prot);
        if (e != Errno.OK) {
            return DartResult.error(e, String.format("map 0x%x+0x%x -> 0x%x failed", iova, size, pa));
        }
        if (iova + size - 1 > apertureEnd || iova + size - 1 < iova) {
            warnings.add(String.format("IOVA 0x%x+0x%x is above the aperture [0, 0x%x]: the DART walks only %d "
                    + "address bits, so this mapping is never used", iova, size, apertureEnd,
                    64 - Long.numberOfLeadingZeros(apertureEnd)));
        }
        flush();
        return DartResult.ok();
    }

    /** {@code iommu_unmap}: bytes unmapped, then a flush. */
    public long unmap(long iova, long size) {
        if (!paging() || pgtable == null) {
            return 0;
        }
        long pgsize = pgtable.geometry().granule();
        long n = pgtable.unmapPages(iova, pgsize, size / pgsize);
        flush();
        return n;
    }

    /** The domain's physical address for an IOVA (iova_to_phys), 0 when unmapped. */
    public long iovaToPhys(long iova) {
        return pgtable == null ? 0 : pgtable.iovaToPhys(iova);
    }

    /**
     * {@code apple_dart_domain_flush_tlb} (A.3, A.7, A.8): for each DART of the domain, re-copy the root
     * into the firmware table if locked, then invalidate that DART's SIDs.
     */
    void flush() {
        for (StreamMap m : maps) {
            long[] fw = firmwareRoots.get(m.dart);
            if (fw != null) {
                copyRoots(fw);
            }
            if (!m.sids.isEmpty()) {
                m.dart.invalidate(m.sids);
            }
        }
    }

    /** A.7 step 4: the kernel's root table, entry by entry, into the firmware's. */
    void copyRoots(long[] fw) {
        long[] roots = pgtable.ttbrs();
        long entries = pgtable.geometry().granule() / 8;
        for (int i = 0; i < fw.length; i++) {
            for (long e = 0; e < entries; e++) {
                mem.write64(fw[i] + 8 * e, mem.read64(roots[i] + 8 * e));
            }
        }
    }
}
