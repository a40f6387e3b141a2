package dev.iommuc.dts;

import java.util.SortedMap;

/**
 * dtc's guess of a value's type when nothing recorded it (values read from a DTB), reference
 * §2.1: a string list if it ends in NUL, every byte is printable or a C escape, NULs do not outnumber
 * the other bytes, and no label sits inside a string; else u32 cells if the length is a multiple of 4
 * and labels sit on cell boundaries; else bytes. Any answer prints the bytes exactly; this one only
 * decides what reads best.
 */
final class ValueGuess {

    private ValueGuess() {
    }

    /** Type for bytes {@code [from, to)}; {@code labels} are offsets within the whole value. */
    static ChunkType guess(byte[] v, int from, int to, SortedMap<Integer, ?> labels) {
        int n = to - from;
        int nul = 0;
        boolean printable = true;
        for (int i = from; i < to; i++) {
            int c = v[i] & 0xff;
            if (c == 0) {
                nul++;
            } else if (!isStringByte(c)) {
                printable = false;
            }
        }
        boolean labelInString = false;
        boolean labelInCell = false;
        for (int off : labels.subMap(from + 1, to).keySet()) {
            labelInString |= v[off - 1] != 0;
            labelInCell |= (off - from) % 4 != 0;
        }
        if (n > 0 && v[to - 1] == 0 && printable && nul <= n - nul && !labelInString) {
            return ChunkType.STRING;
        }
        if (n % 4 == 0 && !labelInCell) {
            return ChunkType.U32;
        }
        return ChunkType.U8;
    }

    /** C isprint() or one of the escapes dtc accepts in a string list: \a \b \t \n \v \f \r. */
    static boolean isStringByte(int c) {
        return (c >= 0x20 && c < 0x7f) || (c >= 7 && c <= 13);
    }
}
