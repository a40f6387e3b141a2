package dev.iommuc.dtb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Assembles FDT blobs token by token, so tests can build malformed ones (the writer only makes
 * valid blobs). Layout as dtc's: header, a reservation map with only the terminator at 0x28, the
 * structure block at {@link #STRUCT}, then the strings block.
 */
final class RawBlob {

    static final int STRUCT = 0x38;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();

    RawBlob u32(int v) {
        struct.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
        return this;
    }

    /** Raw bytes, not padded. */
    RawBlob raw(byte[] b) {
        struct.writeBytes(b);
        return this;
    }

    RawBlob begin(String name) {
        u32(Fdt.BEGIN_NODE);
        raw((name + "\0").getBytes(StandardCharsets.ISO_8859_1));
        return pad();
    }

    RawBlob end() {
        return u32(Fdt.END_NODE);
    }

    RawBlob prop(int nameoff, byte[] value) {
        u32(Fdt.PROP).u32(value.length).u32(nameoff).raw(value);
        return pad();
    }

    RawBlob pad() {
        while (struct.size() % 4 != 0) {
            struct.write(0);
        }
        return this;
    }

    /** Offset in the blob of the next structure byte to be added. */
    int here() {
        return STRUCT + struct.size();
    }

    RawBlob string(String s) {
        strings.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    byte[] build() {
        return build(17);
    }

    byte[] build(int version) {
        byte[] st = struct.toByteArray();
        byte[] str = strings.toByteArray();
        int total = STRUCT + st.length + str.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(Fdt.MAGIC).putInt(total).putInt(STRUCT).putInt(STRUCT + st.length).putInt(0x28)
                .putInt(version).putInt(16).putInt(0).putInt(str.length);
        if (version >= 17) {
            b.putInt(st.length);
        }
        b.position(STRUCT);
        b.put(st).put(str);
        return b.array();
    }

    static byte[] setU32(byte[] blob, int off, int v) {
        byte[] c = blob.clone();
        ByteBuffer.wrap(c).putInt(off, v);
        return c;
    }
}
