package dev.iommuc.parse;


/**
 * Decoding of DTS literals exactly as dtc's lexer does (reference/dts-language.md §1.2): escapes
 * in strings and char literals (data_copy_escape_string) and integer literals read with C
 * {@code strtoull(…, 0)} semantics (leading 0 = octal).
 */
final class Literals {

    private Literals() {
    }

    /** Result of reading an integer literal: value, or an error message. */
    record IntLit(long value, String error) {
    }

    /** Decodes the body of a string or char literal (without the quotes) to bytes. */
    static byte[] unescape(String s, int from, int to) {
        // escapes only shrink the text: one array of its length, no stream (ByteArrayOutputStream
        // locks on every byte, which C1 does not elide)
        byte[] b = new byte[Math.max(0, to - from)];
        int o = 0;
        int i = from;
        while (i < to) {
            char c = s.charAt(i++);
            if (c != '\\') {
                b[o++] = (byte) c;
                continue;
            }
            if (i >= to) {
                b[o++] = (byte) '\\';
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'a' -> b[o++] = (byte) 7;
                case 'b' -> b[o++] = (byte) 8;
                case 't' -> b[o++] = (byte) 9;
                case 'n' -> b[o++] = (byte) 10;
                case 'v' -> b[o++] = (byte) 11;
                case 'f' -> b[o++] = (byte) 12;
                case 'r' -> b[o++] = (byte) 13;
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && i < to && Character.digit(s.charAt(i), 16) >= 0) {
                        v = v * 16 + Character.digit(s.charAt(i++), 16);
                        n++;
                    }
                    b[o++] = (byte) v;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int n = 1;
                        while (n < 3 && i < to && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                            v = v * 8 + (s.charAt(i++) - '0');
                            n++;
                        }
                        b[o++] = (byte) v;
                    } else {
                        b[o++] = (byte) e;
                    }
                }
            }
        }
        return o == b.length ? b : java.util.Arrays.copyOf(b, o);
    }

    /** C strtoull(text, 0) plus dtc's checks: "Bad integer literal" and "out of range". */
    static IntLit integer(String text) {
        int end = text.length();
        while (end > 0 && "ULul".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        String digits = text.substring(0, end);
        int radix = 10;
        int start = 0;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            if (digits.charAt(1) == 'x' || digits.charAt(1) == 'X') {
                radix = 16;
                start = 2;
            } else {
                radix = 8;
                start = 1;
            }
        }
        String body = digits.substring(start);
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), radix) < 0) {
                return new IntLit(0, "Bad integer literal '" + text + "'");
            }
        }
        if (body.isEmpty()) {
            return new IntLit(0, null);
        }
        try {
            return new IntLit(Long.parseUnsignedLong(body, radix), null);
        } catch (NumberFormatException e) {
            return new IntLit(-1L, "Integer literal '" + text + "' out of range");
        }
    }
}
