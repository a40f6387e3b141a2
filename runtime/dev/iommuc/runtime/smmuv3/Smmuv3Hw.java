package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.plan.PlanIommu;

import java.util.List;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * The ID registers an emulated SMMUv3 presents, built from the plan's parameters (the catalogue row
 * {@code arm-smmu-v3}, DT facts, policy overrides): the fields {@code arm_smmu_device_hw_probe} reads back
 * (reference/dart-smmuv3-of.md B.2). Parameters that no register field can hold are rounded to what the
 * hardware can say, with a note.
 *
 * <p>Parameters: {@code sid-bits}, {@code ssid-bits}, {@code asid-bits} (≥ 16 sets ASID16), {@code vmid-bits}
 * (≥ 16 sets VMID16), {@code stage1}, {@code stage2}, {@code stream-table-levels} (2 sets IDR0.ST_LVL = 1;
 * one name from the policy through the catalogue and the resolver to here; default 2), {@code cd2l}
 * (default 1), {@code granules} (a page-size bitmap: 4K, 16K, 64K bits), {@code oas}, {@code coherent}
 * (COHACC), and for tests of the probe's refusals {@code ttf} (default 2, AArch64), {@code ttendian}
 * (default 2, little-endian), {@code cmdqs} (log2 entries, default 8) and {@code embedded} (TABLES_PRESET).
 * {@code ias} has no register: the driver derives it (B.2, {@code ias = max(ias, oas)}).
 */
record Smmuv3Hw(int idr0, int idr1, int idr5) {

    private static final long SZ_4K = 1L << 12;
    private static final long SZ_16K = 1L << 14;
    private static final long SZ_64K = 1L << 16;

    static Smmuv3Hw fromPlan(PlanIommu p, List<String> notes) {
        long idr0 = 0;
        idr0 |= p.param("stage2", 1) != 0 ? bit(IDR0_S2P) : 0;
        idr0 |= p.param("stage1", 1) != 0 ? bit(IDR0_S1P) : 0;
        idr0 |= put(IDR0_TTF_HI, IDR0_TTF_LO, p.param("ttf", TTF_AARCH64));
        idr0 |= p.param("coherent", 0) != 0 ? bit(IDR0_COHACC) : 0;
        idr0 |= p.param("asid-bits", 16) >= 16 ? bit(IDR0_ASID16) : 0;
        idr0 |= p.param("vmid-bits", 16) >= 16 ? bit(IDR0_VMID16) : 0;
        idr0 |= p.param("cd2l", 1) != 0 ? bit(IDR0_CD2L) : 0;
        idr0 |= put(IDR0_TTENDIAN_HI, IDR0_TTENDIAN_LO, p.param("ttendian", TTENDIAN_LE));
        // no stalls and TERM_MODEL 1, as QEMU's model (D.1): STEs then never carry S1STALLD (B.4)
        idr0 |= put(IDR0_STALL_HI, IDR0_STALL_LO, STALL_NONE);
        idr0 |= bit(IDR0_TERM_MODEL);
        // stream-table-levels 2: IDR0.ST_LVL = 1, 2-level tables supported (the driver still goes linear for
        // sid-bits <= 8, B.3); 1: ST_LVL = 0, linear only
        idr0 |= put(IDR0_ST_LVL_HI, IDR0_ST_LVL_LO, p.param("stream-table-levels", 2) == 2 ? 1 : 0);
        for (String f : new String[] {"asid-bits", "vmid-bits"}) {
            long v = p.param(f, 16);
            if (v != 8 && v != 16) {
                notes.add(f + " = " + v + " cannot be encoded (IDR0 has 8 or 16): the hardware says "
                        + (v >= 16 ? 16 : 8));
            }
        }

        long sid = clamp(p.param("sid-bits", 16), 0, 32, "sid-bits", notes);
        long ssid = clamp(p.param("ssid-bits", 20), 0, 20, "ssid-bits", notes);
        long idr1 = put(IDR1_SIDSIZE_HI, IDR1_SIDSIZE_LO, sid) | put(IDR1_SSIDSIZE_HI, IDR1_SSIDSIZE_LO, ssid)
                | put(IDR1_CMDQS_HI, IDR1_CMDQS_LO, p.param("cmdqs", 8))
                | put(IDR1_EVTQS_HI, IDR1_EVTQS_LO, 7)
                | (p.param("embedded", 0) != 0 ? bit(IDR1_TABLES_PRESET) : 0);

        long gran = p.param("granules", SZ_4K | SZ_16K | SZ_64K);
        long idr5 = ((gran & SZ_4K) != 0 ? bit(IDR5_GRAN4K) : 0) | ((gran & SZ_16K) != 0 ? bit(IDR5_GRAN16K) : 0)
                | ((gran & SZ_64K) != 0 ? bit(IDR5_GRAN64K) : 0);
        idr5 |= put(IDR5_OAS_HI, IDR5_OAS_LO, oasEncoding((int) p.param("oas", 48), notes));
        return new Smmuv3Hw((int) idr0, (int) idr1, (int) idr5);
    }

    /** The largest OAS encoding not above {@code bits} (B.2 table); 32 bits when smaller than all. */
    static int oasEncoding(int bits, List<String> notes) {
        int enc = 0;
        for (int i = 0; i < OAS_BITS.length; i++) {
            if (OAS_BITS[i] <= bits) {
                enc = i;
            }
        }
        if (OAS_BITS[enc] != bits) {
            notes.add("oas = " + bits + " has no IDR5.OAS encoding: the hardware says " + OAS_BITS[enc]);
        }
        return enc;
    }

    private static long clamp(long v, long lo, long hi, String name, List<String> notes) {
        if (v < lo || v > hi) {
            long c = Math.max(lo, Math.min(hi, v));
            notes.add(name + " = " + v + " does not fit its IDR1 field: the hardware says " + c);
            return c;
        }
        return v;
    }
}
