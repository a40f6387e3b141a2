package dev.iommuc.runtime.dart;

/**
 * Register offsets and bit values of one DART hardware type (reference/dart-smmuv3-of.md A.2): the
 * T8020 layout (t8103, t8103-usb4, t6000) and the T8110 layout (t8110 and the DARTs binding as it).
 * Data only; {@link DartRegisters} and the driver read it.
 *
 * @param tcrTranslate   TCR TRANSLATE_ENABLE
 * @param tcrBypassDart  TCR BYPASS_DART, the bit the hardware decodes as "bypass"
 * @param tcrBypass      the value the driver writes for bypass (BYPASS_DART | BYPASS_DAPF)
 * @param tcrFourLevel   TCR FOUR_LEVEL (Asahi), 0 when the layout has none
 * @param ttbrValid      TTBR VALID
 * @param ttbrShift      the table PA is shifted right by this ({@code ttbr_shift})
 * @param ttbrAddrShift  then left by this into the register ({@code ttbr_addr_field_shift})
 * @param lockReg        register holding the lock bit (CONFIG or PROTECT)
 * @param errorStreamShift / errorStreamBits  ERROR.STREAM field
 * @param codes          ERROR.CODE bit for each {@link DartFault}, -1 when the layout has no such code
 * @param enableStreams  first stream-enable word (STREAMS_ENABLE / ENABLE_STREAMS)
 */
public record DartLayout(String type, int params3, int params4, int tcrBase, int tcrTranslate, int tcrBypassDart,
                         int tcrBypass, int tcrFourLevel, int ttbrValid, int ttbrShift, int ttbrAddrShift,
                         int lockReg, int lockBit, int error, int errorStreamShift, int errorStreamBits,
                         int errorAddrLo, int errorAddrHi, int errorMask, int[] codes, int enableStreams,
                         int streamCommand, int streamSelect, int tlbCmd) {

    public static final int PARAMS1 = 0x00;
    public static final int PARAMS2 = 0x04;
    /** PARAMS1.PAGE_SHIFT, bits 27:24. */
    public static final int PARAMS1_PAGE_SHIFT = 24;
    /** PARAMS2.BYPASS_SUPPORT, bit 0. */
    public static final int PARAMS2_BYPASS = 1;
    /** ERROR.FLAG, bit 31, both layouts. */
    public static final int ERROR_FLAG = 1 << 31;

    /** T8020 STREAM_COMMAND.INVALIDATE (bit 20) and BUSY (bit 2). */
    public static final int STREAM_COMMAND_INVALIDATE = 1 << 20;
    public static final int STREAM_COMMAND_BUSY = 1 << 2;
    /** T8110 TLB_CMD: BUSY bit 31, OP bits 10:8 (1 = FLUSH_SID), STREAM bits 7:0. */
    public static final int TLB_CMD_BUSY = 1 << 31;
    public static final int TLB_CMD_OP_FLUSH_SID = 1 << 8;

    /** T8020/T6000 (DART-6.8): TCR 0x100, TTBR base 0x200 (0x400 on USB4, from the variant). */
    public static final DartLayout T8020 = new DartLayout("T8020", -1, -1, 0x100, 0x80, 1 << 8, 0x1100, 0,
            1 << 31, 12, 0, 0x60, 1 << 15, 0x40, 24, 4, 0x50, 0x54, -1,
            new int[] {0, -1, 1, 2, 3, 4}, 0xFC, 0x20, 0x34, -1);

    /** T8110 (DART-6.8 / DART-asahi): TCR 0x1000, one TTBR per SID at 0x1400. */
    public static final DartLayout T8110 = new DartLayout("T8110", 0x08, 0x0C, 0x1000, 1, 1 << 1, 0x6, 1 << 3,
            1, 14, 2, 0x200, 1, 0x100, 20, 8, 0x170, 0x174, 0x104,
            new int[] {0, 1, 2, 3, 4, 5}, 0xC00, -1, -1, 0x80);

    public int tcr(int sid) {
        return tcrBase + 4 * sid;
    }

    /** The ERROR.CODE bit for a fault, or 0 when this layout has no code for it. */
    public int code(DartFault f) {
        int bit = codes[f.ordinal()];
        return bit < 0 ? 0 : 1 << bit;
    }

    /** The fault whose code is exactly {@code code}, or null ("unknown", A.2 IRQ handler). */
    public DartFault fault(int code) {
        for (DartFault f : DartFault.values()) {
            if (codes[f.ordinal()] >= 0 && code == 1 << codes[f.ordinal()]) {
                return f;
            }
        }
        return null;
    }

    /** A TTBR word for a table at {@code pa}: VALID | ((pa >> ttbr_shift) << addr_field_shift). */
    public int encodeTtbr(long pa) {
        return (int) ((pa >>> ttbrShift) << ttbrAddrShift) | ttbrValid;
    }

    /** The table a TTBR word points to (VALID cleared, shifted back). */
    public long decodeTtbr(int word) {
        return (((word & ~ttbrValid) & 0xffffffffL) >>> ttbrAddrShift) << ttbrShift;
    }

    public boolean t8110() {
        return tlbCmd >= 0;
    }
}
