package dev.iommuc.cpp;

/**
 * Preprocessing-token kinds and the C punctuator table, in the order the paste-avoidance rule needs:
 * the first fourteen kinds are exactly the operators that form a new token when followed by {@code =}.
 * Also holds the rule deciding whether two adjacent tokens must be printed with a space between
 * them so that re-lexing the output cannot glue them into one (GNU cpp's "avoid paste" rule).
 */
final class Tk {

    private Tk() {
    }

    // Operators that take a following '=' (keep first, LAST_EQ marks the end).
    static final byte EQ = 0, NOT = 1, GREATER = 2, LESS = 3, PLUS = 4, MINUS = 5, MULT = 6, DIV = 7,
            MOD = 8, AND = 9, OR = 10, XOR = 11, RSHIFT = 12, LSHIFT = 13;
    static final byte LAST_EQ = LSHIFT;
    static final byte COMPL = 14, AND_AND = 15, OR_OR = 16, QUERY = 17, COLON = 18, COMMA = 19,
            OPEN_PAREN = 20, CLOSE_PAREN = 21, EQ_EQ = 22, NOT_EQ = 23, GREATER_EQ = 24, LESS_EQ = 25,
            PLUS_EQ = 26, MINUS_EQ = 27, MULT_EQ = 28, DIV_EQ = 29, MOD_EQ = 30, AND_EQ = 31, OR_EQ = 32,
            XOR_EQ = 33, RSHIFT_EQ = 34, LSHIFT_EQ = 35, HASH = 36, PASTE = 37, OPEN_SQUARE = 38,
            CLOSE_SQUARE = 39, OPEN_BRACE = 40, CLOSE_BRACE = 41, SEMICOLON = 42, ELLIPSIS = 43,
            PLUS_PLUS = 44, MINUS_MINUS = 45, DEREF = 46, DOT = 47;
    static final byte LAST_PUNCT = DOT;
    /** Identifier, pp-number, character constants, string literals, any other single character. */
    static final byte NAME = 48, NUMBER = 49, CHAR = 50, WCHAR = 51, STRING = 52, WSTRING = 53, OTHER = 54;
    /** Engine-only kinds: padding (spacing bookkeeping inside expansions) and end of input. */
    static final byte PADDING = 55, EOF = 56;

    /** Spellings of the punctuators, indexed by kind. */
    static final String[] PUNCT = {
        "=", "!", ">", "<", "+", "-", "*", "/", "%", "&", "|", "^", ">>", "<<",
        "~", "&&", "||", "?", ":", ",", "(", ")", "==", "!=", ">=", "<=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ">>=", "<<=", "#", "##", "[",
        "]", "{", "}", ";", "...", "++", "--", "->", ".",
    };

    static boolean isPunct(int kind) {
        return kind <= LAST_PUNCT;
    }

    static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** Identifier characters in assembler-with-cpp mode: no {@code $} (GNU cpp turns it off for assembly). */
    static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean allIdChars(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isIdChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigitInt(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Scans the punctuator at {@code p} (known not to start an identifier, number, quote or comment)
     * and returns {@code kind << 8 | length}, or -1 if the character is no punctuator (an "other" char).
     * Digraphs are off in assembler mode, as in GNU cpp.
     */
    static int punct(byte[] s, int p, int n) {
        byte c = s[p];
        byte d = p + 1 < n ? s[p + 1] : 0;
        byte e = p + 2 < n ? s[p + 2] : 0;
        switch (c) {
            case '=': return d == '=' ? pk(EQ_EQ, 2) : pk(EQ, 1);
            case '!': return d == '=' ? pk(NOT_EQ, 2) : pk(NOT, 1);
            case '>':
                if (d == '>') return e == '=' ? pk(RSHIFT_EQ, 3) : pk(RSHIFT, 2);
                return d == '=' ? pk(GREATER_EQ, 2) : pk(GREATER, 1);
            case '<':
                if (d == '<') return e == '=' ? pk(LSHIFT_EQ, 3) : pk(LSHIFT, 2);
                return d == '=' ? pk(LESS_EQ, 2) : pk(LESS, 1);
            case '+':
                if (d == '+') return pk(PLUS_PLUS, 2);
                return d == '=' ? pk(PLUS_EQ, 2) : pk(PLUS, 1);
            case '-':
                if (d == '-') return pk(MINUS_MINUS, 2);
                if (d == '>') return pk(DEREF, 2);
                return d == '=' ? pk(MINUS_EQ, 2) : pk(MINUS, 1);
            case '*': return d == '=' ? pk(MULT_EQ, 2) : pk(MULT, 1);
            case '/': return d == '=' ? pk(DIV_EQ, 2) : pk(DIV, 1);
            case '%': return d == '=' ? pk(MOD_EQ, 2) : pk(MOD, 1);
            case '&':
                if (d == '&') return pk(AND_AND, 2);
                return d == '=' ? pk(AND_EQ, 2) : pk(AND, 1);
            case '|':
                if (d == '|') return pk(OR_OR, 2);
                return d == '=' ? pk(OR_EQ, 2) : pk(OR, 1);
            case '^': return d == '=' ? pk(XOR_EQ, 2) : pk(XOR, 1);
            case '~': return pk(COMPL, 1);
            case '?': return pk(QUERY, 1);
            case ':': return pk(COLON, 1);
            case ',': return pk(COMMA, 1);
            case '(': return pk(OPEN_PAREN, 1);
            case ')': return pk(CLOSE_PAREN, 1);
            case '#': return d == '#' ? pk(PASTE, 2) : pk(HASH, 1);
            case '[': return pk(OPEN_SQUARE, 1);
            case ']': return pk(CLOSE_SQUARE, 1);
            case '{': return pk(OPEN_BRACE, 1);
            case '}': return pk(CLOSE_BRACE, 1);
            case ';': return pk(SEMICOLON, 1);
            case '.': return d == '.' && e == '.' ? pk(ELLIPSIS, 3) : pk(DOT, 1);
            default: return -1;
        }
    }

    private static int pk(byte kind, int len) {
        return kind << 8 | len;
    }

    /**
     * Whether printing token {@code a} immediately followed by token {@code b} could lex differently
     * (so a space must separate them). {@code aFirst}/{@code bFirst} are the tokens' first characters;
     * {@code bAllIdChars} says whether {@code b} consists only of identifier characters (only consulted
     * for a number after a name). Mirrors GNU cpp's rule, which is deliberately conservative ({@code 2 +}).
     */
    static boolean avoidPaste(int a, char aFirst, int b, char bFirst, boolean bAllIdChars) {
        int c = isPunct(b) ? bFirst : -1;
        if (a <= LAST_EQ && c == '=') {
            return true;
        }
        switch (a) {
            case GREATER: return c == '>';
            case LESS: return c == '<' || c == '%' || c == ':';
            case PLUS: return c == '+';
            case MINUS: return c == '-' || c == '>';
            case DIV: return c == '/' || c == '*';
            case MOD: return c == ':' || c == '%';
            case AND: return c == '&';
            case OR: return c == '|';
            case COLON: return c == ':' || c == '>';
            case DEREF: return c == '*';
            case DOT: return c == '.' || c == '%' || b == NUMBER;
            case HASH: return c == '#' || c == '%';
            case NAME: return (b == NUMBER && bAllIdChars) || b == NAME || b == CHAR || b == STRING;
            case NUMBER: return b == NUMBER || b == NAME || b == CHAR || c == '.' || c == '+' || c == '-';
            case OTHER: return aFirst == '\\' && b == NAME;
            default: return false;
        }
    }
}
