package dev.iommuc.checks;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The open-addressing table answers as the map it is built from, colliding hashes included. */
class NameSlotsTest {

    @Test
    void answersAsTheMap() {
        Map<String, Integer> keys = CheckRegistry.keySlots();
        NameSlots t = CheckRegistry.keyNameSlots();
        keys.forEach((name, slot) -> assertEquals(slot, t.slot(name), name));
        for (String other : List.of("", "regs", "#address-cell", "compatible ", "status2", "phandle", "interrupt")) {
            assertEquals(keys.getOrDefault(other, -1), t.slot(other), other);
        }
    }

    @Test
    void collidingHashesAndWrapAround() {
        // "Aa" and "BB" share a hash, as do "AaAa", "AaBB", "BBAa", "BBBB"
        Map<String, Integer> m = new LinkedHashMap<>();
        List<String> names = List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB");
        for (String n : names) {
            m.put(n, m.size());
        }
        NameSlots t = NameSlots.of(m);
        for (String n : names) {
            assertEquals(m.get(n), t.slot(n), n);
        }
        assertEquals(-1, t.slot("Ab"));
        assertEquals(-1, t.slot("AaAb"));
    }
}
