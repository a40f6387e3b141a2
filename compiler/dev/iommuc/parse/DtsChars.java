package dev.iommuc.parse;

/**
 * The character classes of dtc's lexer (dtc-lexer.l) as {@link DtsTokenSource} tests them: digits,
 * hex digits, identifier characters, PROPNODECHAR and path characters. The classes the name and
 * identifier loops test per character are tables, one load per character under C1.
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
}
