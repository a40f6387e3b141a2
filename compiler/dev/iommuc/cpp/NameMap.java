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
    private int size;
    /**
     * Per slot, the key's spread hash in the high half and its index + 1 in the low half (0: empty),
     * so a probe reads one array and compares names only on equal hashes; a power of two, at most
     * half full.
     */
    private long[] slots;

    NameMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        slots = new long[cap];
        keys = new String[cap / 2];
        values = new Object[cap / 2];
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
        int at = find(name, spread(name.hashCode()));
        return at < 0 ? null : values[at];
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

    /** Index of {@code name} (hash {@code h}), or -(slot + 1) of the empty slot where it would go. */
    private int find(String name, int h) {
        int mask = slots.length - 1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            long e = slots[s];
            if (e == 0) {
                return -(s + 1);
            }
            if ((int) (e >>> 32) == h) {
                String k = keys[(int) e - 1];
                if (k == name || k.equals(name)) {
                    return (int) e - 1;
                }
            }
        }
    }

    private Object put(String name, Object value, boolean replace) {
        int h = spread(name.hashCode());
        int at = find(name, h);
        if (at >= 0) {
            Object old = values[at];
            if (replace) {
                values[at] = value;
            }
            return old;
        }
        if (size == keys.length) {
            grow();
            at = find(name, h);
        }
        keys[size] = name;
        values[size] = value;
        slots[-at - 1] = (long) h << 32 | ++size;
        return null;
    }

    private void grow() {
        int cap = slots.length * 2;
        keys = java.util.Arrays.copyOf(keys, cap / 2);
        values = java.util.Arrays.copyOf(values, cap / 2);
        long[] old = slots;
        slots = new long[cap];
        int mask = cap - 1;
        for (long e : old) {
            if (e != 0) {
                int s = (int) (e >>> 32) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = e;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
