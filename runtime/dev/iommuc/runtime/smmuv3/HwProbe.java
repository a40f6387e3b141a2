package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.smmu.Result;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * {@code arm_smmu_device_hw_probe} (reference/dart-smmuv3-of.md B.2, SMMU-c): reads IDR0, IDR1 and IDR5
 * through the register file and derives the driver's configuration, or refuses the SMMU with -ENXIO and
 * the message the driver prints.
 */
final class HwProbe {

    /** CMDQ_BATCH_ENTRIES = BITS_PER_LONG: a command queue of 2^6 entries or fewer is refused. */
    private static final int CMDQ_MIN_SHIFT = 6;
    private static final long SZ_4K = 1L << 12;
    private static final long SZ_16K = 1L << 14;
    private static final long SZ_64K = 1L << 16;

    private HwProbe() {
    }

    /** The outcome: a config, or an error and no config. */
    record Outcome(Smmuv3Cfg cfg, Result result) {
    }

    static Outcome probe(Smmuv3Regs regs, Smmuv3 log) {
        long idr0 = regs.read32(IDR0) & 0xffffffffL;
        boolean twoLevel = get(idr0, IDR0_ST_LVL_HI, IDR0_ST_LVL_LO) == 1;
        boolean cd2l = get(idr0, IDR0_CD2L, IDR0_CD2L) != 0;
        // the emulated CPU is little-endian: mixed or LE table endianness only
        long endian = get(idr0, IDR0_TTENDIAN_HI, IDR0_TTENDIAN_LO);
        if (endian != 0 && endian != TTENDIAN_LE) {
            return fail("unsupported endianness");
        }
        long stall = get(idr0, IDR0_STALL_HI, IDR0_STALL_LO);
        boolean stalls = stall == 0 || stall == 2;
        int asidBits = get(idr0, IDR0_ASID16, IDR0_ASID16) != 0 ? 16 : 8;
        int vmidBits = get(idr0, IDR0_VMID16, IDR0_VMID16) != 0 ? 16 : 8;
        boolean s1 = get(idr0, IDR0_S1P, IDR0_S1P) != 0;
        boolean s2 = get(idr0, IDR0_S2P, IDR0_S2P) != 0;
        if (!s1 && !s2) {
            return fail("no translation support!");
        }
        int ias = 0;
        long ttf = get(idr0, IDR0_TTF_HI, IDR0_TTF_LO);
        if (ttf == TTF_AARCH32_64) {
            ias = 40;
        } else if (ttf != TTF_AARCH64) {
            return fail("AArch64 table format not supported");
        }
        // dma-coherent decides (B.1); the model builds COHACC from the same fact, so no override message
        boolean coherent = get(idr0, IDR0_COHACC, IDR0_COHACC) != 0;

        long idr1 = regs.read32(IDR1) & 0xffffffffL;
        if ((idr1 & (bit(IDR1_TABLES_PRESET) | bit(IDR1_QUEUES_PRESET) | bit(IDR1_REL))) != 0) {
            return fail("embedded implementation not supported");
        }
        if (get(idr1, IDR1_CMDQS_HI, IDR1_CMDQS_LO) <= CMDQ_MIN_SHIFT) {
            return fail("command queue size <= " + (1 << CMDQ_MIN_SHIFT) + " entries not supported");
        }
        int ssidBits = (int) get(idr1, IDR1_SSIDSIZE_HI, IDR1_SSIDSIZE_LO);
        int sidBits = (int) get(idr1, IDR1_SIDSIZE_HI, IDR1_SIDSIZE_LO);
        // B.2: a table of 2^8 STEs or fewer is always linear
        if (sidBits <= STRTAB_SPLIT) {
            twoLevel = false;
        }

        long idr5 = regs.read32(IDR5) & 0xffffffffL;
        long pgsize = 0;
        pgsize |= get(idr5, IDR5_GRAN4K, IDR5_GRAN4K) != 0 ? SZ_4K | (1L << 21) | (1L << 30) : 0;
        pgsize |= get(idr5, IDR5_GRAN16K, IDR5_GRAN16K) != 0 ? SZ_16K | (1L << 25) : 0;
        pgsize |= get(idr5, IDR5_GRAN64K, IDR5_GRAN64K) != 0 ? SZ_64K | (1L << 29) : 0;
        boolean vax = get(idr5, IDR5_VAX_HI, IDR5_VAX_LO) == 1;
        int oasEnc = (int) get(idr5, IDR5_OAS_HI, IDR5_OAS_LO);
        int oas;
        if (oasEnc < OAS_BITS.length) {
            oas = OAS_BITS[oasEnc];
            if (oas == 52) {
                pgsize |= 1L << 42;
            }
        } else {
            log.info("unknown output address size. Truncating to 48-bit");
            oas = 48;
        }
        ias = Math.max(ias, oas);
        log.info(String.format("ias %d-bit, oas %d-bit", ias, oas));
        return new Outcome(new Smmuv3Cfg(s1, s2, twoLevel, cd2l, coherent, stalls, asidBits, vmidBits, sidBits,
                ssidBits, pgsize, ias, oas, vax), Result.ok());
    }

    private static Outcome fail(String msg) {
        return new Outcome(null, Result.error(Errno.ENXIO, msg));
    }
}
