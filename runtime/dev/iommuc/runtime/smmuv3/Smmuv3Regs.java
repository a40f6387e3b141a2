package dev.iommuc.runtime.smmuv3;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * The page-0 registers the model implements (reference/dart-smmuv3-of.md D.1): ID registers (read-only),
 * CR0 mirrored into CR0ACK on write (reserved bits masked), CR1, CR2, GBPA, STRTAB_BASE and
 * STRTAB_BASE_CFG. Queues are not modelled: the driver's commands are not needed by a model without
 * caches, and events are kept as records (see {@link Smmuv3#events()}).
 */
final class Smmuv3Regs {

    /** CR0 bits the model knows: SMMUEN, PRIQEN, EVTQEN, CMDQEN, ATSCHK. */
    private static final int CR0_MASK = 0x1f;

    private final Smmuv3Hw hw;
    private int cr0;
    private int cr0ack;
    private int cr1;
    private int cr2;
    /** GBPA resets with ABORT clear: traffic bypasses until the driver enables the SMMU. */
    private int gbpa;
    private long strtabBase;
    private int strtabBaseCfg;

    Smmuv3Regs(Smmuv3Hw hw) {
        this.hw = hw;
    }

    int read32(int off) {
        return switch (off) {
            case IDR0 -> hw.idr0();
            case IDR1 -> hw.idr1();
            case IDR5 -> hw.idr5();
            case CR0 -> cr0;
            case CR0ACK -> cr0ack;
            case CR1 -> cr1;
            case CR2 -> cr2;
            case GBPA -> gbpa;
            case STRTAB_BASE_CFG -> strtabBaseCfg;
            default -> 0;
        };
    }

    void write32(int off, int v) {
        switch (off) {
            case CR0 -> {
                cr0 = v & CR0_MASK;
                cr0ack = cr0;
            }
            case CR1 -> cr1 = v;
            case CR2 -> cr2 = v;
            // the UPDATE handshake completes at once: only ABORT is kept
            case GBPA -> gbpa = v & (1 << GBPA_ABORT);
            case STRTAB_BASE_CFG -> strtabBaseCfg = v;
            default -> {
            }
        }
    }

    long read64(int off) {
        return off == STRTAB_BASE ? strtabBase : read32(off) & 0xffffffffL;
    }

    void write64(int off, long v) {
        if (off == STRTAB_BASE) {
            strtabBase = v;
        } else {
            write32(off, (int) v);
        }
    }

    boolean smmuEnabled() {
        return (cr0ack & (1 << CR0_SMMUEN)) != 0;
    }

    /** The registers by name, for reports. */
    Map<String, Long> named() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("idr0", hw.idr0() & 0xffffffffL);
        out.put("idr1", hw.idr1() & 0xffffffffL);
        out.put("idr5", hw.idr5() & 0xffffffffL);
        out.put("cr0", cr0 & 0xffffffffL);
        out.put("cr1", cr1 & 0xffffffffL);
        out.put("cr2", cr2 & 0xffffffffL);
        out.put("gbpa", gbpa & 0xffffffffL);
        out.put("strtab_base", strtabBase);
        out.put("strtab_base_cfg", strtabBaseCfg & 0xffffffffL);
        return out;
    }
}
