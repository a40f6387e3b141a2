package dev.iommuc.cpp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link NameMap} behaves as a {@link LinkedHashMap} under the three writes the memo makes: first
 * answer wins ({@code putIfAbsent}), last answer wins in the first place ({@code put}), and folding one
 * map into another ({@code putAll}); names equal but not identical (each file has its own strings,
 * and names of one hash) must meet in one entry.
 */
class NameMapTest {

    @Test
    void followsLinkedHashMapOverRandomWrites() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200; round++) {
            int names = 1 + rnd.nextInt(round < 100 ? 20 : 2000);
            NameMap ours = new NameMap(1 + rnd.nextInt(300));
            Map<String, Object> theirs = new LinkedHashMap<>();
            for (int op = 0; op < 3 * names; op++) {
                // a fresh String each time: equal names, distinct objects
                String name = new String(("M" + rnd.nextInt(names)).toCharArray());
                Object value = rnd.nextInt(4) == 0 ? MemoRecorder.UNDEFINED : Integer.valueOf(rnd.nextInt(1000));
                switch (rnd.nextInt(3)) {
                    case 0 -> assertSame(theirs.putIfAbsent(name, value), ours.putIfAbsent(name, value));
                    case 1 -> {
                        theirs.put(name, value);
                        ours.put(name, value);
                    }
                    default -> {
                        NameMap inner = new NameMap(4);
                        Map<String, Object> innerTheirs = new LinkedHashMap<>();
                        for (int k = rnd.nextInt(5); k > 0; k--) {
                            String n2 = "M" + rnd.nextInt(names);
                            inner.put(n2, value);
                            innerTheirs.put(n2, value);
                        }
                        ours.putAll(inner);
                        theirs.putAll(innerTheirs);
                    }
                }
            }
            assertSameContents(theirs, ours);
        }
    }

    @Test
    void collidingHashesStayApart() {
        // "Aa" and "BB" share a hash code, as do all their concatenations
        List<String> names = new ArrayList<>();
        for (String a : List.of("Aa", "BB")) {
            for (String b : List.of("Aa", "BB")) {
                for (String c : List.of("Aa", "BB")) {
                    names.add(a + b + c);
                }
            }
        }
        NameMap map = new NameMap(1);
        for (int i = 0; i < names.size(); i++) {
            assertNull(map.putIfAbsent(names.get(i), i));
        }
        for (int i = 0; i < names.size(); i++) {
            assertEquals(i, map.get(new String(names.get(i).toCharArray())));
            assertEquals(names.get(i), map.key(i));
        }
        assertNull(map.get("AaAaAb"));
        assertEquals(8, map.size());
    }

    private static void assertSameContents(Map<String, Object> expected, NameMap actual) {
        assertEquals(expected.size(), actual.size());
        int i = 0;
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertEquals(e.getKey(), actual.key(i));
            assertSame(e.getValue(), actual.value(i));
            assertSame(e.getValue(), actual.get(e.getKey()));
            i++;
        }
    }
}
