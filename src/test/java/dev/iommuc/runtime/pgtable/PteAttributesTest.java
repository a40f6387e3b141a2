package dev.iommuc.runtime.pgtable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.runtime.pgtable.Lpae.SZ_16K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_4K;
import static dev.iommuc.runtime.pgtable.Lpae.SZ_64K;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * reference/arm-smmu-v2.md §5.2 "PTE attributes": the leaf bits for each prot combination, stage 1
 * and stage 2, with the quirks that change them. Expected values are written out by hand from §5.2.
 */
class PteAttributesTest {

    /*
     * Stage 1: nG 0x800 always, AF 0x400 always, AP[1] UNPRIV 0x40 unless PRIV, AP[2] RDONLY 0x80 for
     * read without write, AttrIndx [4:2] = 2 (0x8) for MMIO, 1 (0x4) for CACHE, SH IS 0x300 with CACHE
     * else OS 0x200, XN 3 << 53 for NOEXEC, NS 0x20 with ARM_NS, DBM 1 << 51 with ARM_HD.
     */
    @ParameterizedTest(name = "S1 {0} {1}: 0x{2}")
    @CsvSource({
        "r, '', 0000000000000EC0",
        "w, '', 0000000000000E40",
        "rw, '', 0000000000000E40",
        "rw+cache, '', 0000000000000F44",
        "rw+mmio, '', 0000000000000E48",
        "rw+mmio+cache, '', 0000000000000F48",
        "rw+priv, '', 0000000000000E00",
        "r+priv, '', 0000000000000E80",
        "rwx, '', 0000000000000E40",
        "r+noexec, '', 0060000000000EC0",
        "r+cache+noexec, '', 0060000000000FC4",
        "rw, ARM_NS, 0000000000000E60",
        "rw, ARM_HD, 0008000000000E40",
        "w, ARM_HD, 0008000000000E40",
        "r, ARM_HD, 0000000000000EC0",
        "rw+cache+noexec, ARM_TTBR1, 0060000000000F44",
    })
    void stage1(String prot, String quirk, String expected) {
        check(PageTableFormat.ARM_LPAE_S1, prot, quirk, expected);
    }

    /*
     * Stage 2: HAP READ 0x40, WRITE 0x80; MemAttr [5:2] = 0x1 (0x4) MMIO, 0xF (0x3C) CACHE (0x6, 0x18,
     * with S2FWB), 0x5 (0x14) otherwise; SH, XN, AF as stage 1; PRIV means nothing.
     */
    @ParameterizedTest(name = "S2 {0} {1}: 0x{2}")
    @CsvSource({
        "r, '', 0000000000000654",
        "w, '', 0000000000000694",
        "rw, '', 00000000000006D4",
        "rw+cache, '', 00000000000007FC",
        "rw+cache, ARM_S2FWB, 00000000000007D8",
        "rw, ARM_S2FWB, 00000000000006D4",
        "rw+mmio, '', 00000000000006C4",
        "rw+mmio+cache, '', 00000000000007C4",
        "rw+priv, '', 00000000000006D4",
        "rw+noexec, '', 00600000000006D4",
        "r+cache+noexec, '', 006000000000077C",
    })
    void stage2(String prot, String quirk, String expected) {
        check(PageTableFormat.ARM_LPAE_S2, prot, quirk, expected);
    }

    /** "r+cache+noexec" → IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC (no NOEXEC unless written). */
    private static int prot(String spec) {
        int p = 0;
        for (String part : spec.split("\\+")) {
            switch (part) {
                case "cache" -> p |= Prot.CACHE;
                case "mmio" -> p |= Prot.MMIO;
                case "priv" -> p |= Prot.PRIV;
                case "noexec" -> p |= Prot.NOEXEC;
                default -> {
                    p |= part.contains("r") ? Prot.READ : 0;
                    p |= part.contains("w") ? Prot.WRITE : 0;
                }
            }
        }
        return p;
    }

    private static void check(PageTableFormat format, String protSpec, String quirk, String expected) {
        int prot = prot(protSpec);
        long attrs = Long.parseUnsignedLong(expected, 16);
        List<Quirk> quirks = new ArrayList<>();
        if (!quirk.isEmpty()) {
            quirks.add(Quirk.valueOf(quirk));
        }
        for (long granule : new long[] {SZ_4K, SZ_16K, SZ_64K}) {
            PageTableConfig cfg = Lpae.cfg(format, granule, 48, 48, true, quirks.toArray(new Quirk[0]));
            ArmLpaePageTable pt = Lpae.alloc(cfg);
            long block = pt.geometry().blockSize(2);
            long pa = 0x1234L * block;
            long top = quirks.contains(Quirk.ARM_TTBR1) ? -1L << 48 : 0; // §5.2: sign-extended with TTBR1
            assertEquals(Errno.OK, pt.mapPages(top | block, pa, granule, 1, prot));
            assertEquals(Errno.OK, pt.mapPages(top | 2 * block, pa, block, 1, prot));
            // page: type 3; block: type 1; output address in [47:12]
            assertEquals(attrs | pa | 3, pt.walk(top | block, false).pte(), "page descriptor");
            assertEquals(attrs | pa | 1, pt.walk(top | 2 * block, false).pte(), "block descriptor");
            assertEquals(attrs, LpaePte.protToPte(prot, format == PageTableFormat.ARM_LPAE_S2, cfg.quirks()));
        }
    }
}
