package dev.iommuc.runtime.pgtable;

import dev.iommuc.runtime.mem.OutOfPhysMemoryException;
import dev.iommuc.runtime.mem.PhysMemory;

import java.util.EnumSet;
import java.util.Set;

/**
 * The ARM LPAE entries of the format registry: {@code arm_64_lpae_alloc_pgtable_s1/_s2}. Checks the
 * config in the kernel's order, computes the register fields (reference/arm-smmu-v2.md §5.3–5.4) and
 * allocates the pgd.
 */
final class ArmLpae {

    /** MAIR: attr0 0x44 NC, attr1 0xFF WBRWA, attr2 0x04 device, attr3 0xF4 (§5.4). */
    static final long MAIR = 0x00000000F404FF44L;

    // §5.4 TCR field values
    static final int SH_OS = 2;
    static final int SH_IS = 3;
    static final int RGN_NC = 0;
    static final int RGN_WBWA = 1;

    private static final Set<Quirk> S1_QUIRKS =
            EnumSet.of(Quirk.ARM_NS, Quirk.ARM_TTBR1, Quirk.ARM_OUTER_WBWA, Quirk.ARM_HD, Quirk.NO_WARN);
    private static final Set<Quirk> S2_QUIRKS = EnumSet.of(Quirk.ARM_S2FWB, Quirk.NO_WARN);

    private ArmLpae() {
    }

    static PageTableOps allocS1(PageTableConfig cfg, PhysMemory memory, S2ConcatRule ignored) {
        requireFormat(cfg, PageTableFormat.ARM_LPAE_S1);
        checkQuirks(cfg, S1_QUIRKS, "stage 1");
        LpaeGeometry g = LpaeGeometry.of(cfg, false, S2ConcatRule.LINUX_6_12);
        boolean outerWbwa = cfg.quirks().contains(Quirk.ARM_OUTER_WBWA);
        // §5.4 sh/irgn/orgn from the walk's coherency
        int sh;
        int irgn;
        int orgn;
        if (cfg.coherentWalk()) {
            if (outerWbwa) {
                throw LpaeGeometry.reject("a coherent walk cannot take IO_PGTABLE_QUIRK_ARM_OUTER_WBWA");
            }
            sh = SH_IS;
            irgn = RGN_WBWA;
            orgn = RGN_WBWA;
        } else {
            sh = SH_OS;
            irgn = RGN_NC;
            orgn = outerWbwa ? RGN_WBWA : RGN_NC;
        }
        int tg = cfg.quirks().contains(Quirk.ARM_TTBR1) ? tg1(g.pgShift()) : tg0(g.pgShift());
        int ips = ips(g.oas());
        long pgd = allocPgd(memory, g);
        ArmLpaeRegs regs = new ArmLpaeRegs(pgd, tg, sh, irgn, orgn, ips, 64 - g.ias(), 0, MAIR);
        return new ArmLpaePageTable(cfg, g, memory, pgd, regs);
    }

    static PageTableOps allocS2(PageTableConfig cfg, PhysMemory memory, S2ConcatRule rule) {
        requireFormat(cfg, PageTableFormat.ARM_LPAE_S2);
        checkQuirks(cfg, S2_QUIRKS, "stage 2");
        LpaeGeometry g = LpaeGeometry.of(cfg, true, rule);
        int sh = cfg.coherentWalk() ? SH_IS : SH_OS;
        int rgn = cfg.coherentWalk() ? RGN_WBWA : RGN_NC;
        int ps = ips(g.oas());
        long pgd = allocPgd(memory, g);
        ArmLpaeRegs regs = new ArmLpaeRegs(pgd, tg0(g.pgShift()), sh, rgn, rgn, ps, 64 - g.ias(),
                sl0(g.pgShift(), g.startLevel()), 0);
        return new ArmLpaePageTable(cfg, g, memory, pgd, regs);
    }

    private static void requireFormat(PageTableConfig cfg, PageTableFormat format) {
        if (cfg.format() != format) {
            throw new IllegalArgumentException("config format " + cfg.format() + " given to the " + format
                    + " allocator");
        }
    }

    private static void checkQuirks(PageTableConfig cfg, Set<Quirk> allowed, String stage) {
        for (Quirk q : cfg.quirks()) {
            if (!allowed.contains(q)) {
                throw LpaeGeometry.reject("quirk " + q + " is not supported at " + stage);
            }
        }
    }

    private static long allocPgd(PhysMemory memory, LpaeGeometry g) {
        try {
            return memory.alloc(g.pgdBytes());
        } catch (OutOfPhysMemoryException e) {
            throw new PageTableException(Errno.ENOMEM, "io-pgtable: no memory for the pgd: " + e.getMessage());
        }
    }

    /** TG0 encoding (§5.4): 4K 0, 64K 1, 16K 2. */
    static int tg0(int pgShift) {
        return switch (pgShift) {
            case 12 -> 0;
            case 16 -> 1;
            default -> 2;
        };
    }

    /** TG1 encoding, used with the TTBR1 quirk (§5.4): 16K 1, 4K 2, 64K 3. */
    static int tg1(int pgShift) {
        return switch (pgShift) {
            case 14 -> 1;
            case 12 -> 2;
            default -> 3;
        };
    }

    /** IPS/PS from oas (§5.4): 32→0, 36→1, 40→2, 42→3, 44→4, 48→5, 52→6; anything else fails. */
    static int ips(int oas) {
        return switch (oas) {
            case 32 -> 0;
            case 36 -> 1;
            case 40 -> 2;
            case 42 -> 3;
            case 44 -> 4;
            case 48 -> 5;
            case 52 -> 6;
            default -> throw LpaeGeometry.reject("no IPS encoding for a " + oas + "-bit output size");
        };
    }

    /** VTCR.SL0 from the final start level (§5.3): 4K ~(start+1) & 3, 16K/64K ~start & 3. */
    static int sl0(int pgShift, int startLevel) {
        int sl = pgShift == 12 ? startLevel + 1 : startLevel;
        return ~sl & 3;
    }
}
