package dev.iommuc.dtb;

import java.util.Arrays;

/** A growable big-endian byte buffer for building blobs without per-byte stream overhead. */
final class ByteSink {

    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int length() {
        return len;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void u32(int v) {
        ensure(4);
        buf[len] = (byte) (v >>> 24);
        buf[len + 1] = (byte) (v >>> 16);
        buf[len + 2] = (byte) (v >>> 8);
        buf[len + 3] = (byte) v;
        len += 4;
    }

    void u64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Latin-1 characters, one byte each: names are byte strings in the model. */
    void latin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void zeros(int n) {
        ensure(n);
        // Fresh capacity is zero-filled, but a sink is never rewound, so the bytes are already 0.
        len += n;
    }

    /** Zero-pads to the next multiple of 4 (structure-block alignment). */
    void align4() {
        zeros(Fdt.align4(len) - len);
    }

    /** Overwrites the u32 at {@code off} (header fields known only at the end). */
    void putU32(int off, int v) {
        buf[off] = (byte) (v >>> 24);
        buf[off + 1] = (byte) (v >>> 16);
        buf[off + 2] = (byte) (v >>> 8);
        buf[off + 3] = (byte) v;
    }

    byte[] toArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
}
