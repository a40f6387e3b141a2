package dev.iommuc.cpp;

import java.nio.charset.StandardCharsets;

/**
 * One String per distinct identifier spelling of a file (open addressing over the bytes), so the
 * lexer allocates a name once per file rather than once per occurrence.
 */
final class NameTable {

    private String[] table = new String[256];
    private int count;

    String name(byte[] b, int s, int e) {
        int h = hash(b, s, e);
        int mask = table.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            String t = table[i];
            if (t == null) {
                String str = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
                table[i] = str;
                if (++count * 2 > table.length) {
                    rehash();
                }
                return str;
            }
            if (t.length() == e - s && same(t, b, s)) {
                return t;
            }
        }
    }

    private static int hash(byte[] b, int s, int e) {
        int h = 0;
        for (int p = s; p < e; p++) {
            h = 31 * h + b[p];
        }
        return h ^ (h >>> 16);
    }

    private static boolean same(String t, byte[] b, int s) {
        for (int k = 0; k < t.length(); k++) {
            if (t.charAt(k) != b[s + k]) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String t : old) {
            if (t != null) {
                byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
                int i = hash(b, 0, b.length) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = t;
            }
        }
    }
}
