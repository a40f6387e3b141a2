package dev.iommuc.cpp;

/**
 * An insertion-ordered map from macro names to values, for a {@link MemoRecorder}'s bookkeeping:
 * keys and values sit in two arrays in the order they came, found through an open-addressing table
 * of their indexes. Every macro look-up of a memoised include lands here, once per enclosing include,
 * so the map is on the preprocessor's hot path: a {@code HashMap} allocated a node per name and
 * rehashed its node chains as it grew (4 % of a corpus check's CPU, docs/performance.md), and
 * turning it into the memo's arrays walked those nodes once more. No removal: the memo never needs it.
 */
final class NameMap {

    private String[] keys;
    private Object[] values;
    /** The keys' spread hashes, so a probe compares a hash before it compares names. */
    private int[] hashes;
    private int size;
    /** Index + 1 of the key hashed to each slot, 0 for none; a power of two, at most half full. */
    private int[] slots;

    NameMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        slots = new int[cap];
        keys = new String[cap / 2];
        values = new Object[cap / 2];
        hashes = new int[cap / 2];
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }

    Object value(int i) {
        return values[i];
    }

    /** The value held for {@code name}, or null. */
    Object get(String name) {
        int h = spread(name.hashCode());
        int mask = slots.length - 1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int at = slots[s];
            if (at == 0) {
                return null;
            }
            if (hashes[at - 1] == h && name.equals(keys[at - 1])) {
                return values[at - 1];
            }
        }
    }

    /** Adds {@code name -> value} unless the name is held; returns the value held before, or null. */
    Object putIfAbsent(String name, Object value) {
        return put(name, value, false);
    }

    /** Sets {@code name -> value}; a name already held keeps its place in the order (as LinkedHashMap). */
    void put(String name, Object value) {
        put(name, value, true);
    }

    /** Puts every entry of {@code other}, in its order. */
    void putAll(NameMap other) {
        for (int i = 0; i < other.size; i++) {
            put(other.keys[i], other.values[i], true);
        }
    }

    private Object put(String name, Object value, boolean replace) {
        int h = spread(name.hashCode());
        int mask = slots.length - 1;
        int s = h & mask;
        for (; ; s = (s + 1) & mask) {
            int at = slots[s];
            if (at == 0) {
                break;
            }
            String k = keys[at - 1];
            if (k == name || hashes[at - 1] == h && k.equals(name)) {
                Object old = values[at - 1];
                if (replace) {
                    values[at - 1] = value;
                }
                return old;
            }
        }
        if (size == keys.length) {
            grow();
            return put(name, value, replace);
        }
        keys[size] = name;
        values[size] = value;
        hashes[size] = h;
        slots[s] = ++size;
        return null;
    }

    private void grow() {
        int cap = slots.length * 2;
        keys = java.util.Arrays.copyOf(keys, cap / 2);
        values = java.util.Arrays.copyOf(values, cap / 2);
        hashes = java.util.Arrays.copyOf(hashes, cap / 2);
        slots = new int[cap];
        int mask = cap - 1;
        for (int i = 0; i < size; i++) {
            int s = hashes[i] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = i + 1;
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
