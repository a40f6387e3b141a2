package dev.iommuc.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A property value: raw bytes (big-endian cells, NUL-terminated strings, not padded between pieces)
 * plus the markers dtc keeps beside them (reference/dts-language.md §1.5). Immutable: fixups return
 * a new value.
 */
public final class Data {

    public static final Data EMPTY = new Data(new byte[0], List.of());

    private final byte[] bytes;
    private final List<Marker> markers;

    public Data(byte[] bytes, List<Marker> markers) {
        this.bytes = bytes;
        this.markers = List.copyOf(markers);
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public List<Marker> markers() {
        return markers;
    }

    public boolean hasMarker(Marker.Kind kind) {
        for (Marker m : markers) {
            if (m.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** Big-endian 32-bit cell at byte offset {@code off}. */
    public int cell(int off) {
        return ((bytes[off] & 0xff) << 24) | ((bytes[off + 1] & 0xff) << 16)
                | ((bytes[off + 2] & 0xff) << 8) | (bytes[off + 3] & 0xff);
    }

    /** A copy with the 4-byte slot at {@code off} set to {@code value}. */
    public Data withCell(int off, int value) {
        byte[] b = bytes.clone();
        b[off] = (byte) (value >>> 24);
        b[off + 1] = (byte) (value >>> 16);
        b[off + 2] = (byte) (value >>> 8);
        b[off + 3] = (byte) value;
        return new Data(b, markers);
    }

    /** Inserts {@code extra} at {@code off}; markers after the insertion point move (dtc data_insert_at_marker). */
    public Data insertAt(Marker at, byte[] extra) {
        int off = at.offset();
        byte[] b = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, b, 0, off);
        System.arraycopy(extra, 0, b, off, extra.length);
        System.arraycopy(bytes, off, b, off + extra.length, bytes.length - off);
        List<Marker> ms = new ArrayList<>(markers.size());
        boolean passed = false;
        for (Marker m : markers) {
            if (passed) {
                ms.add(m.at(m.offset() + extra.length));
            } else {
                ms.add(m);
            }
            if (m == at) {
                passed = true;
            }
        }
        return new Data(b, ms);
    }

    /** The value as a string when it is exactly one NUL-terminated string; otherwise null. */
    public String asString() {
        if (bytes.length == 0 || bytes[bytes.length - 1] != 0) {
            return null;
        }
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        return new String(bytes, 0, bytes.length - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** NUL-separated strings of a string-list value (the last must be terminated); null if malformed. */
    public List<String> asStrings() {
        if (bytes.length == 0 || bytes[bytes.length - 1] != 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && Arrays.equals(bytes, d.bytes) && markers.equals(d.markers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
