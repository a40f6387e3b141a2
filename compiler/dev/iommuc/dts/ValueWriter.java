package dev.iommuc.dts;

import dev.iommuc.model.Data;
import dev.iommuc.model.Marker;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Prints a non-empty property value as DTS chunks ({@code " <0x01 0x02>, \"a\", [0a 0b]"}), reference
 * §2.1. The value is cut at its type markers (the syntax it came from) and each run is printed as that
 * type; a run without a marker (DTB input), or whose length does not suit its marker, is guessed
 * instead. Whatever the chunking, the printed chunks concatenate to exactly the value's bytes, since
 * DTS pieces are neither padded nor aligned. Phandle slots print as the numbers they hold; value
 * labels print where they fall on an element boundary and are dropped elsewhere.
 */
final class ValueWriter {

    private final StringBuilder sb;
    private final byte[] v;
    private final SortedMap<Integer, List<String>> labels = new TreeMap<>();
    private boolean first = true;

    private ValueWriter(StringBuilder sb, Data d) {
        this.sb = sb;
        this.v = d.bytes();
    }

    /** Appends {@code " = chunk, chunk"} (without the {@code ;}) for a value of at least one byte. */
    static void write(StringBuilder sb, Data d) {
        new ValueWriter(sb, d).run(d.markers());
    }

    private void run(List<Marker> markers) {
        int len = v.length;
        TreeMap<Integer, ChunkType> starts = new TreeMap<>();
        for (Marker m : markers) {
            int off = m.offset();
            if (m.kind() == Marker.Kind.LABEL) {
                if (off >= 0 && off <= len) {
                    labels.computeIfAbsent(off, k -> new ArrayList<>(1)).add(m.ref());
                }
            } else {
                ChunkType t = ChunkType.of(m.kind());
                if (t != null && off >= 0 && off < len) {
                    starts.put(off, t);
                }
            }
        }
        sb.append(" =");
        int from = 0;
        ChunkType type = null;
        for (var e : starts.entrySet()) {
            if (e.getKey() > from) {
                chunk(from, e.getKey(), type);
            }
            from = e.getKey();
            type = e.getValue();
        }
        chunk(from, len, type);
        List<String> trailing = labels.get(len);
        if (trailing != null) {
            for (String l : trailing) {
                sb.append(' ').append(l).append(':');
            }
        }
    }

    private void chunk(int from, int to, ChunkType declared) {
        ChunkType t = declared != null && declared.fits(to - from, v[to - 1])
                ? declared : ValueGuess.guess(v, from, to, labels);
        if (t == ChunkType.STRING) {
            strings(from, to);
            return;
        }
        begin(from);
        if (t == ChunkType.U8) {
            sb.append('[');
            for (int i = from; i < to; i++) {
                if (i > from) {
                    sb.append(' ');
                    inner(i);
                }
                DtsStrings.byteHex(sb, v[i]);
            }
            sb.append(']');
            return;
        }
        if (t != ChunkType.U32) {
            sb.append("/bits/ ").append(t.width * 8).append(' ');
        }
        sb.append('<');
        for (int i = from; i < to; i += t.width) {
            if (i > from) {
                sb.append(' ');
                inner(i);
            }
            long x = 0;
            for (int k = 0; k < t.width; k++) {
                x = (x << 8) | (v[i + k] & 0xff);
            }
            DtsStrings.hex(sb, x);
        }
        sb.append('>');
    }

    /** One quoted string per NUL-terminated piece; no embedded {@code \0} escapes are ever needed. */
    private void strings(int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (v[i] == 0) {
                begin(start);
                DtsStrings.quote(sb, v, start, i);
                start = i + 1;
            }
        }
    }

    /** Separator and the labels of the chunk starting at {@code off}. */
    private void begin(int off) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append(' ');
        List<String> ls = labels.get(off);
        if (ls != null) {
            for (String l : ls) {
                sb.append(l).append(": ");
            }
        }
    }

    /** Labels of an element inside {@code < >} or {@code [ ]}. */
    private void inner(int off) {
        List<String> ls = labels.get(off);
        if (ls != null) {
            for (String l : ls) {
                sb.append(l).append(": ");
            }
        }
    }
}
