package dev.iommuc.dtb;

import java.util.HashMap;
import java.util.Map;

/**
 * The strings block as dtc 1.6.1 builds it (reference/dts-language.md §2.2): names in order of first
 * use, but a name that equals the NUL-terminated tail of something already stored reuses the
 * <em>first</em> such offset ({@code phandle} after {@code linux,phandle} points 6 bytes into it).
 * dtc finds it by scanning every byte offset of the table for each name; here every suffix of each
 * stored name is remembered once, so a lookup is one hash probe and the table is built in time
 * linear in the stored bytes (times the name length for hashing). Names are Latin-1 byte strings.
 */
final class StringTable {

    private final Map<String, Integer> offsets = new HashMap<>();
    private final ByteSink block = new ByteSink(256);

    /** Offset of {@code name} in the block, appending it if no stored tail equals it. */
    int offsetOf(String name) {
        Integer off = offsets.get(name);
        if (off != null) {
            return off;
        }
        int base = block.length();
        block.latin1(name);
        block.zeros(1);
        // Offsets only grow, so putIfAbsent keeps the first (lowest) offset of each tail, as dtc's scan finds it.
        for (int k = 0; k <= name.length(); k++) {
            offsets.putIfAbsent(name.substring(k), base + k);
        }
        return base;
    }

    int size() {
        return block.length();
    }

    byte[] toArray() {
        return block.toArray();
    }
}
