package dev.iommuc.runtime.smmuv3;

import java.util.List;

/**
 * SMMUv3 event types the model raises, with their architectural IDs (reference/dart-smmuv3-of.md B.8
 * for 0x10–0x13; the configuration-error IDs as the driver's and QEMU's headers number them, D.2).
 */
public enum V3Event {
    C_BAD_STREAMID(0x02), F_STE_FETCH(0x03), C_BAD_STE(0x04), F_STREAM_DISABLED(0x06), C_BAD_SUBSTREAMID(0x08),
    F_CD_FETCH(0x09), C_BAD_CD(0x0a), F_TRANSLATION(0x10), F_ADDR_SIZE(0x11), F_ACCESS(0x12),
    F_PERMISSION(0x13);

    private final int id;

    V3Event(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** Translation-class faults, which CD.R (stage 1) or STE.S2R (stage 2) decides whether to record (D.2). */
    public boolean translationClass() {
        return id >= 0x10;
    }

    /**
     * One 32-byte event record as written to the event queue (B.8): dword0 = ID | SSV | SSID | SID;
     * dword1 = RnW (bit 35) | S2 (bit 39); dword2 = input address; dword3 = IPA [51:12] for stage-2 faults.
     * CLASS, STAG, STALL, PnU and InD stay 0 (no stalls, unprivileged data accesses).
     */
    public record Record(V3Event type, long sid, Integer ssid, long address, boolean write, boolean stage2,
                         List<Long> words) {

        public Record {
            words = List.copyOf(words);
        }

        static Record of(V3Event type, long sid, Integer ssid, long address, boolean write, boolean stage2) {
            long w0 = type.id | (ssid != null ? 1L << 11 | (long) (ssid & 0xfffff) << 12 : 0) | (sid & 0xffffffffL) << 32;
            long w1 = (write ? 0 : 1L << 35) | (stage2 ? 1L << 39 : 0);
            long w3 = stage2 ? address & Fields.genmask(51, 12) : 0;
            return new Record(type, sid, ssid, address, write, stage2, List.of(w0, w1, address, w3));
        }
    }
}
