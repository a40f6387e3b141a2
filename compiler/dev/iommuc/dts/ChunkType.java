package dev.iommuc.dts;

import dev.iommuc.model.Marker;

/** How a run of value bytes prints: {@code [..]}, {@code <..>}, {@code /bits/ 16|64 <..>} or strings. */
enum ChunkType {
    U8(1), U16(2), U32(4), U64(8), STRING(1);

    final int width;

    ChunkType(int width) {
        this.width = width;
    }

    /** The chunk type a marker starts, or null for markers that do not type the bytes after them. */
    static ChunkType of(Marker.Kind kind) {
        switch (kind) {
            case TYPE_U8: return U8;
            case TYPE_U16: return U16;
            case TYPE_U32: return U32;
            case TYPE_U64: return U64;
            // dtc types an inserted path as a string (the `&ref` piece outside < >).
            case TYPE_STRING:
            case REF_PATH: return STRING;
            default: return null;
        }
    }

    /** Whether {@code n} bytes ending in {@code last} can be printed exactly as this type. */
    boolean fits(int n, byte last) {
        return this == STRING ? n > 0 && last == 0 : n % width == 0;
    }
}
