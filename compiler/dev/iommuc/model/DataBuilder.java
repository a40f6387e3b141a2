package dev.iommuc.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Appends pieces of a property value (dtc's data_append_* family). */
public final class DataBuilder {

    private byte[] buf = new byte[16];
    private int len;
    private final List<Marker> markers = new ArrayList<>(2);

    public int length() {
        return len;
    }

    public DataBuilder marker(Marker.Kind kind, String ref) {
        markers.add(new Marker(kind, len, ref));
        return this;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public DataBuilder bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public DataBuilder bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public DataBuilder u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    /** Appends the low {@code bits} bits of {@code v} big-endian. */
    public DataBuilder integer(long v, int bits) {
        int n = bits / 8;
        ensure(n);
        for (int i = n - 1; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public DataBuilder cell(int v) {
        return integer(v & 0xffffffffL, 32);
    }

    /** Appends another value, shifting its markers (dtc data_merge). */
    public DataBuilder append(Data d) {
        int base = len;
        bytes(d.bytes());
        List<Marker> ms = d.markers();
        for (int mI = 0; mI < ms.size(); mI++) {
            Marker m = ms.get(mI);
            markers.add(m.at(m.offset() + base));
        }
        return this;
    }

    public Data build() {
        return new Data(Arrays.copyOf(buf, len), markers);
    }
}
