package dev.iommuc.parse;

/**
 * The character classes of dtc's lexer (dtc-lexer.l) as {@link DtsTokenSource} tests them: digits,
 * hex digits, identifier characters, PROPNODECHAR and path characters, and the runs of them the lexer
 * measures (integers, identifiers, names, comments) over its text as bytes, one per char
 * ({@link #bytes}; ends are exclusive, {@code n} the end of the range lexed). The classes the name
 * and identifier loops test per character are tables, one load per character under C1.
 */
final class DtsChars {

    private DtsChars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return c < 128 && IDENT_PART[c];
    }

    /** dtc's PROPNODECHAR: [a-zA-Z0-9,._+*#?@-]. */
    static boolean isNameChar(char c) {
        return c < 128 && NAME_CHAR[c];
    }

    // the character classes the name and identifier loops test, as tables: one load per character
    private static final boolean[] IDENT_PART = new boolean[128];
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            IDENT_PART[c] = isIdentStart(c) || isDigit(c);
            NAME_CHAR[c] = IDENT_PART[c] || ",.+*#?@-".indexOf(c) >= 0;
        }
    }

    static boolean isPathChar(char c) {
        return isNameChar(c) || c == '/';
    }

    /**
     * {@code text} one byte per char for the lexer's scans: Latin-1 chars as themselves, any char beyond
     * as 0xFF, which is in none of the classes above and so is lexed as they are (the token's text is
     * still read from the String). For the token source over a String of any chars; the pipeline's text
     * comes as bytes ({@link SourceText.Result#bytes}).
     */
    static byte[] bytes(String text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            b[i] = (byte) (c > 0xFF ? 0xFF : c);
        }
        return b;
    }

    /** ( [0-9]+ | '0' [xX] hex+ ) ( U | L | UL | LL | ULL )? with longest match, from {@code i}. */
    static int integerEnd(byte[] b, int n, int i) {
        if (b[i] == '0' && i + 2 < n && (b[i + 1] == 'x' || b[i + 1] == 'X') && isHex((char) (b[i + 2] & 0xff))) {
            i += 2;
            while (i < n && isHex((char) (b[i] & 0xff))) {
                i++;
            }
        } else {
            while (i < n && isDigit((char) (b[i] & 0xff))) {
                i++;
            }
        }
        if (i < n && b[i] == 'U') {
            return i + 1 < n && b[i + 1] == 'L' ? (i + 2 < n && b[i + 2] == 'L' ? i + 3 : i + 2) : i + 1;
        }
        if (i < n && b[i] == 'L') {
            return i + 1 < n && b[i + 1] == 'L' ? i + 2 : i + 1;
        }
        return i;
    }

    /** End of the identifier whose first character is at {@code from}. */
    static int identEnd(byte[] b, int n, int from) {
        int i = from + 1;
        while (i < n && isIdentPart((char) (b[i] & 0xff))) {
            i++;
        }
        return i;
    }

    /** End of the run of PROPNODECHARs from {@code from} (which may be empty). */
    static int nameEnd(byte[] b, int n, int from) {
        int i = from;
        while (i < n && isNameChar((char) (b[i] & 0xff))) {
            i++;
        }
        return i;
    }

    /** Index of the '*' of the first "*\/" at or after {@code from}, or -1. */
    static int commentEnd(byte[] b, int n, int from) {
        for (int i = from; i + 1 < n; i++) {
            if (b[i] == '*' && b[i + 1] == '/') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code word} starts at {@code at}, within the range. */
    static boolean startsWith(byte[] b, int n, int at, byte[] word) {
        return at + word.length <= n && java.util.Arrays.equals(b, at, at + word.length, word, 0, word.length);
    }

    /** ASCII words as bytes. */
    static byte[][] latin1(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return out;
    }
}
