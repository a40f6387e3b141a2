package dev.iommuc.dtb;

/**
 * Layout constants of the flattened device tree (FDT) blob, reference/dts-language.md §2.2.
 * All integers in a blob are big-endian.
 */
final class Fdt {

    static final int MAGIC = 0xd00dfeed;

    /** Structure-block tokens. FDT_NOP is never written by dtc but readers must skip it anywhere. */
    static final int BEGIN_NODE = 1;
    static final int END_NODE = 2;
    static final int PROP = 3;
    static final int NOP = 4;
    static final int END = 9;

    /** Header field offsets (10 big-endian u32 in v17; v16 stops before size_dt_struct). */
    static final int OFF_MAGIC = 0;
    static final int OFF_TOTALSIZE = 4;
    static final int OFF_DT_STRUCT = 8;
    static final int OFF_DT_STRINGS = 12;
    static final int OFF_MEM_RSVMAP = 16;
    static final int OFF_VERSION = 20;
    static final int OFF_LAST_COMP_VERSION = 24;
    static final int OFF_BOOT_CPUID_PHYS = 28;
    static final int OFF_SIZE_DT_STRINGS = 32;
    static final int OFF_SIZE_DT_STRUCT = 36;

    /** Header sizes: v16 has 9 fields, v17 adds size_dt_struct. */
    static final int HEADER_SIZE_V16 = 36;
    static final int HEADER_SIZE_V17 = 40;

    /** dtc places the reservation map right after the header, rounded up to 8: 0x28 for v16 and v17. */
    static final int MEM_RSVMAP_ALIGN = 8;
    static final int RESERVE_ENTRY_SIZE = 16;

    /** Both supported versions declare last_comp_version 16 (dtc's version table). */
    static final int LAST_COMP_VERSION = 16;

    private Fdt() {
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }
}
