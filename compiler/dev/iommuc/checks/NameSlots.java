package dev.iommuc.checks;

import java.util.Map;

/**
 * The slots of the property names checks are keyed on, as an open-addressing table on the names'
 * cached hashes: {@link TreeFacts} asks it once for every live property of every board, and most
 * names are not there, which one array read and an int compare tell, where the map it is built from
 * took two calls and a hash spread through an unmodifiable view. Immutable.
 */
final class NameSlots {

    private final String[] names;
    private final int[] hashes;
    private final int[] slots;
    private final int mask;

    private NameSlots(int size) {
        names = new String[size];
        hashes = new int[size];
        slots = new int[size];
        mask = size - 1;
    }

    static NameSlots of(Map<String, Integer> slotByName) {
        int size = Integer.highestOneBit(Math.max(4, slotByName.size() * 4 - 1)) << 1; // load at most 1/4
        NameSlots t = new NameSlots(size);
        slotByName.forEach((name, slot) -> {
            int h = name.hashCode();
            int i = h & t.mask;
            while (t.names[i] != null) {
                i = (i + 1) & t.mask;
            }
            t.names[i] = name;
            t.hashes[i] = h;
            t.slots[i] = slot;
        });
        return t;
    }

    /** The slot of {@code name}, or -1. */
    int slot(String name) {
        int h = name.hashCode();
        for (int i = h & mask; names[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && names[i].equals(name)) {
                return slots[i];
            }
        }
        return -1;
    }
}
