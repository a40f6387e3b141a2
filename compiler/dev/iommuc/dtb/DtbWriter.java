package dev.iommuc.dtb;

import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import dev.iommuc.model.TreeWalk;


/**
 * Flattens a live tree into an FDT blob byte-identical to dtc 1.6.1 {@code -O dtb}
 * (reference/dts-language.md §2.2): header, reservation map at 0x28 (entries, {@code -R} blanks, one
 * zero terminator), structure block, strings block with dtc's suffix sharing, then optional padding.
 * Deleted nodes and properties are left out. Names are written as Latin-1 bytes, one per char.
 */
public final class DtbWriter {

    private DtbWriter() {
    }

    public static byte[] write(DeviceTree tree) {
        return write(tree, DtbOptions.DEFAULT);
    }

    public static byte[] write(DeviceTree tree, DtbOptions opt) {
        int headerSize = opt.version() >= 17 ? Fdt.HEADER_SIZE_V17 : Fdt.HEADER_SIZE_V16;
        int offRsvmap = (headerSize + Fdt.MEM_RSVMAP_ALIGN - 1) & -Fdt.MEM_RSVMAP_ALIGN;
        ByteSink out = new ByteSink(4096);
        out.zeros(offRsvmap);

        for (MemReserve r : tree.reserves()) {
            out.u64(r.address());
            out.u64(r.size());
        }
        // -R blanks and the terminator are all-zero entries.
        out.zeros(Fdt.RESERVE_ENTRY_SIZE * (opt.reserveExtra() + 1));

        int offStruct = out.length();
        StringTable strings = new StringTable();
        writeStructure(tree.root(), out, strings);
        int sizeStruct = out.length() - offStruct;

        int offStrings = out.length();
        out.bytes(strings.toArray());
        int total = out.length();

        int padded = paddedSize(total, opt);
        out.zeros(padded - total);

        out.putU32(Fdt.OFF_MAGIC, Fdt.MAGIC);
        out.putU32(Fdt.OFF_TOTALSIZE, padded);
        out.putU32(Fdt.OFF_DT_STRUCT, offStruct);
        out.putU32(Fdt.OFF_DT_STRINGS, offStrings);
        out.putU32(Fdt.OFF_MEM_RSVMAP, offRsvmap);
        out.putU32(Fdt.OFF_VERSION, opt.version());
        out.putU32(Fdt.OFF_LAST_COMP_VERSION, Fdt.LAST_COMP_VERSION);
        out.putU32(Fdt.OFF_BOOT_CPUID_PHYS, tree.bootCpuidPhys());
        out.putU32(Fdt.OFF_SIZE_DT_STRINGS, strings.size());
        if (opt.version() >= 17) {
            out.putU32(Fdt.OFF_SIZE_DT_STRUCT, sizeStruct);
        }
        return out.toArray();
    }

    /**
     * dtc's padding rules: {@code -S} pads up to the minimum (never shrinks), {@code -p} adds a fixed
     * amount, and {@code -a} rounds the padded total up to a multiple of the alignment.
     */
    static int paddedSize(int total, DtbOptions opt) {
        int padlen = 0;
        if (opt.minSize() > 0) {
            padlen = Math.max(0, opt.minSize() - total);
        }
        if (opt.pad() > 0) {
            padlen = opt.pad();
        }
        if (opt.align() > 0) {
            int a = opt.align();
            padlen = ((total + padlen + a - 1) & -a) - total;
        }
        return total + padlen;
    }

    /** Pre-order over the live nodes (iterative: deep trees cannot overflow the Java stack). */
    private static void writeStructure(Node root, ByteSink out, StringTable strings) {
        TreeWalk.live(root, new TreeWalk.Visitor() {
            @Override
            public void enter(Node node, int depth) {
                beginNode(node, out, strings);
            }

            @Override
            public void exit(Node node, int depth) {
                out.u32(Fdt.END_NODE);
            }
        });
        out.u32(Fdt.END);
    }

    private static void beginNode(Node n, ByteSink out, StringTable strings) {
        out.u32(Fdt.BEGIN_NODE);
        out.latin1(n.name());
        out.zeros(1);
        out.align4();
        for (Property p : n.allProperties()) {
            if (p.deleted()) {
                continue;
            }
            byte[] value = p.value().bytes();
            out.u32(Fdt.PROP);
            out.u32(value.length);
            out.u32(strings.offsetOf(p.name()));
            out.bytes(value);
            out.align4();
        }
    }
}
