package dev.iommuc.dtb;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Data;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an FDT v16/v17 blob into a live tree, validating every field first (reference/dts-language.md
 * §2.2 "Reader checklist"). Any problem is reported as check {@value #CHECK} at the byte offset of the
 * offending field ({@code line 0, col = offset + 1}) and the read returns null: a corrupt blob yields a
 * diagnostic, never an exception. All sizes are checked against the bytes actually present before
 * anything is allocated, the structure block is walked iteratively with a depth limit, and every
 * step advances, so hostile input (fuzzing) cannot cause OOM, stack overflow or a hang.
 */
public final class DtbReader {

    public static final String CHECK = "dtb-format";

    /** Deeper nesting is rejected; real trees are under 20 levels. */
    public static final int MAX_DEPTH = 1024;

    private final byte[] b;
    private final String file;
    private final Diagnostics diags;
    private final Map<Integer, String> names = new HashMap<>();

    private DtbReader(byte[] blob, String file, Diagnostics diags) {
        this.b = blob;
        this.file = file;
        this.diags = diags;
    }

    /** The tree, or null after reporting why the blob is unusable. */
    public static DeviceTree read(byte[] blob, String fileName, Diagnostics diags) {
        DtbReader r = new DtbReader(blob, fileName, diags);
        try {
            return r.readBlob();
        } catch (BadBlob e) {
            diags.error(CHECK, r.pos(e.offset), e.getMessage());
            return null;
        }
    }

    /** A validation failure at a byte offset; thrown only inside this class. */
    private static final class BadBlob extends RuntimeException {
        final long offset;

        BadBlob(long offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private SourcePos pos(long offset) {
        int col = (int) Math.min(Integer.MAX_VALUE, offset + 1);
        return new SourcePos(file, 0, col, 0, col);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Unsigned big-endian u32; callers have checked the bounds. */
    private long u32(int off) {
        return (((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff));
    }

    private long u64(int off) {
        return (u32(off) << 32) | u32(off + 4);
    }

    private DeviceTree readBlob() {
        Header h = Header.parse(this);
        List<MemReserve> reserves = readReserves(h);
        Node root = readStructure(h);
        return new DeviceTree(root, reserves, false, (int) h.bootCpuid);
    }

    /** The validated header fields. All offsets lie inside totalsize, which lies inside the file. */
    private record Header(int version, int totalsize, int offStruct, int structEnd, int offStrings,
                          int sizeStrings, int offRsvmap, long bootCpuid) {

        static Header parse(DtbReader r) {
            byte[] b = r.b;
            if (b.length < 4 || r.u32(0) != (Fdt.MAGIC & 0xffffffffL)) {
                if (b.length < 4) {
                    throw new BadBlob(b.length, "truncated header: file is " + b.length
                            + " bytes, an FDT header needs " + Fdt.HEADER_SIZE_V17);
                }
                throw new BadBlob(Fdt.OFF_MAGIC, "bad magic " + hex(r.u32(0)) + " (expected 0xd00dfeed)");
            }
            if (b.length < Fdt.OFF_LAST_COMP_VERSION + 4) {
                throw new BadBlob(b.length, "truncated header: file is " + b.length + " bytes");
            }
            long version = r.u32(Fdt.OFF_VERSION);
            if (version < 16) {
                // v1-v3 use full-path names, 8-byte value alignment and name properties; not worth supporting.
                throw new BadBlob(Fdt.OFF_VERSION, "unsupported version " + version
                        + ": only FDT v16 and v17 blobs can be read");
            }
            long lastComp = r.u32(Fdt.OFF_LAST_COMP_VERSION);
            if (lastComp > 17) {
                throw new BadBlob(Fdt.OFF_LAST_COMP_VERSION, "last_comp_version " + lastComp
                        + " is newer than 17: the blob is not backwards compatible with v17");
            }
            int headerSize = version >= 17 ? Fdt.HEADER_SIZE_V17 : Fdt.HEADER_SIZE_V16;
            if (b.length < headerSize) {
                throw new BadBlob(b.length, "truncated header: file is " + b.length + " bytes, a v"
                        + version + " header needs " + headerSize);
            }
            long total = r.u32(Fdt.OFF_TOTALSIZE);
            if (total > b.length) {
                throw new BadBlob(Fdt.OFF_TOTALSIZE, "truncated: totalsize " + hex(total)
                        + " exceeds file size " + hex(b.length));
            }
            if (total < headerSize) {
                throw new BadBlob(Fdt.OFF_TOTALSIZE, "totalsize " + hex(total) + " is smaller than the "
                        + headerSize + "-byte header");
            }
            long offRsv = r.u32(Fdt.OFF_MEM_RSVMAP);
            checkOffset(offRsv, headerSize, total, 8, Fdt.OFF_MEM_RSVMAP, "off_mem_rsvmap");
            long offStruct = r.u32(Fdt.OFF_DT_STRUCT);
            checkOffset(offStruct, headerSize, total, 4, Fdt.OFF_DT_STRUCT, "off_dt_struct");
            long offStrings = r.u32(Fdt.OFF_DT_STRINGS);
            checkOffset(offStrings, headerSize, total, 1, Fdt.OFF_DT_STRINGS, "off_dt_strings");
            long sizeStrings = r.u32(Fdt.OFF_SIZE_DT_STRINGS);
            if (offStrings + sizeStrings > total) {
                throw new BadBlob(Fdt.OFF_SIZE_DT_STRINGS, "strings block " + hex(offStrings) + "+"
                        + hex(sizeStrings) + " (size_dt_strings) extends past totalsize " + hex(total));
            }
            long structEnd = total;
            if (version >= 17) {
                long sizeStruct = r.u32(Fdt.OFF_SIZE_DT_STRUCT);
                if (offStruct + sizeStruct > total) {
                    throw new BadBlob(Fdt.OFF_SIZE_DT_STRUCT, "structure block " + hex(offStruct) + "+"
                            + hex(sizeStruct) + " (size_dt_struct) extends past totalsize " + hex(total));
                }
                structEnd = offStruct + sizeStruct;
            }
            return new Header((int) version, (int) total, (int) offStruct, (int) structEnd, (int) offStrings,
                    (int) sizeStrings, (int) offRsv, r.u32(Fdt.OFF_BOOT_CPUID_PHYS));
        }

        private static void checkOffset(long off, int headerSize, long total, int align, int field, String what) {
            if (off < headerSize || off > total) {
                throw new BadBlob(field, what + " " + hex(off) + " outside the blob (header ends at "
                        + hex(headerSize) + ", totalsize " + hex(total) + ")");
            }
            if (off % align != 0) {
                throw new BadBlob(field, what + " " + hex(off) + " is not " + align + "-byte aligned");
            }
        }
    }

    /** Entries up to the first one of size 0, as dtc and libfdt both stop there. */
    private List<MemReserve> readReserves(Header h) {
        List<MemReserve> out = new ArrayList<>();
        int p = h.offRsvmap;
        while (true) {
            if ((long) p + Fdt.RESERVE_ENTRY_SIZE > h.totalsize) {
                throw new BadBlob(p, "memory reservation map runs past totalsize " + hex(h.totalsize)
                        + " without a terminating entry");
            }
            long address = u64(p);
            long size = u64(p + 8);
            if (size == 0) {
                return out;
            }
            out.add(new MemReserve(address, size, List.of()));
            p += Fdt.RESERVE_ENTRY_SIZE;
        }
    }

    /** Walks the tokens with an explicit node stack; returns the root once FDT_END is reached. */
    private Node readStructure(Header h) {
        int end = h.structEnd;
        List<Node> open = new ArrayList<>();
        Node root = null;
        int p = h.offStruct;
        while (true) {
            if ((long) p + 4 > end) {
                throw new BadBlob(p, root == null ? "structure block ends before the root node"
                        : open.isEmpty() ? "missing FDT_END at the end of the structure block"
                        : "structure block ends inside node " + open.get(open.size() - 1).path() + " ("
                        + open.size() + " FDT_END_NODE missing)");
            }
            int tagOff = p;
            long tag = u32(p);
            p += 4;
            if (tag == Fdt.NOP) {
                continue;
            }
            if (tag == Fdt.BEGIN_NODE) {
                if (root != null && open.isEmpty()) {
                    throw new BadBlob(tagOff, "FDT_BEGIN_NODE after the root node was closed");
                }
                if (open.size() >= MAX_DEPTH) {
                    throw new BadBlob(tagOff, "nodes nested deeper than " + MAX_DEPTH);
                }
                int nul = findNul(p, end);
                if (nul < 0) {
                    throw new BadBlob(p, "node name at " + hex(p) + " is not NUL-terminated inside the "
                            + "structure block");
                }
                Node n = new Node(new String(b, p, nul - p, StandardCharsets.ISO_8859_1), pos(tagOff));
                if (root == null) {
                    root = n;
                    if (!n.name().isEmpty()) {
                        diags.report(Severity.WARNING, CHECK, pos(p), "", "root node has a name '"
                                + n.name() + "'; it is kept in DTB output but cannot be written as DTS", List.of());
                    }
                } else {
                    open.get(open.size() - 1).addChild(n);
                }
                open.add(n);
                p = align4(nul + 1, end);
            } else if (tag == Fdt.END_NODE) {
                if (open.isEmpty()) {
                    throw new BadBlob(tagOff, "FDT_END_NODE without a matching FDT_BEGIN_NODE");
                }
                open.remove(open.size() - 1);
            } else if (tag == Fdt.PROP) {
                if (open.isEmpty()) {
                    throw new BadBlob(tagOff, "FDT_PROP outside any node");
                }
                p = readProperty(h, p, open.get(open.size() - 1));
            } else if (tag == Fdt.END) {
                if (root == null) {
                    throw new BadBlob(tagOff, "FDT_END before the root node");
                }
                if (!open.isEmpty()) {
                    throw new BadBlob(tagOff, "FDT_END before the root node was closed (" + open.size()
                            + " FDT_END_NODE missing)");
                }
                return root;
            } else {
                throw new BadBlob(tagOff, "unknown structure block token " + hex(tag));
            }
        }
    }

    /** Reads one FDT_PROP body at {@code p} (just after the token) into {@code node}; returns the next offset. */
    private int readProperty(Header h, int p, Node node) {
        int end = h.structEnd;
        if ((long) p + 8 > end) {
            throw new BadBlob(p, "truncated property header at the end of the structure block");
        }
        long len = u32(p);
        long nameoff = u32(p + 4);
        if ((long) p + 8 + len > end) {
            throw new BadBlob(p, "property length " + hex(len) + " runs past the end of the structure block ("
                    + hex(end) + ")");
        }
        String name = propertyName(h, nameoff, p + 4);
        int data = p + 8;
        byte[] value = java.util.Arrays.copyOfRange(b, data, data + (int) len);
        node.addProperty(new Property(name, new Data(value, List.of()), pos(p - 4)));
        if (len == 4 && (name.equals("phandle") || name.equals("linux,phandle"))) {
            int ph = (int) u32(data);
            // 0 and 0xffffffff are not valid phandles; `phandle` wins over the legacy name.
            if (ph != 0 && ph != -1 && (name.equals("phandle") || node.phandle() == 0)) {
                node.setPhandle(ph);
            }
        }
        return align4(data + (int) len, end);
    }

    private String propertyName(Header h, long nameoff, int field) {
        if (nameoff >= h.sizeStrings) {
            throw new BadBlob(field, "property name offset " + hex(nameoff) + " outside strings block (size "
                    + hex(h.sizeStrings) + ")");
        }
        String cached = names.get((int) nameoff);
        if (cached != null) {
            return cached;
        }
        int start = h.offStrings + (int) nameoff;
        int nul = findNul(start, h.offStrings + h.sizeStrings);
        if (nul < 0) {
            throw new BadBlob(field, "property name at strings offset " + hex(nameoff)
                    + " is not NUL-terminated inside the strings block");
        }
        String name = new String(b, start, nul - start, StandardCharsets.ISO_8859_1);
        names.put((int) nameoff, name);
        return name;
    }

    private int findNul(int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Rounds up to 4; past {@code end} it stops at {@code end}, where the next token read fails. */
    private static int align4(int off, int end) {
        return (int) Math.min(((long) off + 3) & ~3L, end);
    }
}
